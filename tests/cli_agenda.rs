//! `sportello agenda` through the real binary: people added with `person add`, a follow-up
//! written into the case with plain SQL, then the agenda as text and JSON with filters.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{new_desk, raw, sportello};

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn add(home: &Path, db: &str, json: &str) -> String {
    let file = home.join("p.json");
    std::fs::write(&file, json).unwrap();
    let out = stdout(&sportello(
        home,
        &[
            "person",
            "add",
            "--json",
            file.to_str().unwrap(),
            "--db",
            db,
        ],
    ));
    out.lines().last().unwrap().trim().to_string()
}

const TODAY: &str = "2026-02-01";

fn setup(home: &Path) -> (String, String) {
    let db = home.join("a.db");
    let db = db.to_str().unwrap().to_string();
    new_desk(home, &db);
    add(
        home,
        &db,
        r#"{"surname": "Haile", "given_names": "Sara", "sex": "F",
            "birth_date": "1990-05-01", "birth_country": "ER", "legal_status": "refugee",
            "permit_status": "valid", "permit_number": "P1", "permit_expiry": "2026-02-20",
            "consent_given": true, "consent_date": "2026-01-10"}"#,
    );
    let ahmed = add(
        home,
        &db,
        r#"{"surname": "Ahmed", "given_names": "Omar", "sex": "M",
            "birth_date": "1995-03-02", "birth_country": "SD", "legal_status": "asylum_applicant",
            "asylum_application_date": "2025-12-01",
            "permit_status": "in_renewal", "permit_number": "RIC-1",
            "consent_given": true, "consent_date": "2026-01-10"}"#,
    );
    (db, ahmed)
}

fn add_follow_up(db: &str, person: &str) -> String {
    let conn = raw(db);
    let case: Vec<u8> = conn
        .query_row(
            "SELECT id FROM cases WHERE person_id = unhex(replace(?1, '-', ''))",
            [person],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "INSERT INTO follow_ups (id, case_id, due_on, kind, updated_at)
         VALUES ('f1', ?1, '2026-01-25', 'call', '2026-01-20T09:00:00.000Z')",
        [&case],
    )
    .unwrap();
    uuid::Uuid::from_slice(&case).unwrap().to_string()
}

#[test]
fn agenda_lines_most_urgent_first() {
    let home = tempfile::tempdir().unwrap();
    let (db, ahmed) = setup(home.path());
    add_follow_up(&db, &ahmed);
    let out = stdout(&sportello(
        home.path(),
        &["agenda", "--db", &db, "--lang", "en", "--today", TODAY],
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        vec![
            "── Overdue in the last 30 days: 2",
            "25/01/2026  Follow-up  AHMED Omar — follow-up due on 25/01/2026",
            "30/01/2026  Asylum work  AHMED Omar — may work from 30/01/2026 (asylum application of 01/12/2025)",
            "── Later: 1",
            "20/02/2026  Permit  HAILE Sara — permit expires on 20/02/2026",
        ],
        "{out}"
    );
}

#[test]
fn agenda_filters_and_json() {
    let home = tempfile::tempdir().unwrap();
    let (db, ahmed) = setup(home.path());
    let case = add_follow_up(&db, &ahmed);
    let base = [
        "agenda",
        "--db",
        db.as_str(),
        "--lang",
        "it",
        "--today",
        TODAY,
    ];
    let run = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        sportello(home.path(), &args)
    };
    let only = stdout(&run(&["--kind", "permit"]));
    assert_eq!(only.lines().count(), 2, "{only}");
    assert!(only.contains("Permesso  HAILE Sara — permesso in scadenza il 20/02/2026"));
    let near = stdout(&run(&["--days", "7"]));
    assert_eq!(
        near.lines().filter(|l| !l.starts_with("──")).count(),
        2,
        "{near}"
    );
    assert!(!near.contains("HAILE"));
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "--json",
        "--kind",
        "follow_up",
        "--kind",
        "asylum_work",
    ])))
    .unwrap();
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["kind"], "follow_up");
    assert_eq!(items[0]["case_id"], case.as_str());
    assert_eq!(items[0]["person_id"], ahmed.as_str());
    assert_eq!(items[0]["days"], -7);
    assert_eq!(items[0]["overdue"], true);
    assert_eq!(items[1]["due_on"], "2026-01-30");
    let nobody = stdout(&run(&["--operator", "nessuno"]));
    assert_eq!(nobody.trim(), "Nessuna scadenza.");
    let bad = run(&["--kind", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nope"));
}

/// A permit expiring in 20 days is listed by `agenda --days 30` however many permits expired
/// long ago; those are counted as records to check, and `--to-check` lists them.
#[test]
fn agenda_days_30_lists_what_expires_whatever_the_old_ones() {
    let home = tempfile::tempdir().unwrap();
    let (db, _) = setup(home.path());
    let mut store = common::store(Path::new(&db));
    let add = |store: &mut sportello::store::Store, surname: &str, expiry: &str| {
        let doc = serde_json::json!({"surname": surname, "given_names": "Test",
            "permit_expiry": expiry});
        let rec = sportello::service::people::record_from_document(
            uuid::Uuid::now_v7(),
            doc.as_object().cloned().unwrap(),
        );
        store
            .save_person(&rec, "anna", chrono::Utc::now(), None)
            .unwrap();
    };
    for i in 0..250 {
        add(
            &mut store,
            &format!("Old{i}"),
            &format!("2025-03-{:02}", 1 + i % 28),
        );
    }
    add(&mut store, "Venti", "2026-02-21");
    drop(store);
    let out = stdout(&sportello(
        home.path(),
        &[
            "agenda", "--db", &db, "--lang", "en", "--today", TODAY, "--days", "30",
        ],
    ));
    assert!(out.contains("21/02/2026  Permit  VENTI Test"), "{out}");
    assert!(
        out.contains("── To check, overdue for more than 30 days: 250 (--to-check to list them)"),
        "{out}"
    );
    assert!(!out.contains("OLD1"), "{out}");
    let all = stdout(&sportello(
        home.path(),
        &[
            "agenda",
            "--db",
            &db,
            "--lang",
            "en",
            "--today",
            TODAY,
            "--to-check",
        ],
    ));
    assert_eq!(all.matches("  Permit  OLD").count(), 250);
}
