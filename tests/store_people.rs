//! Saving people: idempotency, journal, tax-code history, drafts, soft deletes, errors.

// Test code: a failed unwrap is a failed test (helpers are not `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::json;
use sportello::domain::case::{Step, StepStatus};
use sportello::domain::person::{PersonName, PersonRecord, Sex};
use sportello::store::{Draft, Store, StoreError};
use uuid::Uuid;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn record(surname: &str, given: &str) -> PersonRecord {
    let mut data = serde_json::Map::new();
    data.insert("surname".into(), json!(surname));
    data.insert("given_names".into(), json!(given));
    data.insert("birth_country".into(), json!("ER"));
    PersonRecord {
        id: Uuid::now_v7(),
        names: vec![PersonName {
            surname: surname.into(),
            given: given.into(),
            kind: "document".into(),
        }],
        birth_date: NaiveDate::from_ymd_opt(1998, 7, 14),
        sex: Some(Sex::M),
        birth_country: Some("ER".into()),
        tax_code: None,
        phones: vec!["+39 333 1234567".into()],
        permit_number: Some("I12345678".into()),
        permit_expiry: NaiveDate::from_ymd_opt(2027, 1, 31),
        data,
    }
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    (dir, store)
}

#[test]
fn a_new_person_is_stored_whole_with_a_case_and_a_journal() {
    let (_d, mut s) = temp_store();
    let rec = record("Tesfaye", "Yonas");
    let out = s.save_person(&rec, "anna", t0(), None).unwrap();
    assert!(out.created);
    let case_id = out.case_id.unwrap();

    let stored = s.person(rec.id).unwrap().unwrap();
    assert_eq!(stored.record, rec);
    assert_eq!(stored.created_at, t0());
    assert_eq!(stored.last_activity_at, t0());

    let cases = s.cases_for(rec.id).unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].id, case_id);
    assert_eq!(cases[0].steps.len(), Step::ALL.len());
    assert_eq!(cases[0].steps[0].step, Step::Intake);
    assert_eq!(cases[0].steps[0].status, StepStatus::Done);
    assert_eq!(cases[0].steps[0].done_at, Some(t0()));
    assert!(
        cases[0].steps[1..]
            .iter()
            .all(|s| s.status == StepStatus::Todo)
    );

    let j = s.journal_for("person", rec.id).unwrap();
    assert_eq!(j.len(), 1);
    assert_eq!(j[0].field, None);
    assert_eq!(j[0].by, "anna");
    assert_eq!(j[0].at, t0());
    assert_eq!(j[0].new_value, Some(serde_json::to_value(&rec).unwrap()));
    let cj = s.journal_for("case", case_id).unwrap();
    assert_eq!(cj.len(), 1);
    assert_eq!(
        cj[0].new_value.as_ref().unwrap()["person_id"],
        json!(rec.id)
    );
    assert_eq!(s.count_people().unwrap(), 1);
}

#[test]
fn saving_the_same_record_twice_makes_one_person_and_one_case() {
    let (_d, mut s) = temp_store();
    let rec = record("Koné", "Awa");
    assert!(s.save_person(&rec, "anna", t0(), None).unwrap().created);
    let again = s
        .save_person(&rec, "anna", t0() + Duration::seconds(1), None)
        .unwrap();
    assert!(!again.created);
    assert_eq!(again.case_id, None);
    assert_eq!(s.count_people().unwrap(), 1);
    assert_eq!(s.cases_for(rec.id).unwrap().len(), 1);
    // Nothing changed: no journal line beyond the creation.
    assert_eq!(s.journal_for("person", rec.id).unwrap().len(), 1);
    assert_eq!(s.search("kone", 0, 10, true).unwrap().rows.len(), 1);
}

#[test]
fn an_update_journals_each_changed_field() {
    let (_d, mut s) = temp_store();
    let rec = record("Haile", "Selam");
    s.save_person(&rec, "anna", t0(), None).unwrap();
    let mut changed = rec.clone();
    changed.birth_country = Some("ET".into());
    changed.data.insert("birth_country".into(), json!("ET"));
    changed.data.insert("languages".into(), json!(["ti"]));
    changed.names.push(PersonName {
        surname: "ሃይለ".into(),
        given: "ሰላም".into(),
        kind: "script".into(),
    });
    let later = t0() + Duration::hours(1);
    s.save_person(&changed, "marco", later, None).unwrap();

    let stored = s.person(rec.id).unwrap().unwrap();
    assert_eq!(stored.record, changed);
    assert_eq!(stored.created_at, t0());
    assert_eq!(stored.updated_at, later);

    let j = s.journal_for("person", rec.id).unwrap();
    let fields: Vec<_> = j[1..]
        .iter()
        .map(|e| e.field.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        fields,
        [
            "names",
            "birth_country",
            "data.birth_country",
            "data.languages"
        ]
    );
    let bc = &j[2];
    assert_eq!(
        (bc.old_value.clone(), bc.new_value.clone()),
        (Some(json!("ER")), Some(json!("ET")))
    );
    assert_eq!(j[4].old_value, None);
    assert!(j[1..].iter().all(|e| e.by == "marco" && e.at == later));
    assert_eq!(s.cases_for(rec.id).unwrap().len(), 1);
}

