//! Where a desk lives (its key file or its anchor says so), a missing, emptied or swapped
//! database file is never taken for a new register: the real binary refuses in words,
//! says how to restore, and writes nothing; a restore puts the lost file back. An
//! interrupted setup still finishes at the next login.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common;

use sportello::service::auth;
use sportello::vault::{KeyRing, SetupKind, ring_path};

/// Every file in `dir` with its bytes: what "nothing written" is checked against.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// A desk of a few people in `dir/desk` and a backup of it; the desk's path.
fn desk_with_backup(home: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = home.join("desk");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("d.db");
    let db_s = db.to_str().unwrap();
    let made = common::sportello(home, &["--db", db_s, "demo", "--people", "12"]);
    assert!(made.status.success(), "{made:?}");
    let copy = home.join("copy.db");
    let out = common::sportello(home, &["--db", db_s, "backup", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    (db, copy)
}

/// Runs a search on `db` and checks it is refused with `words` and leaves `dir` as it was.
fn refused_untouched(home: &Path, db: &Path, words: &str) {
    let dir = db.parent().unwrap();
    let before = files(dir);
    let out = common::sportello(
        home,
        &["--db", db.to_str().unwrap(), "--lang", "en", "search", "a"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    assert!(err.contains(words), "{err}");
    assert!(err.contains("restore"), "{err}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(
        files(dir),
        before,
        "nothing written beside {}",
        db.display()
    );
}

#[test]
fn a_lost_emptied_or_swapped_register_is_refused_and_nothing_is_written() {
    let home = tempfile::tempdir().unwrap();
    let (db, copy) = desk_with_backup(home.path());

    std::fs::write(&db, b"").unwrap();
    refused_untouched(home.path(), &db, "is missing or empty");

    std::fs::remove_file(&db).unwrap();
    refused_untouched(home.path(), &db, "is missing or empty");
    assert!(!db.exists());

    // A plain register from somewhere else: not encrypted under this desk's key.
    let plain = rusqlite::Connection::open(&db).unwrap();
    plain
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(plain);
    refused_untouched(
        home.path(),
        &db,
        "is not the register its key file belongs to",
    );

    // Another desk's encrypted file.
    let other = home.path().join("other.db");
    common::new_desk(home.path(), other.to_str().unwrap());
    std::fs::copy(&other, &db).unwrap();
    refused_untouched(
        home.path(),
        &db,
        "is not the register its key file belongs to",
    );

    // The anchor alone (key file gone too) still says a desk lived here.
    std::fs::remove_file(&db).unwrap();
    std::fs::rename(ring_path(&db), home.path().join("ring-aside")).unwrap();
    refused_untouched(home.path(), &db, "is missing or empty");
    std::fs::rename(home.path().join("ring-aside"), ring_path(&db)).unwrap();

    // The restore puts the backup in place; the lost file's key file is kept beside.
    let out = common::sportello(
        home.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "restore",
            copy.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(copy.to_str().unwrap()),
        "{out:?}"
    );
    let mut aside = ring_path(&db).into_os_string();
    aside.push(".before-restore");
    assert!(Path::new(&aside).is_file());
    let out = common::sportello(home.path(), &["--db", db.to_str().unwrap(), "search", "a"]);
    assert!(out.status.success(), "{out:?}");
    assert!(!out.stdout.is_empty());
}

#[test]
fn a_setup_stopped_before_its_database_was_made_finishes_at_login() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("d.db");
    common::new_desk(home.path(), db.to_str().unwrap());
    let ring = ring_path(&db);
    assert_eq!(
        KeyRing::load(&ring).unwrap().unwrap().setup_under_way(),
        None
    );

    // As if the program had stopped right after writing the key file.
    std::fs::remove_file(&db).unwrap();
    let _ = std::fs::remove_file(sportello::store::anchor::anchor_path(&db));
    let mut r = KeyRing::load(&ring).unwrap().unwrap();
    r.set_setup(Some(SetupKind::New));
    r.save(&ring).unwrap();

    let (store, session) = auth::login(&db, common::OPERATOR, common::PASSPHRASE).unwrap();
    assert_eq!(session.username, common::OPERATOR);
    drop(store);
    assert!(db.is_file());
    assert_eq!(
        KeyRing::load(&ring).unwrap().unwrap().setup_under_way(),
        None
    );

    // Once finished, the same loss is refused like any other.
    std::fs::remove_file(&db).unwrap();
    assert!(auth::login(&db, common::OPERATOR, common::PASSPHRASE).is_err());
    assert!(!db.exists());
}
