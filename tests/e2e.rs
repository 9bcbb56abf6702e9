//! End to end: the real binary in a pseudo-terminal, driven as an operator would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{add_person, sportello};
use std::time::{Duration, Instant};

use common::pty::{TIMEOUT, Tui};

#[test]
fn search_open_a_person_then_take_a_new_one_in_and_save() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("desk.db");
    let db = db.to_str().unwrap();
    let out = sportello(
        home.path(),
        &["demo", "--people", "300", "--seed", "5", "--db", db],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    add_person(
        home.path(),
        db,
        r#"{"surname": "Tesfaye", "given_names": "Yonas", "sex": "M", "birth_date": "14/07/1998",
            "birth_country": "ER", "legal_status": "refugee", "permit_status": "in_renewal",
            "permit_number": "RIC-1", "consent_given": true, "consent_date": "2026-01-10"}"#,
    );

    let mut t = Tui::logged_in(home.path(), &["--db", db, "--lang", "it"], 100, 30);
    // The app opens on the agenda; the register is one key away.
    t.wait_for("Agenda");
    t.type_text("r");
    t.wait_for("persone");
    // Search as you type: no Enter needed; accents folded.
    t.type_text("tesfaye yon");
    t.wait_for("TESFAYE Yonas");
    t.key("Enter");
    t.wait_for("Percorso");
    t.wait_for("RIC-1");
    t.key("Esc");
    t.wait_for("Cerca:");
    // The search would start the new intake (its words as the names): Esc clears it first.
    t.key("Esc");
    t.wait_until("the search to clear", |s| !s.contains("tesfaye yon"));
    // A new intake, through the keyboard only.
    t.key("Ctrl+N");
    t.wait_for("Cognome*");
    t.type_text("Okonkwo");
    t.key("Tab");
    t.type_text("Chiamaka Ngozi");
    t.key("Tab");
    t.type_text("f");
    t.wait_for("Femmina");
    t.key("Enter");
    t.type_text("03/02/2001");
    t.key("Tab");
    t.type_text("nigeria");
    t.wait_for("Nigeria");
    t.key("Enter");
    // Legal status section: Italian citizen needs no permit.
    t.key("PageDown");
    t.key("PageDown");
    t.key("PageDown");
    t.key("PageDown");
    t.wait_for("Condizione giuridica*");
    t.type_text("citt ital");
    t.wait_for("Cittadino/a italiano/a");
    t.key("Enter");
    t.key("PageDown");
    t.key("PageDown");
    t.wait_for("Consenso privacy dato?*");
    t.key("Tab");
    t.key("Tab");
    t.type_text("s");
    t.key("Tab");
    t.type_text("22/11/2026");
    t.key("Ctrl+S");
    t.wait_for("Salvato");
    t.wait_for("OKONKWO Chiamaka Ngozi");
    t.key("Ctrl+Q");
    assert_eq!(t.wait_exit(), Some(0), "the app did not quit cleanly");

    let out = sportello(
        home.path(),
        &["search", "okonkwo chiamaka", "--json", "--db", db],
    );
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    let id = hits[0]["id"].as_str().unwrap();
    let out = sportello(home.path(), &["person", "show", id, "--json", "--db", db]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["data"]["surname"], "Okonkwo");
    assert_eq!(p["data"]["given_names"], "Chiamaka Ngozi");
    assert_eq!(p["data"]["sex"], "F");
    assert_eq!(p["data"]["birth_date"], "2001-02-03");
    assert_eq!(p["data"]["birth_country"], "NG");
    assert_eq!(p["data"]["legal_status"], "italian_citizen");
    assert_eq!(p["data"]["consent_given"], true);
    assert_eq!(p["data"]["consent_date"], "2026-11-22");
    assert_eq!(p["cases"][0]["steps"][0]["status"], "done");
}

#[test]
fn a_draft_survives_kill_9_and_comes_back_whole() {
    let home = tempfile::tempdir().unwrap();
    let db_path = home.path().join("desk.db");
    let db = db_path.to_str().unwrap();
    common::new_desk(home.path(), db);
    let mut t = Tui::logged_in(home.path(), &["--db", db, "--lang", "it"], 100, 30);
    t.wait_for("Agenda");
    t.type_text("r");
    t.wait_for("Cerca:");
    t.key("Ctrl+N");
    t.wait_for("Cognome*");
    t.type_text("Abebe");
    t.key("Tab");
    t.type_text("Selam");
    t.key("Tab");
    t.key("Tab");
    t.type_text("31/02/1999"); // an impossible date: kept exactly as typed
    t.wait_for("31/02/1999");
    // The draft reaches the database within a second of the last change.
    let start = Instant::now();
    loop {
        let store = common::store(&db_path);
        let drafts = store.drafts().unwrap();
        if drafts
            .iter()
            .any(|d| d.data.to_string().contains("31/02/1999"))
        {
            break;
        }
        assert!(start.elapsed() < TIMEOUT, "no draft written");
        std::thread::sleep(Duration::from_millis(50));
    }
    t.kill_hard();

    let mut t = Tui::logged_in(home.path(), &["--db", db, "--lang", "it"], 100, 30);
    t.wait_for("Schede non salvate");
    t.wait_for("ABEBE Selam");
    t.key("Enter");
    let screen = t.wait_for("31/02/1999");
    assert!(
        screen.contains("Abebe") && screen.contains("Selam"),
        "{screen}"
    );
    assert!(screen.contains("Questa data non esiste"), "{screen}");
    // Esc on a changed form asks before discarding.
    t.key("Esc");
    t.wait_for("Scartare le modifiche?");
    t.type_text("n");
    t.wait_until("the dialog to close", |s| {
        !s.contains("Scartare le modifiche?")
    });
    t.key("Ctrl+Q");
    assert_eq!(t.wait_exit(), Some(0));
    // Quitting kept the draft: still there for next time.
    assert_eq!(common::store(&db_path).drafts().unwrap().len(), 1);
}
