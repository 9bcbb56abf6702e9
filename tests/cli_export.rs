//! `sportello person export`: everything held about a person, as JSON and as text, with who
//! saw or changed it; the export itself goes into the audit trail, whose chain stays whole.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::sportello;

#[test]
fn a_person_is_exported_whole_and_the_export_is_audited() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("desk.db");
    let db = db.to_str().unwrap();
    let out = sportello(
        home.path(),
        &["--db", db, "demo", "--people", "200", "--seed", "7"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits = sportello(
        home.path(),
        &["--db", db, "search", "", "--limit", "1", "--json"],
    );
    let hits: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    let id = hits[0]["id"].as_str().unwrap().to_string();
    let dir = home.path().join("export");
    let args = ["--db", db, "--lang", "en", "person", "export", &id, "--out"];
    let mut args: Vec<&str> = args.to_vec();
    args.push(dir.to_str().unwrap());
    let out = sportello(home.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("person-{id}.json"))).unwrap(),
    )
    .unwrap();
    let surname = json["person"]["data"]["surname"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!json["cases"].as_array().unwrap().is_empty());
    let audit = json["audit"].as_array().unwrap();
    assert!(audit.iter().any(|e| e["action"] == "change"), "{audit:?}");
    assert_eq!(audit.last().unwrap()["action"], "export");
    let text = std::fs::read_to_string(dir.join(format!("person-{id}.txt"))).unwrap();
    assert!(text.contains(&surname), "{text}");
    // A person's whole file: readable by its owner only.
    for end in ["json", "txt"] {
        use std::os::unix::fs::PermissionsExt;
        let m = std::fs::metadata(dir.join(format!("person-{id}.{end}"))).unwrap();
        assert_eq!(m.permissions().mode() & 0o777, 0o600, "{end}");
    }
    assert!(text.contains("Who saw or changed these data"), "{text}");
    // The record and the action in words, never the table's name or the action's code.
    let trail = &text[text.find("Who saw or changed these data").unwrap()..];
    assert!(trail.contains("Person"), "{trail}");
    assert!(
        !trail.contains(" person") && !trail.contains("ledger"),
        "{trail}"
    );
    let out = sportello(home.path(), &["--db", db, "audit", "verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