#[test]
fn tax_code_changes_are_kept_as_history_and_stay_searchable() {
    let (_d, mut s) = temp_store();
    let mut rec = record("Tesfaye", "Yonas");
    rec.tax_code = Some("00000010215".into());
    s.save_person(&rec, "anna", t0(), None).unwrap();
    let later = t0() + Duration::days(30);
    rec.tax_code = Some("TSFYNS98L14Z368Y".into());
    s.save_person(&rec, "anna", later, None).unwrap();

    let h = s.tax_code_history(rec.id).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0].code.as_str(), h[0].kind.as_str()),
        ("00000010215", "provisional")
    );
    assert_eq!((h[0].first_seen_at, h[0].replaced_at), (t0(), Some(later)));
    assert_eq!(
        (h[1].code.as_str(), h[1].kind.as_str()),
        ("TSFYNS98L14Z368Y", "personal")
    );
    assert_eq!(h[1].replaced_at, None);
    for q in ["00000010215", "TSFYNS98", "tsfyns98l14z368y"] {
        assert_eq!(s.search(q, 0, 10, false).unwrap().rows.len(), 1, "{q}");
    }
}

#[test]
fn saving_deletes_the_draft_in_the_same_transaction() {
    let (_d, mut s) = temp_store();
    let rec = record("Rossi", "Mario");
    let d = Draft {
        id: Uuid::now_v7(),
        form: "intake".into(),
        subject: Some(rec.id),
        data: json!({"surname": {"raw": "Rossi"}}),
        updated_at: t0(),
    };
    s.put_draft(&d).unwrap();
    s.save_person(&rec, "anna", t0(), Some(d.id)).unwrap();
    assert_eq!(s.draft(d.id).unwrap(), None);
    assert!(s.drafts().unwrap().is_empty());
}

#[test]
fn drafts_are_upserted_and_listed_newest_first() {
    let (_d, mut s) = temp_store();
    let mk = |minutes: i64| Draft {
        id: Uuid::now_v7(),
        form: "intake".into(),
        subject: None,
        data: json!({"n": minutes}),
        updated_at: t0() + Duration::minutes(minutes),
    };
    let (a, mut b) = (mk(1), mk(2));
    s.put_draft(&a).unwrap();
    s.put_draft(&b).unwrap();
    assert_eq!(s.drafts().unwrap(), vec![b.clone(), a.clone()]);
    b.data = json!({"n": "changed"});
    b.updated_at = t0();
    b.subject = Some(Uuid::now_v7());
    s.put_draft(&b).unwrap();
    assert_eq!(s.drafts().unwrap(), vec![a.clone(), b.clone()]);
    assert_eq!(s.draft(b.id).unwrap(), Some(b.clone()));
    s.delete_draft(a.id).unwrap();
    assert_eq!(s.drafts().unwrap(), vec![b]);
}

#[test]
fn a_soft_deleted_person_is_gone_from_reads_and_a_save_restores_them() {
    let (_d, mut s) = temp_store();
    let rec = record("Bamba", "Moussa");
    s.save_person(&rec, "anna", t0(), None).unwrap();
    assert!(s.soft_delete_person(rec.id, "anna", t0()).unwrap());
    assert!(!s.soft_delete_person(rec.id, "anna", t0()).unwrap());
    assert_eq!(s.person(rec.id).unwrap(), None);
    assert_eq!(s.count_people().unwrap(), 0);
    assert!(s.search("bamba", 0, 10, true).unwrap().rows.is_empty());
    assert!(s.search("", 0, 10, true).unwrap().rows.is_empty());
    let j = s.journal_for("person", rec.id).unwrap();
    assert_eq!(j.last().unwrap().field.as_deref(), Some("deleted_at"));

    s.save_person(&rec, "anna", t0(), None).unwrap();
    assert!(s.person(rec.id).unwrap().is_some());
    assert_eq!(s.search("bamba", 0, 10, true).unwrap().rows.len(), 1);
}

#[test]
fn import_adds_the_same_rows_and_skips_known_ids() {
    let (_d, mut s) = temp_store();
    let people: Vec<_> = (0..5)
        .map(|i| record("Ouattara", &format!("N{i}")))
        .collect();
    assert_eq!(s.import_people(people.clone(), "demo", t0()).unwrap(), 5);
    assert_eq!(s.import_people(people.clone(), "demo", t0()).unwrap(), 0);
    assert_eq!(s.count_people().unwrap(), 5);
    // The bulk load may switch journals while it runs; the file is back in WAL after.
    let raw = rusqlite::Connection::open(_d.path().join("t.db")).unwrap();
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    for p in &people {
        assert_eq!(s.person(p.id).unwrap().unwrap().record, *p);
        assert_eq!(s.cases_for(p.id).unwrap().len(), 1);
        assert_eq!(s.journal_for("person", p.id).unwrap().len(), 1);
    }
    // The last one imported is the most recently active.
    let page = s.search("ouattara", 0, 10, true).unwrap();
    assert_eq!(page.rows[0].id, people[4].id);
    assert_eq!(page.rows[4].id, people[0].id);
}

#[test]
fn a_file_that_is_not_a_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let junk: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &junk).unwrap();
    assert_eq!(Store::open(&path).err(), Some(StoreError::NotADatabase));
    assert_eq!(std::fs::read(&path).unwrap(), junk);
    assert!(!dir.path().join("notes.db-wal").exists());
    assert_eq!(
        StoreError::NotADatabase.message_key(),
        "store.error.not_a_database"
    );
}

#[test]
fn a_database_held_by_another_writer_reports_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut s = Store::open(&path).unwrap();
    s.set_busy_timeout(std::time::Duration::from_millis(50))
        .unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = s
        .save_person(&record("Kidane", "Dawit"), "anna", t0(), None)
        .unwrap_err();
    assert_eq!(err, StoreError::Locked);
    assert_eq!(err.message_key(), "store.error.locked");
    other.execute_batch("ROLLBACK").unwrap();
    assert!(
        s.save_person(&record("Kidane", "Dawit"), "anna", t0(), None)
            .unwrap()
            .created
    );
}
