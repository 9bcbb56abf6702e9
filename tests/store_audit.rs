//! The audit trail's hash chain: whole after a demo desk's work, and each kind of tampering
//! found at the entry where it happened — a flipped byte, a deleted row, a swapped pair —
//! by the store and by `sportello audit verify` (exit 4). Erasing values from the journal
//! leaves the chain whole: it holds ids and field names only.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use chrono::NaiveDate;
use common::sportello;
use rusqlite::Connection;
use sportello::store::Store;
use sportello::store::audit::Break;

fn desk(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("s.db");
    let mut s = Store::open(&path).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    sportello::demo::run(&mut s, 60, 4, today).unwrap();
    sportello::service::plan::ensure_programmes(&mut s, "demo").unwrap();
    let programmes = sportello::demo::programme_infos(&s).unwrap();
    sportello::demo::run_path(&mut s, 4, today, &programmes).unwrap();
    path
}

/// An attacker with the file: the append-only triggers are the first thing to go.
fn tamper(path: &std::path::Path, sql: &str) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql}"
    ))
    .unwrap();
}

fn verify(path: &std::path::Path) -> sportello::store::audit::Verification {
    Store::open(path).unwrap().verify_audit().unwrap()
}

#[test]
fn the_chain_is_whole_and_the_log_refuses_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk(dir.path());
    let v = verify(&path);
    let c = Connection::open(&path).unwrap();
    let lines: i64 = c
        .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
        .unwrap();
    let lines = lines as u64;
    // Each case's bulk-loaded lines share one entry.
    assert!(
        lines > 500 && v.entries > 150 && v.entries < lines,
        "{v:?} {lines}"
    );
    assert_eq!(v.first_break, None);
    assert!(
        c.execute("DELETE FROM audit_log WHERE seq = 3", [])
            .is_err()
    );
    assert!(
        c.execute("UPDATE audit_log SET operator = 'x' WHERE seq = 3", [])
            .is_err()
    );
    // Values erased from the journal (GDPR erasure) do not touch the chain.
    c.execute("UPDATE changes SET old_value = NULL, new_value = NULL", [])
        .unwrap();
    assert_eq!(verify(&path).first_break, None);
}

#[test]
fn a_flipped_byte_a_deleted_row_and_a_swapped_pair_are_each_found() {
    let dir = tempfile::tempdir().unwrap();
    let base = desk(dir.path());
    let copy = |name: &str| {
        let p = dir.path().join(name);
        Connection::open(&base)
            .unwrap()
            .execute_batch(&format!("VACUUM INTO '{}'", p.display()))
            .unwrap();
        p
    };
    let flipped = copy("flipped.db");
    // Entry 41 is a change: what it hashes is its journal line's, so altering the line is
    // altering the entry.
    tamper(
        &flipped,
        "UPDATE changes SET by = 'mallory' WHERE seq = (SELECT change FROM audit_log WHERE seq = 41)",
    );
    assert_eq!(
        verify(&flipped).first_break,
        Some(Break::Altered { seq: 41 })
    );

    // A case loaded in bulk has one entry over its run of lines: a line inside the run, or
    // the run's last line removed, breaks the chain at that entry.
    let run: i64 = Connection::open(&base)
        .unwrap()
        .query_row(
            "SELECT seq FROM audit_log WHERE last_change > change + 1 ORDER BY seq LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let inside = copy("inside.db");
    tamper(
        &inside,
        &format!(
            "UPDATE changes SET field = 'x' WHERE seq = (SELECT change + 1 FROM audit_log WHERE seq = {run})"
        ),
    );
    assert_eq!(
        verify(&inside).first_break,
        Some(Break::Altered { seq: run })
    );
    let cut = copy("cut.db");
    tamper(
        &cut,
        &format!(
            "DELETE FROM changes WHERE seq = (SELECT last_change FROM audit_log WHERE seq = {run})"
        ),
    );
    assert_eq!(verify(&cut).first_break, Some(Break::Altered { seq: run }));

    let deleted = copy("deleted.db");
    tamper(&deleted, "DELETE FROM audit_log WHERE seq = 77");
    assert_eq!(
        verify(&deleted).first_break,
        Some(Break::Removed { seq: 77 })
    );

    let swapped = copy("swapped.db");
    tamper(
        &swapped,
        "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (120, 121);
         UPDATE audit_log SET (at, operator, action, entity, entity_id, field, hash) =
           (SELECT at, operator, action, entity, entity_id, field, hash FROM t
            WHERE t.seq = 241 - audit_log.seq)
         WHERE seq IN (120, 121);",
    );
    // A line's hash covers its place (its seq and the hash of the line before): a line
    // moved is one that no longer matches where it stands.
    assert_eq!(
        verify(&swapped).first_break,
        Some(Break::Altered { seq: 120 })
    );

    // The command line says the same, and exits with 4 (once the tampered copy has an
    // administrator: setting it up encrypts it and adds entries after the break).
    for db in [&swapped, &base] {
        let demo = sportello::service::auth::NewOperator {
            username: common::OPERATOR,
            name: "Demo",
            pass: common::PASSPHRASE,
            again: common::PASSPHRASE,
        };
        sportello::service::auth::setup(db, "Test", &demo, true).unwrap();
    }
    let home = dir.path().join("home");
    let out = sportello(
        &home,
        &[
            "--db",
            swapped.to_str().unwrap(),
            "--lang",
            "en",
            "audit",
            "verify",
        ],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("entry 120 was altered or moved"), "{err}");
    let out = sportello(
        &home,
        &[
            "--db",
            base.to_str().unwrap(),
            "--lang",
            "en",
            "audit",
            "verify",
        ],
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("chain verified"));
}

#[test]
fn removing_the_last_entries_or_rewriting_the_chain_is_found_by_the_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let path = desk(dir.path());
    // `desk` closed its store: the anchor beside the file holds the head.
    assert!(sportello::store::anchor::anchor_path(&path).is_file());
    let v = verify(&path);
    assert_eq!(v.first_break, None);
    let last = v.entries as i64;

    // The last three entries go: the chain is whole in itself, but shorter than anchored.
    tamper(
        &path,
        &format!("DELETE FROM audit_log WHERE seq > {}", last - 3),
    );
    assert_eq!(
        verify(&path).first_break,
        Some(Break::Removed { seq: last - 2 })
    );
    // Opening and closing the database again does not move the anchor over the evidence.
    drop(Store::open(&path).unwrap());
    assert_eq!(
        verify(&path).first_break,
        Some(Break::Removed { seq: last - 2 })
    );

    // An altered anchor is said as such.
    let anchor = sportello::store::anchor::anchor_path(&path);
    let text = std::fs::read_to_string(&anchor).unwrap();
    std::fs::write(&anchor, text.replacen("\"seq\":", "\"seq\":1", 1)).unwrap();
    assert_eq!(verify(&path).first_break, Some(Break::AnchorAltered));
}
