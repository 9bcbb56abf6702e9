//! Two records of one person merged: names, contacts, cases and tax codes move to the
//! survivor; the other is hidden and its id leads to the survivor; the merge is in the
//! audit trail; the latest merge can be undone, and only until the next one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Utc;
use serde_json::{Map, Value, json};
use sportello::service::merge;
use sportello::service::people::record_from_document;
use sportello::store::Store;
use sportello::words::Said;
use uuid::Uuid;

struct Desk {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let store = Store::open(&path).unwrap();
    Desk {
        _dir: dir,
        path,
        store,
    }
}

fn doc(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

impl Desk {
    fn add(&mut self, v: Value) -> Uuid {
        let id = Uuid::now_v7();
        let rec = record_from_document(id, doc(v));
        self.store
            .save_person(&rec, "op", Utc::now(), None)
            .unwrap();
        id
    }

    fn close_cases_of(&self, id: Uuid) {
        let c = rusqlite::Connection::open(&self.path).unwrap();
        c.execute(
            "UPDATE cases SET closed_at = '2026-11-01T00:00:00.000Z' WHERE person_id = ?1",
            [id.as_bytes().as_slice()],
        )
        .unwrap();
    }

    fn search(&self, q: &str) -> Vec<Uuid> {
        let page = self.store.search(q, 0, 20, false).unwrap();
        page.rows.iter().map(|r| r.id).collect()
    }
}

fn pair(d: &mut Desk) -> (Uuid, Uuid) {
    let a = d.add(
        json!({"surname": "AL-HASSAN", "given_names": "Mohammed", "sex": "M",
        "birth_date": "1990-01-01", "phone": "3331112222"}),
    );
    let b = d.add(
        json!({"surname": "Alhassan", "given_names": "Mohamed", "sex": "M",
        "birth_date": "1990-01-01", "phone": "3339998888", "email": "m@example.org",
        "tax_code": "LHSMMD90A01Z336X"}),
    );
    (a, b)
}

#[test]
fn a_merge_moves_names_contacts_and_cases_and_the_old_id_leads_to_the_survivor() {
    let mut d = desk();
    let (a, b) = pair(&mut d);
    d.close_cases_of(b);
    let b_cases: Vec<Uuid> = d.store.cases_for(b).unwrap().iter().map(|c| c.id).collect();
    merge::merge(&mut d.store, a, b, "coord").unwrap();
    let p = d.store.person(a).unwrap().unwrap();
    let names: Vec<String> = p.record.names.iter().map(|n| n.display()).collect();
    assert!(names.contains(&"ALHASSAN Mohamed".to_string()), "{names:?}");
    assert_eq!(p.record.phones, vec!["3331112222", "3339998888"]);
    assert_eq!(p.record.data["email"], "m@example.org");
    assert!(
        d.store.person(b).unwrap().is_none(),
        "the merged record is hidden"
    );
    assert_eq!(d.store.resolve_person(b).unwrap(), a);
    let a_cases: Vec<Uuid> = d.store.cases_for(a).unwrap().iter().map(|c| c.id).collect();
    assert!(b_cases.iter().all(|c| a_cases.contains(c)), "{a_cases:?}");
    assert!(
        d.store
            .tax_code_history(a)
            .unwrap()
            .iter()
            .any(|t| t.code == "LHSMMD90A01Z336X")
    );
    assert_eq!(
        d.search("alhassan mohamed"),
        vec![a],
        "one record left in the register"
    );
    assert_eq!(d.search("LHSMMD90A01Z336X"), vec![a]);
    // In the journal, hence in the audit trail, under both ids.
    let audit_b = d.store.audit_for("person", b).unwrap();
    assert!(
        audit_b
            .iter()
            .any(|e| e.field.as_deref() == Some("merged_into"))
    );
    let audit_a = d.store.audit_for("person", a).unwrap();
    assert!(
        audit_a
            .iter()
            .any(|e| e.field.as_deref() == Some("merged_from"))
    );
    assert!(d.store.verify_audit().unwrap().first_break.is_none());
}

#[test]
fn two_open_cases_are_refused_and_nothing_is_written() {
    let mut d = desk();
    let (a, b) = pair(&mut d);
    let err = merge::merge(&mut d.store, a, b, "coord").unwrap_err();
    assert_eq!(
        err.msg(sportello::i18n::Lang::It).key,
        "merge.refused.both_open"
    );
    assert!(d.store.person(b).unwrap().is_some());
    assert_eq!(d.store.resolve_person(b).unwrap(), b);
    assert_eq!(
        merge::merge(&mut d.store, a, a, "coord")
            .unwrap_err()
            .msg(sportello::i18n::Lang::It)
            .key,
        "merge.refused.same"
    );
}

#[test]
fn the_last_merge_is_undone_whole_and_only_until_the_next() {
    let mut d = desk();
    let (a, b) = pair(&mut d);
    d.close_cases_of(b);
    let before = d.store.person(a).unwrap().unwrap().record;
    let b_cases: Vec<Uuid> = d.store.cases_for(b).unwrap().iter().map(|c| c.id).collect();
    merge::merge(&mut d.store, a, b, "coord").unwrap();
    assert_eq!(merge::undo_last(&mut d.store, a, "coord").unwrap(), b);
    let after = d.store.person(a).unwrap().unwrap().record;
    assert_eq!(after.names, before.names);
    assert_eq!(after.phones, before.phones);
    assert!(d.store.person(b).unwrap().is_some(), "shown again");
    assert_eq!(d.store.resolve_person(b).unwrap(), b);
    let back: Vec<Uuid> = d.store.cases_for(b).unwrap().iter().map(|c| c.id).collect();
    assert_eq!(back, b_cases);
    let mut found = d.search("alhassan mohamed");
    found.sort();
    let mut both = vec![a, b];
    both.sort();
    assert_eq!(found, both);
    assert_eq!(
        merge::undo_last(&mut d.store, a, "coord")
            .unwrap_err()
            .msg(sportello::i18n::Lang::It)
            .key,
        "merge.refused.nothing_to_undo"
    );
    // Merged again, then another merge: the first can no longer be undone.
    merge::merge(&mut d.store, a, b, "coord").unwrap();
    let c = d.add(json!({"surname": "Other", "given_names": "Person"}));
    d.close_cases_of(c);
    let e = d.add(json!({"surname": "Otter", "given_names": "Person"}));
    d.close_cases_of(e);
    merge::merge(&mut d.store, c, e, "coord").unwrap();
    assert_eq!(
        merge::undo_last(&mut d.store, a, "coord")
            .unwrap_err()
            .msg(sportello::i18n::Lang::It)
            .key,
        "merge.refused.nothing_to_undo"
    );
    assert!(d.store.verify_audit().unwrap().first_break.is_none());
}

/// Erasing a person erases the records merged into them too, and the merge's undo copy.
#[test]
fn erasing_the_survivor_erases_what_was_merged_into_it() {
    let mut d = desk();
    let (a, b) = pair(&mut d);
    d.close_cases_of(b);
    merge::merge(&mut d.store, a, b, "coord").unwrap();
    d.close_cases_of(a);
    sportello::service::gdpr::erase(&mut d.store, a, "admin").unwrap();
    let c = rusqlite::Connection::open(&d.path).unwrap();
    let left: i64 = c
        .query_row(
            "SELECT count(*) FROM person_names WHERE person_id IN (?1, ?2)",
            [a.as_bytes().as_slice(), b.as_bytes().as_slice()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "names of both records gone");
    let merges: i64 = c
        .query_row("SELECT count(*) FROM person_merges", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        merges, 0,
        "the undo copy of the survivor's document is gone"
    );
    let data: String = c
        .query_row(
            "SELECT data FROM people WHERE id = ?1",
            [b.as_bytes().as_slice()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !data.contains("m@example.org") && !data.contains("Alhassan"),
        "{data}"
    );
}
