//! Erasing a person: none of their values stays in any table, the search index, the drafts,
//! the journal or the file's free pages; the audit trail still verifies; the anonymous
//! counts for funders are the same; a person with an open case is refused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, Utc};
use serde_json::{Map, Value, json};
use sportello::domain::case::Step;
use sportello::domain::person::{PersonName, PersonRecord};
use sportello::service::{cases, follow_ups, gdpr, referrals};
use sportello::store::Store;
use sportello::words::Said;
use uuid::Uuid;

const SECRETS: &[&str] = &[
    "Zyxwabc",
    "ZYXWABC",
    "Qwertina",
    "3339876543",
    "ZYXQWR90A41H501K",
    "Timbuktoo",
    "secretnote123",
    "secretreason456",
    "secretfollow789",
    "Employerzzz",
    "PERM-777123",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn doc(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

/// A person with distinctive values everywhere a value can go, taken along the path and
/// closed. Returns their id and the case's.
fn person_along_the_path(s: &mut Store) -> (Uuid, Uuid) {
    let id = Uuid::now_v7();
    let data = doc(json!({
        "surname": "Zyxwabc", "given_names": "Qwertina", "sex": "F",
        "birth_date": "1990-01-01", "birth_country": "ML", "birth_place": "Timbuktoo",
        "citizenship": "ML", "legal_status": "refugee", "permit_number": "PERM-777123",
        "consent_given": true, "consent_date": "2039-01-13",
        "consent_scopes": ["network_sharing"],
    }));
    let rec = PersonRecord {
        id,
        names: vec![PersonName {
            surname: "Zyxwabc".into(),
            given: "Qwertina".into(),
            kind: "document".into(),
        }],
        birth_date: NaiveDate::from_ymd_opt(1990, 1, 1),
        sex: None,
        birth_country: Some("ML".into()),
        tax_code: Some("ZYXQWR90A41H501K".into()),
        phones: vec!["+39 333 9876543".into()],
        permit_number: Some("PERM-777123".into()),
        permit_expiry: NaiveDate::from_ymd_opt(2041, 7, 19),
        data,
    };
    s.save_person(&rec, "anna", Utc::now(), None).unwrap();
    let case = s.cases_for(id).unwrap()[0].id;
    let orientation = doc(json!({"barrier_language": "high", "notes": "secretnote123"}));
    cases::save_step_form(s, case, Step::Orientation, &orientation, today(), "anna").unwrap();
    let partner = s.find_partners("", &[], 1).unwrap().remove(0).id;
    let r = doc(
        json!({"partner": partner.to_string(), "service": "Corso", "reason": "secretreason456"}),
    );
    referrals::create(s, case, &r, today(), "anna").unwrap();
    let f = doc(json!({"due_on": "2026-11-30", "kind": "call", "note": "secretfollow789"}));
    follow_ups::schedule(s, case, &f, "anna").unwrap();
    let closure = doc(json!({
        "outcome": "employed", "outcome_date": "2026-11-20", "contract_type": "permanent",
        "employer": "Employerzzz", "start_date": "2026-11-20", "settle_referrals": true,
    }));
    cases::close_case(s, case, &closure, today(), "anna").unwrap();
    (id, case)
}

fn holds(bytes: &[u8], s: &str) -> bool {
    bytes.windows(s.len()).any(|w| w == s.as_bytes())
}

/// Every text and blob value of every table (the FTS index's own tables included).
fn every_value(path: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut all = String::new();
    for t in tables {
        let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(b) | rusqlite::types::ValueRef::Blob(b) => {
                        all.push_str(&String::from_utf8_lossy(b));
                        all.push('\n');
                    }
                    _ => {}
                }
            }
        }
    }
    all
}

/// Every text value of one table.
fn every_value_of(path: &std::path::Path, table: &str) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut st = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
    let n = st.column_count();
    let mut rows = st.query([]).unwrap();
    let mut all = String::new();
    while let Some(r) = rows.next().unwrap() {
        for i in 0..n {
            if let rusqlite::types::ValueRef::Text(b) = r.get_ref(i).unwrap() {
                all.push_str(&String::from_utf8_lossy(b));
                all.push('\n');
            }
        }
    }
    all
}

#[test]
fn an_erased_person_leaves_no_value_anywhere_and_the_counts_stay() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut s = Store::open(&path).unwrap();
    sportello::demo::run(&mut s, 120, 3, today()).unwrap();
    let programmes = sportello::demo::programme_infos(&s).unwrap();
    sportello::demo::run_path(&mut s, 3, today(), &programmes).unwrap();
    let (id, case) = person_along_the_path(&mut s);
    let before = every_value(&path);
    for v in SECRETS {
        assert!(before.contains(v), "the test must first find «{v}»");
    }
    let counts = s.funder_counts().unwrap();

    let report = gdpr::erase(&mut s, id, "anna").unwrap();
    assert_eq!(report.cases, 1);
    assert!(report.journal_lines > 5, "{report:?}");
    assert!(report.wal_emptied, "{report:?}");

    let after = every_value(&path);
    for v in SECRETS {
        assert!(!after.contains(v), "«{v}» is still in a table");
    }
    // The days kept are the first of their month.
    assert!(before.contains("2039-01-13") && before.contains("2041-07-19"));
    let people = every_value_of(&path, "people");
    assert!(
        !people.contains("2039-01-13") && people.contains("2039-01-01"),
        "{people}"
    );
    assert!(
        !people.contains("2041-07-19") && people.contains("2041-07-01"),
        "{people}"
    );
    assert_eq!(s.funder_counts().unwrap(), counts);
    assert_eq!(s.verify_audit().unwrap().first_break, None);
    assert_eq!(s.search("zyxw", 0, 10, true).unwrap().rows.len(), 0);
    // Erasing twice finds nobody to erase; the erased person's case cannot be reopened.
    assert!(gdpr::erase(&mut s, id, "anna").is_err());
    let reason = json!({"reason": "errore", "date": "2026-11-23"});
    let refused =
        cases::reopen_from_doc(&mut s, case, reason.as_object().unwrap(), today(), "anna");
    assert_eq!(
        refused.unwrap_err().msg(sportello::i18n::Lang::It).key,
        "case.not_found"
    );
    drop(s);
    // Free pages and the WAL too: the raw bytes of every file beside the database.
    for f in std::fs::read_dir(dir.path()).unwrap() {
        let p = f.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        for v in SECRETS {
            assert!(!holds(&bytes, v), "{} holds «{v}»", p.display());
        }
    }
}

#[test]
fn a_person_with_an_open_case_is_not_erased() {
    let mut s = Store::open_memory().unwrap();
    sportello::demo::run(&mut s, 5, 3, today()).unwrap();
    let id = s.search("", 0, 1, false).unwrap().rows[0].id;
    cases::open_case(&mut s, id, "anna").ok();
    let counts = s.funder_counts().unwrap();
    assert_eq!(
        gdpr::erase(&mut s, id, "anna").err().unwrap().key,
        "gdpr.open_case"
    );
    assert!(s.person(id).unwrap().is_some());
    assert_eq!(s.funder_counts().unwrap(), counts);
}
