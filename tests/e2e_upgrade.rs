//! A register written by an older version, opened by the real binary: after login the app
//! shows the upgrade with its step and percentage, then reaches the agenda; a command on it
//! says on standard error how far the upgrade has got, then does its work.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use crate::common;

use common::pty::Tui;
use sportello::store::migrations::LATEST;
use sportello::vault::{DbKey, KeyRing, ring_path};

/// Enough journal lines that the upgrade lasts more than a frame on a debug build.
const LINES: usize = 40_000;

/// An encrypted desk at schema step 12 (before the journal's compact form) with its key
/// ring for the demo administrator and `lines` journal lines with their audit entries.
fn older_desk(dir: &Path, name: &str, lines: usize) -> PathBuf {
    let db = dir.join(name);
    let key = DbKey::random().unwrap();
    sportello::store::upgrade::older_at_twelve(&db, Some(&key), Some(common::OPERATOR), lines)
        .unwrap();
    let mut ring = KeyRing::new();
    ring.add(common::OPERATOR, common::PASSPHRASE, &key)
        .unwrap();
    ring.save(&ring_path(&db)).unwrap();
    db
}

/// The upgrade row's percentage, when it is on screen.
fn percent(screen: &str) -> Option<u32> {
    let line = screen
        .lines()
        .find(|l| l.contains("Aggiornamento del registro:"))?;
    let end = line.find('%')?;
    line[..end].split_whitespace().last()?.parse().ok()
}

/// The schema version of the desk at `db`, read as the demo administrator.
fn version(db: &Path) -> u32 {
    let conn = common::raw(db.to_str().unwrap());
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_older_register_shows_its_upgrade_then_the_agenda() {
    let home = tempfile::tempdir().unwrap();
    let db = older_desk(home.path(), "old.db", LINES);
    assert_eq!(version(&db), 12);
    let mut t = Tui::spawn(home.path(), &["--db", db.to_str().unwrap()], 100, 30);
    t.log_in(common::OPERATOR, common::PASSPHRASE);
    let during = t.wait_until("the upgrade and its percentage", |s| {
        s.contains("Aggiornamento del registro:") && s.contains('%')
    });
    assert!(during.contains("passo 13 di"), "{during}");
    assert!(during.contains("righe da"), "{during}");
    // The percentage moves while the steps run, then the agenda opens.
    let mut seen = std::collections::BTreeSet::new();
    let end = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let agenda = loop {
        let s = t.screen();
        assert!(std::time::Instant::now() < end, "no agenda:\n{s}");
        if let Some(p) = percent(&s) {
            seen.insert(p);
        }
        if s.contains("Agenda") && !s.contains("righe da") {
            break s;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    assert!(seen.iter().any(|p| (1..100).contains(p)), "{seen:?}");
    // The word that it is done comes with the agenda, or a frame after it.
    if !agenda.contains("Registro aggiornato") {
        let done = t.wait_for("Registro aggiornato");
        assert!(done.contains("Agenda"), "{done}");
    }
    t.key("Ctrl+Q");
    t.wait_exit();
    assert_eq!(version(&db), LATEST);
}

#[test]
fn a_command_on_an_older_register_says_how_far_the_upgrade_has_got() {
    let home = tempfile::tempdir().unwrap();
    let db = older_desk(home.path(), "old.db", LINES / 4);
    let out = common::sportello(home.path(), &["--db", db.to_str().unwrap(), "agenda"]);
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("aggiornamento del registro"))
        .collect();
    assert!(lines.len() >= 3, "{err}");
    assert!(lines[0].contains("passo 13 di"), "{err}");
    assert!(lines.last().unwrap().ends_with("100%"), "{err}");
    assert_eq!(version(&db), LATEST);
    // A small register says nothing.
    let small = older_desk(home.path(), "small.db", 10);
    let out = common::sportello(home.path(), &["--db", small.to_str().unwrap(), "agenda"]);
    assert!(out.status.success(), "{out:?}");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("aggiornamento"),
        "{out:?}"
    );
    assert_eq!(version(&small), LATEST);
}
