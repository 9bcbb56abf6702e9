//! Encryption at rest: a plain database from before encryption is encrypted in place with
//! nothing lost, and afterwards no personal value is readable in the file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use sportello::store::cipher::{FileState, PAGE_HMAC, apply_key, encrypt_in_place, file_state};
use sportello::store::{Store, StoreError};
use sportello::vault::DbKey;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Whether the file's pages are authenticated as the store says ([`PAGE_HMAC`]): keyed
/// with SQLCipher's defaults (HMAC-SHA512) nothing can be read, keyed as the store keys it
/// everything can.
fn written_with_page_hmac(path: &std::path::Path, key: &DbKey) -> bool {
    let read = |conn: &rusqlite::Connection| {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .is_ok()
    };
    let defaults = rusqlite::Connection::open(path).unwrap();
    defaults
        .execute_batch(&format!("PRAGMA key = {};", *key.sqlcipher_literal()))
        .unwrap();
    let store_way = rusqlite::Connection::open(path).unwrap();
    apply_key(&store_way, key).unwrap();
    let setting: Vec<String> = store_way
        .prepare("PRAGMA cipher_settings")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    !read(&defaults)
        && read(&store_way)
        && setting.contains(&format!("PRAGMA cipher_hmac_algorithm = {PAGE_HMAC};"))
}

#[test]
fn a_new_encrypted_database_authenticates_its_pages_with_hmac_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let key = DbKey::random().unwrap();
    let mut store = Store::open_keyed(&path, &key).unwrap();
    sportello::demo::run(&mut store, 20, 7, today()).unwrap();
    drop(store);
    assert_eq!(PAGE_HMAC, "HMAC_SHA256");
    assert!(written_with_page_hmac(&path, &key));
}

#[test]
fn a_plain_database_is_encrypted_in_place_with_everything_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let (people, surname, journal, search) = {
        let mut plain = Store::open(&path).unwrap();
        sportello::demo::run(&mut plain, 200, 7, today()).unwrap();
        let programmes = sportello::demo::programme_infos(&plain).unwrap();
        sportello::demo::run_path(&mut plain, 7, today(), &programmes).unwrap();
        let first = plain.search("", 0, 1, false).unwrap().rows.remove(0);
        let surname = first.names[0].split(' ').next().unwrap().to_string();
        let journal = plain.verify_audit().unwrap().entries;
        let search = plain.search(&surname, 0, 50, true).unwrap().total;
        (plain.count_people().unwrap(), surname, journal, search)
    };
    assert!(contains(&std::fs::read(&path).unwrap(), &surname));
    assert_eq!(file_state(&path).unwrap(), FileState::Plain);

    let key = DbKey::random().unwrap();
    encrypt_in_place(&path, &key).unwrap();
    assert_eq!(file_state(&path).unwrap(), FileState::Encrypted);
    assert!(!dir.path().join("desk.db.encrypting").exists());
    assert_eq!(Store::open(&path).err(), Some(StoreError::NotADatabase));

    assert!(written_with_page_hmac(&path, &key));
    let enc = Store::open_keyed(&path, &key).unwrap();
    assert_eq!(enc.count_people().unwrap(), people);
    assert_eq!(enc.search(&surname, 0, 50, true).unwrap().total, search);
    let v = enc.verify_audit().unwrap();
    assert_eq!((v.entries, v.first_break), (journal, None));
    drop(enc);
    for f in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(f.unwrap().path()).unwrap();
        assert!(!contains(&bytes, &surname));
    }
}

#[test]
fn a_failed_encryption_leaves_the_plain_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    std::fs::write(&path, b"SQLite format 3\0 but nothing after").unwrap();
    let before = std::fs::read(&path).unwrap();
    let key = DbKey::random().unwrap();
    assert!(encrypt_in_place(&path, &key).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_damaged_page_is_reported_as_damage_and_nothing_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let key = DbKey::random().unwrap();
    {
        let mut store = Store::open_keyed(&path, &key).unwrap();
        sportello::demo::run(&mut store, 300, 7, today()).unwrap();
    }
    // Every page but the first few has bytes overwritten: each fails its HMAC on reading.
    let mut bytes = std::fs::read(&path).unwrap();
    let pages = bytes.len() / 4096;
    for page in 3..pages {
        bytes[page * 4096 + 100..page * 4096 + 164].fill(0);
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open_keyed(&path, &key)
        .and_then(|s| s.search("", 0, 50, true).map(|r| r.total))
        .unwrap_err();
    assert_eq!(err, StoreError::Damaged);
    assert_eq!(err.message_key(), "store.error.damaged");
}
