//! `person merge` and `person unmerge` through the real binary: the other record's id leads
//! to the survivor in `person show` and `person export`, whose copy of the data holds the
//! merged record too; an operator is refused; unmerge gives the record back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{add_person as add, new_desk, raw, sportello};
use std::path::Path;

fn run(home: &Path, args: &[&str]) -> (bool, String, String) {
    let out = sportello(home, args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn merge_show_export_and_unmerge_from_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("desk.db");
    let db = db.to_str().unwrap();
    new_desk(h, db);
    let a = add(
        h,
        db,
        r#"{"surname": "AL-HASSAN", "given_names": "Mohammed", "sex": "M",
        "birth_date": "1990-01-01", "birth_country": "SD", "legal_status": "refugee",
        "permit_status": "valid", "permit_number": "P-1", "permit_expiry": "2031-01-01",
        "consent_given": true, "consent_date": "2026-01-10"}"#,
    );
    let b = add(
        h,
        db,
        r#"{"surname": "Alhassan", "given_names": "Mohamed", "sex": "M",
        "birth_date": "1990-01-01", "birth_country": "SD", "email": "m@example.org",
        "legal_status": "refugee", "permit_status": "valid", "permit_number": "P-2",
        "permit_expiry": "2031-01-01", "consent_given": true, "consent_date": "2026-01-10"}"#,
    );
    let (ok, _, err) = run(h, &["--db", db, "--lang", "en", "person", "merge", &a, &b]);
    assert!(
        !ok && err.contains("Both records have an open case"),
        "{err}"
    );
    raw(db)
        .execute(
            "UPDATE cases SET closed_at = '2026-11-01T00:00:00.000Z'
             WHERE person_id = unhex(replace(?1, '-', ''))",
            [&b],
        )
        .unwrap();
    let (ok, out, err) = run(h, &["--db", db, "--lang", "en", "person", "merge", &a, &b]);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("Merged: {b} is now part of {a}")),
        "{out}"
    );
    let (ok, out, _) = run(h, &["--db", db, "person", "show", &b, "--json"]);
    assert!(ok);
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["id"].as_str(), Some(a.as_str()), "{out}");
    let dir = h.join("export");
    let (ok, _, err) = run(
        h,
        &[
            "--db",
            db,
            "person",
            "export",
            &b,
            "--out",
            dir.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("person-{a}.json"))).unwrap(),
    )
    .unwrap();
    let merged = &json["merged_records"][0]["person"];
    assert_eq!(merged["id"].as_str(), Some(b.as_str()), "{json}");
    assert_eq!(merged["data"]["email"], "m@example.org");
    let (ok, out, err) = run(h, &["--db", db, "--lang", "en", "person", "unmerge", &a]);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("Merge undone: {b} is a record of its own again")),
        "{out}"
    );
    let (_, out, _) = run(h, &["--db", db, "person", "show", &b, "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["id"].as_str(), Some(b.as_str()));
}
