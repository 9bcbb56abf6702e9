//! `sportello person add --json` is held to the intake form's own rules, through the real
//! binary: control characters, values of the wrong JSON type, keys given twice and groups
//! past their limit are refused with the field named, exit 3, and nothing is written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};

use crate::common;

use common::sportello;

/// A person the form accepts; each test spoils one thing.
fn good() -> Value {
    json!({
        "surname": "Tesfaye", "given_names": "Yonas", "sex": "M",
        "birth_date": "14/07/1998", "birth_country": "ER",
        "legal_status": "italian_citizen", "consent_given": false
    })
}

struct Desk {
    home: tempfile::TempDir,
    db: String,
}

impl Desk {
    fn new() -> Desk {
        let home = tempfile::tempdir().unwrap();
        let db = home.path().join("desk.db").to_str().unwrap().to_string();
        common::new_desk(home.path(), &db);
        Desk { home, db }
    }

    /// Runs `person add` on `text`: (exit code, stdout, stderr).
    fn add(&self, text: &str) -> (Option<i32>, String, String) {
        let file = self.home.path().join("person.json");
        std::fs::write(&file, text).unwrap();
        let out = sportello(
            self.home.path(),
            &[
                "--db",
                &self.db,
                "--lang",
                "en",
                "person",
                "add",
                "--json",
                file.to_str().unwrap(),
            ],
        );
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn people(&self) -> usize {
        let out = sportello(
            self.home.path(),
            &["--db", &self.db, "search", "", "--json"],
        );
        let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
        hits.as_array().unwrap().len()
    }

    /// `text` is refused: exit 3, the field named on stderr with `words`, nobody written.
    fn refused(&self, text: &str, field: &str, words: &str) {
        let (code, _, err) = self.add(text);
        assert_eq!(code, Some(3), "{text}\n{err}");
        let line = err
            .lines()
            .find(|l| l.trim_start().starts_with(field))
            .unwrap_or_else(|| panic!("no line for {field} in:\n{err}"));
        assert!(line.contains(words), "{line}");
        assert_eq!(self.people(), 0, "{text} wrote a person");
    }
}

#[test]
fn control_characters_in_names_are_refused_as_the_form_refuses_them() {
    let desk = Desk::new();
    for c in ['\u{1b}', '\u{7}', '\u{0}', '\u{7f}'] {
        let mut p = good();
        p["surname"] = json!(format!("Tes{c}faye"));
        desk.refused(&p.to_string(), "surname", "control character");
        let mut p = good();
        p["name_variants"] = json!([{ "surname": format!("X{c}"), "kind": "variant" }]);
        desk.refused(
            &p.to_string(),
            "name_variants[0].surname",
            "control character",
        );
    }
    // A tab typed in a form becomes a space; in a file it is refused as well.
    let mut p = good();
    p["given_names"] = json!("Yo\tnas");
    desk.refused(&p.to_string(), "given_names", "control character");
}

#[test]
fn values_of_the_wrong_json_type_are_refused() {
    let desk = Desk::new();
    let mut p = good();
    p["surname"] = json!(["X"]);
    desk.refused(&p.to_string(), "surname", "text in quotes");
    let mut p = good();
    p["consent_given"] = json!("yes");
    desk.refused(&p.to_string(), "consent_given", "true or false");
    let mut p = good();
    p["languages"] = json!("ar");
    desk.refused(&p.to_string(), "languages", "list of codes");
    let mut p = good();
    p["given_names"] = json!({ "first": "Yonas" });
    desk.refused(&p.to_string(), "given_names", "text in quotes");
}

#[test]
fn a_key_given_twice_is_refused_not_silently_overwritten() {
    let desk = Desk::new();
    let text = r#"{"surname": "Tesfaye", "given_names": "Yonas", "sex": "M",
        "birth_date": "14/07/1998", "birth_country": "ER", "legal_status": "italian_citizen",
        "consent_given": false, "surname": "Other"}"#;
    desk.refused(text, "surname", "given twice");
}

#[test]
fn a_group_past_its_limit_is_refused() {
    let desk = Desk::new();
    let mut p = good();
    let rows: Vec<Value> = (0..20_000)
        .map(|i| json!({ "surname": format!("V{i}"), "kind": "variant" }))
        .collect();
    p["name_variants"] = Value::Array(rows);
    desk.refused(&p.to_string(), "name_variants", "20 at most");
}

#[test]
fn a_clean_person_is_still_added_and_the_arrival_date_is_checked() {
    let desk = Desk::new();
    let mut p = good();
    p["arrival_date"] = json!("01/01/1990");
    desk.refused(&p.to_string(), "arrival_date", "before 14/07/1998");
    let mut p = good();
    p["arrival_date"] = json!("2016-05-02");
    p["phone"] = Value::Null;
    let (code, out, err) = desk.add(&p.to_string());
    assert_eq!(code, Some(0), "{err}");
    let id = out.lines().last().unwrap().trim().to_string();
    let shown = sportello(
        desk.home.path(),
        &["--db", &desk.db, "person", "show", &id, "--json"],
    );
    let v: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(v["data"]["arrival_date"], "2016-05-02");
    assert_eq!(desk.people(), 1);
}
