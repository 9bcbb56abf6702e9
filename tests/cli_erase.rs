//! `sportello person erase` through the real binary: it asks for `--yes`, refuses a person
//! with an open case, and an operator who is not an administrator.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::sportello;

#[test]
fn erase_asks_for_yes_and_refuses_an_open_case() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("desk.db");
    let db = db.to_str().unwrap();
    assert!(
        sportello(home.path(), &["--db", db, "demo", "--people", "30"])
            .status
            .success()
    );
    let hits = sportello(
        home.path(),
        &["--db", db, "search", "", "--limit", "1", "--json"],
    );
    let hits: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    let id = hits[0]["id"].as_str().unwrap().to_string();

    let out = sportello(
        home.path(),
        &["--db", db, "--lang", "en", "person", "erase", &id],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));

    // The most recently active demo person has an open case.
    let out = sportello(
        home.path(),
        &["--db", db, "--lang", "en", "person", "erase", &id, "--yes"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("open case"));
    let shown = sportello(home.path(), &["--db", db, "person", "show", &id]);
    assert!(shown.status.success());
}
