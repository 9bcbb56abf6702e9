//! `sportello case show` and the cases in `person show`, with the real binary.

// Test code: a failed unwrap is a failed test (helpers are not `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::path::Path;
use std::process::Output;

use chrono::{NaiveDate, Utc};
use common::{new_desk, sportello};
use serde_json::{Value, json};
use uuid::Uuid;

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A person added through the CLI; returns (person id, case id).
fn setup(home: &Path, db: &str) -> (String, String) {
    new_desk(home, db);
    let file = home.join("p.json");
    std::fs::write(
        &file,
        r#"{"surname": "Tesfaye", "given_names": "Yonas", "sex": "M", "birth_date": "14/07/1998",
            "birth_country": "ER", "legal_status": "refugee", "permit_status": "in_renewal",
            "permit_number": "RIC-1", "consent_given": true, "consent_date": "2026-01-10"}"#,
    )
    .unwrap();
    let out = ok(&sportello(
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
    let person = out.lines().last().unwrap().trim().to_string();
    let shown = ok(&sportello(
        home,
        &["person", "show", &person, "--json", "--db", db],
    ));
    let v: Value = serde_json::from_str(&shown).unwrap();
    let case = v["cases"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(v["cases"][0]["current_step"], json!("intake"));
    assert_eq!(v["cases"][0]["operator"], json!("demo"));
    (person, case)
}

#[test]
fn case_show_prints_the_header_every_step_and_the_timeline() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("d.db");
    let db = db.to_str().unwrap();
    let (person, case) = setup(home.path(), db);
    let v: Value = serde_json::from_str(&ok(&sportello(
        home.path(),
        &["case", "show", &case, "--json", "--db", db],
    )))
    .unwrap();
    assert_eq!(v["id"], json!(case));
    assert_eq!(v["person_id"], json!(person));
    assert_eq!(v["person_name"], json!("TESFAYE Yonas"));
    assert_eq!(v["operator"], json!("demo"));
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 8);
    assert_eq!(steps[0]["status"], json!("done"));
    assert_eq!(steps[7]["step"], json!("closure"));
    assert_eq!(v["timeline"][0]["text"], json!("Percorso aperto"));
    assert_eq!(v["follow_ups"]["pending"], json!(0));
    let text = ok(&sportello(
        home.path(),
        &["case", "show", &case, "--lang", "en", "--db", db],
    ));
    assert!(text.starts_with("TESFAYE Yonas\n"), "{text}");
    assert!(
        text.contains("Intake: done") && text.contains("Closure: to do"),
        "{text}"
    );
    assert!(
        text.contains("[Timeline]") && text.contains("demo · Case opened"),
        "{text}"
    );
}

#[test]
fn a_closed_case_shows_its_outcome_form_and_person_show_lists_both_cases() {
    let home = tempfile::tempdir().unwrap();
    let db_path = home.path().join("d.db");
    let db = db_path.to_str().unwrap();
    let (person, case) = setup(home.path(), db);
    let case_id = Uuid::parse_str(&case).unwrap();
    let person_id = Uuid::parse_str(&person).unwrap();
    let second = {
        let mut s = common::store(&db_path);
        let doc = json!({ "outcome": "moved_away", "outcome_date": "2026-05-02" });
        let on = NaiveDate::from_ymd_opt(2026, 5, 2).unwrap();
        s.close_case(
            case_id,
            doc.as_object().unwrap(),
            "moved_away",
            on,
            "luca",
            Utc::now(),
        )
        .unwrap()
        .unwrap();
        s.open_case(person_id, "anna", Utc::now()).unwrap().unwrap()
    };
    let text = ok(&sportello(
        home.path(),
        &["case", "show", &case, "--lang", "en", "--db", db],
    ));
    assert!(
        text.contains("Closed on") && text.contains("Moved away"),
        "{text}"
    );
    assert!(
        text.contains("[Closure]") && text.contains("Outcome: Moved away"),
        "{text}"
    );
    assert!(text.contains("luca · Case closed: Moved away"), "{text}");
    let shown = ok(&sportello(
        home.path(),
        &["person", "show", &person, "--lang", "en", "--db", db],
    ));
    assert!(shown.contains("[Cases]"), "{shown}");
    assert!(
        shown.contains(&format!("{second}  ")) && shown.contains("open, now: Intake"),
        "{shown}"
    );
    assert!(
        shown.contains("closed ") && shown.contains(", Moved away"),
        "{shown}"
    );
    let v: Value = serde_json::from_str(&ok(&sportello(
        home.path(),
        &["person", "show", &person, "--json", "--db", db],
    )))
    .unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0]["id"], json!(second.to_string()));
    assert_eq!(cases[1]["outcome"], json!("moved_away"));
}

#[test]
fn a_bad_or_unknown_case_id_is_an_error() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("d.db");
    let db = db.to_str().unwrap();
    // A database nobody set up is refused before anything else (exit 7).
    let out = sportello(home.path(), &["case", "show", "nope", "--db", db]);
    assert_eq!(out.status.code(), Some(7));
    new_desk(home.path(), db);
    let out = sportello(home.path(), &["case", "show", "nope", "--db", db]);
    assert_eq!(out.status.code(), Some(1));
    let unknown = Uuid::now_v7().to_string();
    let out = sportello(
        home.path(),
        &["case", "show", &unknown, "--lang", "en", "--db", db],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No such case."));
}
