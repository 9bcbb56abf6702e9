//! A long job in the real binary, in a pseudo-terminal: during the backup of a large register
//! every key still echoes at once and the progress bar moves; the idle lock still fires
//! while a backup runs, and the backup goes on behind it; quitting cancels a backup. A
//! backup restored in the app: a wrong path refused in words, the question, the job, the
//! login again, and the register as the backup held it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

use crate::common;

use common::pty::Tui;
use sportello::vault::ring_path;

/// Large enough that a backup takes seconds (longer than the 1.8-second idle lock below) on
/// a debug build; the demo that makes it is the slow part of the test.
const PEOPLE: &str = "45000";

/// The progress row's percentage, when the backup's row is on screen.
fn percent(screen: &str) -> Option<u32> {
    let line = screen.lines().find(|l| l.contains("Copia di sicurezza:"))?;
    let end = line.find('%')?;
    line[..end].split_whitespace().last()?.parse().ok()
}

/// Opens the backup form from the agenda and starts a copy to `dest`.
fn start_backup(t: &mut Tui, dest: &Path) {
    t.type_text("B");
    t.wait_for("chiavetta");
    t.key("Ctrl+U");
    t.type_text(dest.to_str().unwrap());
    t.key("Ctrl+S");
    t.wait_for("Copia di sicurezza:");
}

/// Opens the register and types into its search field, each key on screen before the next
/// is sent, until the backup says it is done; then empties the field. The percentages seen
/// meanwhile, and the keys typed.
fn type_until_done(t: &mut Tui) -> (BTreeSet<u32>, usize) {
    t.type_text("r");
    t.wait_for("Cerca:");
    let mut seen = BTreeSet::new();
    let mut typed = String::new();
    let mut keys = 0;
    loop {
        if typed.len() >= 20 {
            t.key("Ctrl+U");
            let old = format!("Cerca: {typed}");
            typed.clear();
            t.wait_until("the field emptied", |s| !s.contains(&old));
        }
        let c = char::from(b'a' + (keys % 26) as u8);
        typed.push(c);
        t.type_text(&c.to_string());
        keys += 1;
        let s = t.wait_for(&format!("Cerca: {typed}"));
        if let Some(p) = percent(&s) {
            seen.insert(p);
        }
        if s.contains("Copia scritta e verificata") {
            t.key("Ctrl+U");
            let old = format!("Cerca: {typed}");
            t.wait_until("the field emptied", |s| !s.contains(&old));
            return (seen, keys);
        }
    }
}

#[test]
fn keys_echo_and_the_bar_moves_during_a_backup_and_the_idle_lock_still_fires() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("desk.db");
    let db_s = db.to_str().unwrap();
    let made = common::sportello(home.path(), &["demo", "--db", db_s, "--people", PEOPLE]);
    assert!(made.status.success(), "{made:?}");
    let config = home.path().join("config/sportello");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "lock_minutes = 0.03\n").unwrap();
    let mut t = Tui::logged_in(home.path(), &["--db", db_s, "--lang", "it"], 100, 30);
    t.wait_for("Tipo:");

    // A backup; meanwhile the register's search field takes keys, each on screen before the
    // next is sent, until the backup says it is done.
    let first = home.path().join("first.db");
    start_backup(&mut t, &first);
    let (seen, keys) = type_until_done(&mut t);
    assert!(
        seen.iter().filter(|p| **p < 100).count() >= 2,
        "the bar moved while keys were typed ({keys} keys, seen {seen:?})"
    );
    assert!(first.is_file() && ring_path(&first).is_file());

    // A second backup, then no key: the lock comes up while the copy is still being made
    // (its key ring, written last, is not there yet), and the copy ends behind the lock.
    t.key("Esc");
    t.wait_for("Tipo:");
    let second = home.path().join("second.db");
    start_backup(&mut t, &second);
    let locked = t.wait_for("Sportello bloccato");
    assert!(!locked.contains("Copia di sicurezza"), "{locked}");
    assert!(
        !ring_path(&second).exists(),
        "the lock came up while the backup ran"
    );
    t.type_text(common::PASSPHRASE);
    t.key("Enter");
    t.wait_until("the app back", |s| !s.contains("Sportello bloccato"));
    type_until_done(&mut t);
    assert!(ring_path(&second).is_file());

    // Quitting during a backup cancels it: the app ends with no partial file left.
    t.key("Esc");
    t.wait_for("Tipo:");
    let third = home.path().join("third.db");
    start_backup(&mut t, &third);
    t.key("Ctrl+Q");
    assert_eq!(t.wait_exit(), Some(0));
    assert!(!third.exists() && !ring_path(&third).exists());
}

