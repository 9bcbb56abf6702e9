//! A damaged register in the real binary: found at login, held read-only and said so in
//! words, every write refused while reads go on; `sportello check` lists what is damaged
//! and says how to restore (exit 8), and says a whole register is whole (exit 0).

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use crate::common;

/// Overwrites `n` leaf pages of `table` with noise (their page check then fails).
fn spoil(db: &Path, table: &str, n: usize) {
    let pages: Vec<i64> = {
        let conn = common::raw(db.to_str().unwrap());
        let mut st = conn
            .prepare("SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = 'leaf' LIMIT ?2")
            .unwrap();
        st.query_map(rusqlite::params![table, n as i64], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(pages.len(), n, "{table} has {n} leaf pages");
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    for p in pages {
        f.seek(SeekFrom::Start((p as u64 - 1) * 4096)).unwrap();
        f.write_all(&[0x5a; 4096]).unwrap();
    }
    f.sync_all().unwrap();
}

fn run(home: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = common::sportello(home, args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_damaged_register_is_read_only_and_check_says_what_to_do() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("d.db");
    let db_s = db.to_str().unwrap();
    let made = common::sportello(home.path(), &["--db", db_s, "demo", "--people", "150"]);
    assert!(made.status.success(), "{made:?}");

    let (code, out, _) = run(home.path(), &["--db", db_s, "--lang", "en", "check"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("is whole") && out.contains("audit trail verified"),
        "{out}"
    );

    let copy = home.path().join("copy.db");
    let (code, out, err) = run(
        home.path(),
        &["--db", db_s, "backup", copy.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{out}{err}");
    spoil(&db, "changes", 5);
    let before = std::fs::read(&db).unwrap();

    // Reads still answer, with the warning; a write is refused in words.
    let (code, out, err) = run(home.path(), &["--db", db_s, "--lang", "en", "search", "a"]);
    let log = std::fs::read_to_string(home.path().join("state/sportello/sportello.log"))
        .unwrap_or_default();
    assert_eq!(code, Some(0), "{err}\n{log}");
    assert!(!out.is_empty());
    assert!(
        err.contains("The register is damaged") && err.contains("read-only"),
        "{err}"
    );
    let err_damaged = err.clone();
    let person = common::person_file(home.path());
    let (code, _, err) = run(
        home.path(),
        &[
            "--db",
            db_s,
            "--lang",
            "it",
            "person",
            "add",
            "--json",
            person.to_str().unwrap(),
        ],
    );
    assert_ne!(code, Some(0), "{err}");
    assert!(err.contains("sola lettura"), "{err}");

    let (code, out, err) = run(home.path(), &["--db", db_s, "--lang", "en", "check"]);
    assert_eq!(code, Some(8), "{out}{err}");
    assert!(out.contains("Damaged pages or indexes"), "{out}");
    assert!(err.contains("restore BACKUP"), "{err}");
    assert!(!err.contains('\u{240a}'), "no raw lines joined: {err}");

    // The app: the same words after login, and "read-only" beside the file's name.
    let mut t = common::pty::Tui::logged_in(home.path(), &["--db", db_s, "--lang", "en"], 100, 30);
    let s = t.wait_for("The register is damaged");
    assert!(
        s.lines().next().unwrap_or("").contains("read-only · d.db"),
        "{s}"
    );
    t.key("Ctrl+Q");
    t.wait_exit();

    // Nothing was written into the damaged file by any of it.
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // The way out the words give: the file moved aside, the backup put in its place.
    assert!(err_damaged.contains(&format!("sportello --db {db_s} restore BACKUP")));
    std::fs::rename(&db, home.path().join("damaged.db")).unwrap();
    let (code, out, err) = run(
        home.path(),
        &[
            "--db",
            db_s,
            "--lang",
            "en",
            "restore",
            copy.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{out}{err}");
    let (code, out, err) = run(home.path(), &["--db", db_s, "--lang", "en", "check"]);
    assert_eq!(code, Some(0), "{out}{err}");
}

#[test]
fn a_large_register_is_checked_beside_the_app_after_login() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("big.db");
    let db_s = db.to_str().unwrap();
    let made = common::sportello(home.path(), &["--db", db_s, "demo", "--people", "6000"]);
    assert!(made.status.success(), "{made:?}");
    let size = std::fs::metadata(&db).unwrap().len();
    assert!(
        size > sportello::store::health::CHECK_AT_LOGIN_BYTES,
        "{size} bytes: too small to be checked beside the app"
    );
    spoil(&db, "changes", 5);

    // The agenda comes first, then the check's finding.
    let mut t = common::pty::Tui::logged_in(home.path(), &["--db", db_s, "--lang", "en"], 100, 30);
    let s = t.wait_for("Kind:");
    assert!(!s.contains("read-only"), "{s}");
    let s = t.wait_for("The register is damaged");
    assert!(
        s.lines()
            .next()
            .unwrap_or("")
            .contains("read-only · big.db"),
        "{s}"
    );
    t.key("Ctrl+Q");
    t.wait_exit();
}
