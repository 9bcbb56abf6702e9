//! The same person across spellings, in the real binary in a pseudo-terminal: the agenda
//! opens grouped by urgency; the register finds "alhassan" in any spelling and a person by
//! birth date; an intake started from the search shows the registered one in its duplicate
//! panel with why; `M` on the person merges the other record in and `U` undoes it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::pty::Tui;
use common::{add_person, new_desk};

/// The register's search line holds nothing.
fn empty_search(s: &str) -> bool {
    s.lines()
        .find(|l| l.trim_start().starts_with("Search:"))
        .is_some_and(|l| {
            l.split_whitespace()
                .nth(1)
                .is_none_or(|w| w.chars().all(|c| c.is_ascii_digit()))
        })
}

#[test]
fn spellings_meet_at_the_desk_and_two_records_become_one_then_two_again() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("desk.db");
    let db = db.to_str().unwrap();
    new_desk(home.path(), db);
    add_person(
        home.path(),
        db,
        r#"{"surname": "AL-HASSAN", "given_names": "Mohammed", "sex": "M",
            "birth_date": "01/01/1990", "birth_country": "SD", "legal_status": "refugee",
            "permit_status": "valid", "permit_number": "P-1", "permit_expiry": "2031-01-01",
            "consent_given": true, "consent_date": "2026-01-10"}"#,
    );
    add_person(
        home.path(),
        db,
        r#"{"surname": "Al Hasan", "given_names": "Muhammad", "sex": "M",
            "birth_date": "01/01/1990", "birth_country": "SD", "legal_status": "refugee",
            "permit_status": "valid", "permit_number": "P-2", "permit_expiry": "2031-01-01",
            "consent_given": true, "consent_date": "2026-01-10"}"#,
    );
    let mut t = Tui::logged_in(home.path(), &["--db", db, "--lang", "en"], 100, 30);
    t.wait_for("Agenda");
    t.type_text("r");
    t.wait_for("Search:");
    t.type_text("alhassan");
    t.wait_until("both spellings", |s| {
        s.contains("AL-HASSAN Mohammed") && s.contains("AL HASAN Muhammad")
    });
    // A birth date finds the people born that day.
    t.key("Esc");
    t.wait_until("an empty search", empty_search);
    t.type_text("01/01/1990");
    t.wait_until("people born that day", |s| {
        s.contains("2 people") && s.contains("AL-HASSAN Mohammed")
    });
    // A new intake from a search for another spelling: the panel shows both, with why.
    t.key("Esc");
    t.wait_until("an empty search", empty_search);
    t.type_text("el hassan mohamed");
    t.wait_for("AL-HASSAN Mohammed");
    t.key("Ctrl+N");
    t.wait_for("Surname*");
    t.wait_until("the duplicate panel", |s| {
        s.contains("Maybe already registered") && s.contains("name sounds alike")
    });
    // Leave the intake without saving it: nothing was typed but the search's names.
    t.key("Esc");
    t.wait_for("discard");
    t.type_text("d");
    t.wait_for("Search:");
    t.key("Esc");
    t.wait_until("an empty search", empty_search);
    // The record with permit P-1: AL-HASSAN Mohammed.
    t.type_text("p-1");
    t.wait_until("one person", |s| s.contains("1 person"));
    t.key("Enter");
    t.wait_for("Permit number          P-1");
    t.type_text("M");
    t.wait_until("the merge box", |s| {
        s.contains("Merge another record") && s.contains("AL HASAN Muhammad")
    });
    t.key("Enter");
    t.wait_for("y merge");
    t.type_text("y");
    // Both have an open case: refused, nothing merged.
    t.wait_for("Both records have an open case");
    // The other record's case closed (arranged in the database), the merge goes through.
    common::raw(db)
        .execute(
            "UPDATE cases SET closed_at = '2026-11-01T00:00:00.000Z' WHERE person_id =
             (SELECT person_id FROM person_names WHERE surname = 'Al Hasan')",
            [],
        )
        .unwrap();
    t.key("Enter");
    t.wait_for("y merge");
    t.type_text("y");
    t.wait_for("Merged: «AL HASAN Muhammad» is now part of this record");
    t.key("Esc");
    t.wait_for("Search:");
    t.wait_until("one record left", |s| {
        s.contains("AL-HASSAN Mohammed") && !s.contains("AL HASAN Muhammad  ")
    });
    t.key("Enter");
    t.wait_for("Identity");
    t.type_text("U");
    t.wait_for("Merge undone");
}
