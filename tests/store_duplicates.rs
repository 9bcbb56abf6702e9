//! The same person across spellings and scripts, through the store: the register's search
//! finds spelling variants after the exact and prefix matches, and people by birth date; the
//! duplicate check ranks the same person first, other birth dates below, strangers absent;
//! a register from before the name keys gets them at its first open.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, TimeZone, Utc};
use sportello::domain::duplicates::{Probe, Reason};
use sportello::domain::person::{PersonName, PersonRecord, Sex};
use sportello::store::Store;
use uuid::Uuid;

fn rec(surname: &str, given: &str, birth: &str, sex: Sex) -> PersonRecord {
    PersonRecord {
        id: Uuid::now_v7(),
        names: vec![PersonName {
            surname: surname.into(),
            given: given.into(),
            kind: "document".into(),
        }],
        birth_date: NaiveDate::parse_from_str(birth, "%Y-%m-%d").ok(),
        sex: Some(sex),
        birth_country: None,
        tax_code: None,
        phones: Vec::new(),
        permit_number: None,
        permit_expiry: None,
        data: serde_json::Map::new(),
    }
}

struct Reg {
    _dir: tempfile::TempDir,
    store: Store,
    same: Uuid,
    older: Uuid,
    n: i64,
}

impl Reg {
    fn new() -> Reg {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("d.db")).unwrap();
        let mut r = Reg {
            _dir: dir,
            store,
            same: Uuid::nil(),
            older: Uuid::nil(),
            n: 0,
        };
        r.same = r.add(rec("AL-HASSAN", "Mohammed", "1990-01-01", Sex::M));
        r.older = r.add(rec("Al Hassan", "Mohamed", "1971-05-05", Sex::M));
        r.add(rec("Diallo", "Mohamed", "1990-01-01", Sex::M));
        r.add(rec("Rossi", "Mario", "1990-01-01", Sex::M));
        r.add(rec("Hailu", "Mulu", "1992-03-04", Sex::F));
        for i in 0..300 {
            r.add(rec(&format!("Filler{i}"), "Ahmed", "1980-02-02", Sex::M));
        }
        r
    }

    fn add(&mut self, p: PersonRecord) -> Uuid {
        self.n += 1;
        let at =
            Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap() + chrono::Duration::minutes(self.n);
        self.store.save_person(&p, "op", at, None).unwrap();
        p.id
    }

    fn search(&self, q: &str) -> Vec<Uuid> {
        self.store
            .search(q, 0, 50, false)
            .unwrap()
            .rows
            .iter()
            .map(|r| r.id)
            .collect()
    }
}

#[test]
fn intake_spellings_and_scripts_find_the_same_person_first() {
    let r = Reg::new();
    let cases = [
        ("ALHASSAN", "Mohamed"),
        ("AL HASAN", "Muhammad"),
        ("El Hassan", "Mohammad"),
        ("Mohammed", "Al-Hassan"),
        ("الحسن", "محمد"),
    ];
    for (s, g) in cases {
        let probe = Probe {
            surname: s.into(),
            given: g.into(),
            birth: NaiveDate::from_ymd_opt(1990, 1, 1),
            sex: Some(Sex::M),
            ..Probe::default()
        };
        let m = r.store.possible_duplicates(&probe, None, 6).unwrap();
        let ids: Vec<Uuid> = m.iter().map(|m| m.person.id).collect();
        assert_eq!(ids, vec![r.same, r.older], "{s} {g}: {m:#?}");
        assert!(m[0].reasons.contains(&Reason::SameBirthDate));
        assert!(m[1].reasons.contains(&Reason::OtherBirthDate));
    }
    // The record being edited is left out.
    let probe = Probe {
        surname: "AL-HASSAN".into(),
        given: "Mohammed".into(),
        ..Probe::default()
    };
    let m = r
        .store
        .possible_duplicates(&probe, Some(r.same), 6)
        .unwrap();
    assert!(m.iter().all(|m| m.person.id != r.same));
}

#[test]
fn a_same_tax_code_or_phone_is_found_whatever_the_name() {
    let mut r = Reg::new();
    let mut p = rec("Tesfaye", "Almaz", "1988-02-02", Sex::F);
    p.tax_code = Some("TSFLMZ88B42Z315X".into());
    p.phones = vec!["+39 333 765 4321".into()];
    let id = r.add(p);
    let probe = Probe {
        surname: "Zzz".into(),
        given: "Qqq".into(),
        tax_code: Some("tsflmz88b42z315x".into()),
        ..Probe::default()
    };
    let m = r.store.possible_duplicates(&probe, None, 6).unwrap();
    assert_eq!(m.first().map(|m| m.person.id), Some(id), "{m:#?}");
    assert_eq!(m[0].reasons[0], Reason::SameTaxCode);
    let probe = Probe {
        phones: vec!["3337654321".into()],
        ..Probe::default()
    };
    let m = r.store.possible_duplicates(&probe, None, 6).unwrap();
    assert_eq!(m.first().map(|m| m.person.id), Some(id));
    assert_eq!(m[0].reasons[0], Reason::SamePhone);
}

#[test]
fn search_finds_spelling_variants_after_exact_matches_and_people_by_birth_date() {
    let mut r = Reg::new();
    let exact = r.add(rec("Alhassan", "Karim", "2000-01-01", Sex::M));
    let found = r.search("alhassan");
    assert_eq!(found.first(), Some(&exact), "the exact spelling first");
    assert!(
        found.contains(&r.same) && found.contains(&r.older),
        "{found:?}"
    );
    let found = r.search("al hasan muhammad");
    assert!(found.contains(&r.same), "{found:?}");
    let born = r.search("01/01/1990");
    assert_eq!(born.len(), 3, "{born:?}");
    assert!(born.contains(&r.same));
    assert_eq!(r.search("1990-01-01"), born);
    assert_eq!(r.search("alhassan 01/01/1990"), vec![r.same]);
    // Counting sees the third pass too.
    let page = r.store.search("alhassan", 0, 50, true).unwrap();
    assert_eq!(
        page.total.map(|c| format!("{c:?}")),
        Some("Exact(3)".into())
    );
    // Pages cross into the third pass once each.
    let mut paged = Vec::new();
    for off in 0..3 {
        paged.extend(
            r.store
                .search("alhassan", off, 1, false)
                .unwrap()
                .rows
                .iter()
                .map(|r| r.id),
        );
    }
    assert_eq!(paged, r.search("alhassan"));
}

#[test]
fn a_register_from_before_the_keys_gets_them_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        let p = rec("AL-HASSAN", "Mohammed", "1990-01-01", Sex::M);
        s.save_person(&p, "op", Utc::now(), None).unwrap();
        p.id
    };
    {
        // As a file written before schema step 11 would be: no keys, the marker set.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DELETE FROM people_keys;
             INSERT INTO desk (key, value) VALUES ('pending.name_keys', '1');",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    let ids: Vec<Uuid> = s
        .search("alhasan", 0, 10, false)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, vec![id]);
}
