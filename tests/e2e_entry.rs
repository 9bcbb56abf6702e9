//! Form entry in the real binary, in a pseudo-terminal: an operator who presses Tab after
//! every field, and one who presses Enter, lose nothing — not the birth date, not the place
//! typed after a choice, not even a date typed on the choice by mistake.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::pty::Tui;

/// Surname and given names come from the register's search; then sex, birth date, country
/// (`country` typed on the choice), place, each followed by `next`.
fn identity(t: &mut Tui, next: &str, country: &str) {
    t.key("Ctrl+N");
    t.wait_for("Surname*");
    t.wait_for("Tesfaye");
    t.key(next);
    t.key(next);
    t.type_text("m");
    t.key(next);
    t.type_text("14/07/1998");
    t.key(next);
    t.type_text(country);
    t.key(next);
    t.type_text("Asmara");
    t.key(next);
}

#[test]
fn tab_or_enter_after_every_field_loses_no_character() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("desk.db");
    let db = db.to_str().unwrap();
    common::new_desk(home.path(), db);
    let mut t = Tui::logged_in(home.path(), &["--db", db, "--lang", "en"], 100, 30);
    t.wait_for("Agenda");
    t.type_text("r");
    t.wait_for("Search:");
    t.type_text("tesfaye yonas");
    t.wait_for("tesfaye yonas");

    for next in ["Tab", "Enter"] {
        identity(&mut t, next, "eri");
        let s = t.wait_for("Asmara");
        for kept in ["Tesfaye", "Yonas", "Male", "14/07/1998", "Eritrea"] {
            assert!(s.contains(kept), "{next}: {kept} lost:\n{s}");
        }
        // Leaving asks first, names what would be lost, and Enter keeps the form.
        t.key("Esc");
        t.wait_for("Discard the changes?");
        t.wait_for("Date of birth");
        t.key("Enter");
        t.wait_until("the question to close", |s| {
            !s.contains("Discard the changes?")
        });
        t.key("Esc");
        t.wait_for("Discard the changes?");
        t.type_text("d");
        t.wait_for("Search:");
    }

    // The date typed where the country goes stays there, marked, and the place still lands
    // in its own field.
    identity(&mut t, "Tab", "01/01/1990");
    let s = t.wait_for("Asmara");
    assert!(s.contains("«01/01/1990» ✗"), "{s}");
    assert!(s.contains("14/07/1998"), "{s}");
    t.key("Ctrl+Q");
    assert_eq!(t.wait_exit(), Some(0));
    // Quitting kept it all in a draft.
    let drafts = common::store(&home.path().join("desk.db"))
        .drafts()
        .unwrap();
    assert_eq!(drafts.len(), 1);
    let data = drafts[0].data.to_string();
    for kept in ["01/01/1990", "Asmara", "14/07/1998"] {
        assert!(data.contains(kept), "{kept} not in the draft: {data}");
    }
}
