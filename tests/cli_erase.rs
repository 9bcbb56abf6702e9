//! `sportello person erase` through the real binary: it asks for `--yes`, refuses a person
//! with an open case, and an operator who is not an administrator.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

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

#[test]
fn retention_lists_then_erases_the_closed_and_the_chain_stays_whole() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config/sportello");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "retention_months = 1\n").unwrap();
    let db = home.path().join("desk.db");
    let db = db.to_str().unwrap();
    assert!(
        sportello(home.path(), &["--db", db, "demo", "--people", "150"])
            .status
            .success()
    );
    let list = sportello(
        home.path(),
        &["--db", db, "--lang", "en", "retention", "--json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let closed: Vec<&serde_json::Value> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["person_active"] == false)
        .collect();
    assert!(!closed.is_empty(), "{v}");
    let out = sportello(
        home.path(),
        &["--db", db, "--lang", "en", "retention", "--erase"],
    );
    assert_eq!(out.status.code(), Some(3));
    let out = sportello(
        home.path(),
        &["--db", db, "--lang", "en", "retention", "--erase", "--yes"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("people erased:"));
    let gone = closed[0]["person_id"].as_str().unwrap();
    // The erased person is no longer a person of the register.
    let shown = sportello(home.path(), &["--db", db, "person", "show", gone, "--json"]);
    assert_eq!(shown.status.code(), Some(1));
    let verify = sportello(home.path(), &["--db", db, "audit", "verify"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
}