/// Whether the register's rows (not its search field) show `surname`.
fn listed(screen: &str, surname: &str) -> bool {
    screen
        .lines()
        .filter(|l| !l.contains("Cerca:"))
        .any(|l| l.to_uppercase().contains(surname))
}

#[test]
fn a_backup_is_restored_in_the_app_and_the_operator_logs_in_again() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("desk.db");
    let db_s = db.to_str().unwrap();
    let made = common::sportello(home.path(), &["demo", "--db", db_s, "--people", "300"]);
    assert!(made.status.success(), "{made:?}");
    let backup = home.path().join("copies/before.db");
    let out = common::sportello(
        home.path(),
        &["--db", db_s, "backup", backup.to_str().unwrap()],
    );
    assert!(out.status.success(), "{out:?}");
    // Written after the backup: the restore takes it away.
    common::add_person(
        home.path(),
        db_s,
        r#"{"surname": "Zzyzxtest", "given_names": "Unico", "sex": "M",
            "birth_date": "14/07/1998", "birth_country": "ER",
            "legal_status": "italian_citizen", "consent_given": false}"#,
    );
    let mut t = Tui::logged_in(home.path(), &["--db", db_s, "--lang", "it"], 100, 30);
    t.wait_for("Tipo:");
    t.type_text("r");
    t.wait_for("Cerca:");
    t.type_text("zzyzx");
    let found = t.wait_until("the new person found", |s| listed(s, "ZZYZXTEST"));
    assert!(listed(&found, "ZZYZXTEST"));
    t.key("Ctrl+U");
    t.wait_until("the field emptied", |s| !s.contains("Cerca: zzyzx"));
    t.key("Esc");
    t.wait_for("Tipo:");

    // A file that is not there: said in the box, the path kept as typed.
    t.type_text("R");
    t.wait_for("Ripristina una copia di sicurezza");
    t.key("Up");
    t.key("Ctrl+U");
    t.type_text("/nessuna/copia.db");
    t.key("Enter");
    t.type_text(common::PASSPHRASE);
    t.key("Enter");
    let refused = t.wait_for("non esiste");
    assert!(refused.contains("/nessuna/copia.db"), "{refused}");

    // The right file: the question says what happens, then the job, then the login.
    t.key("Up");
    t.key("Ctrl+U");
    t.type_text(backup.to_str().unwrap());
    t.key("Enter");
    t.type_text(common::PASSPHRASE);
    t.key("Enter");
    let asked = t.wait_for("Sostituire il registro?");
    assert!(asked.contains("conservata una copia"), "{asked}");
    t.type_text("s");
    let back = t.wait_for("Ripristinato da");
    assert!(back.contains("300 persone"), "{back}");
    t.log_in(common::OPERATOR, common::PASSPHRASE);
    t.wait_for("Tipo:");
    t.type_text("r");
    t.wait_for("Cerca:");
    t.type_text("zzyzx");
    let after = t.wait_for("Nessuna persona trovata per «zzyzx»");
    assert!(!listed(&after, "ZZYZXTEST"), "{after}");
    t.key("Ctrl+Q");
    assert_eq!(t.wait_exit(), Some(0));
    let kept: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("sportello-before-restore-"))
        .collect();
    assert_eq!(
        kept.len(),
        2,
        "the replaced register and its keys: {kept:?}"
    );
}
