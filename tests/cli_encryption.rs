//! After `sportello demo`, no demo name, tax code or phone is readable in the database file,
//! its WAL, the key ring, or any other file the program wrote (configuration, logs).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::path::Path;

use common::sportello;

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) if s.chars().count() >= 6 => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

#[test]
fn no_personal_value_is_readable_in_any_file_after_demo() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("data/desk.db");
    let dbs = db.to_str().unwrap();
    let out = sportello(home.path(), &["--db", dbs, "demo", "--people", "300"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("demo") && said.contains("passphrase"),
        "{said}"
    );

    // Every name, tax code, phone and other text of the people, read through the app.
    let store = common::store(&db);
    let page = store.search("", 0, 1000, false).unwrap();
    assert_eq!(page.rows.len(), 300);
    let mut values = Vec::new();
    for row in &page.rows {
        let p = store.person(row.id).unwrap().unwrap();
        strings(&serde_json::to_value(&p).unwrap(), &mut values);
        values.extend(row.names.iter().cloned());
    }
    drop(store);
    values.sort();
    values.dedup();
    // ISO dates and ids are not personal values on their own; names, codes, phones are.
    values.retain(|v| !v.starts_with("20") && !v.starts_with("19") && v.len() != 36);
    assert!(values.len() > 600, "{}", values.len());
    // One pass per file: each 6-byte window is looked up among the values' first 6 bytes.
    let mut by_head: std::collections::HashMap<&[u8], Vec<&[u8]>> = Default::default();
    for v in &values {
        let b = v.as_bytes();
        by_head.entry(&b[..6]).or_default().push(b);
    }

    let found = |bytes: &[u8]| -> Option<String> {
        bytes.windows(6).enumerate().find_map(|(at, w)| {
            by_head
                .get(w)?
                .iter()
                .find(|n| bytes[at..].starts_with(n))
                .map(|n| String::from_utf8_lossy(n).into_owned())
        })
    };

    // The control: the same scan finds them in a decrypted copy.
    let elsewhere = tempfile::tempdir().unwrap();
    let plain = elsewhere.path().join("plain.db");
    common::raw(dbs)
        .execute_batch(&format!(
            "ATTACH DATABASE '{}' AS plain KEY ''; SELECT sqlcipher_export('plain'); DETACH DATABASE plain;",
            plain.display()
        ))
        .unwrap();
    assert!(found(&std::fs::read(&plain).unwrap()).is_some());

    let mut all = Vec::new();
    files(home.path(), &mut all);
    assert!(all.iter().any(|p| p.ends_with("desk.db.keys")));
    for path in all {
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(found(&bytes), None, "{}", path.display());
    }
}
