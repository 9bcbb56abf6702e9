//! Encryption at rest (SQLCipher): keying a connection, telling a plain file from an
//! encrypted one, and encrypting a plain file in place without losing anything.

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};
use zeroize::Zeroizing;

use super::{Store, StoreError, StoreResult};
use crate::vault::DbKey;

/// What is at a database path before it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// No file, or an empty one: a new database.
    New,
    /// A plain SQLite file (from before encryption).
    Plain,
    /// Anything else: an encrypted database (or a file that is not one, found on opening).
    Encrypted,
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

pub fn file_state(path: &Path) -> StoreResult<FileState> {
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::New),
        Err(e) => return Err(StoreError::other(e)),
    };
    let mut head = [0u8; 16];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(StoreError::other(e)),
        }
    }
    Ok(match n {
        0 => FileState::New,
        _ if &head == SQLITE_HEADER => FileState::Plain,
        _ => FileState::Encrypted,
    })
}

/// How every page is authenticated: HMAC-SHA256 instead of SQLCipher 4's default
/// HMAC-SHA512. Checking each page read is most of what encryption costs (a profile of the
/// first agenda build: SHA-512 took 29% of the samples, AES 2%), and SHA-256 runs on the
/// processors' SHA extensions, which have no SHA-512: the first agenda build on 100,000
/// people went from ~150 to ~115 ms (BENCHMARKS.md, issue 5, session 4). Page HMACs are 32 bytes
/// instead of 64; the key is a random 256-bit one, given raw.
pub const PAGE_HMAC: &str = "HMAC_SHA256";

/// Keys a fresh connection: the first statements it runs (the key, how its pages are
/// authenticated, and no SQLCipher log on the terminal). The statements' text, which holds
/// the key, is wiped when dropped.
pub fn apply_key(conn: &Connection, key: &DbKey) -> StoreResult<()> {
    let mut sql = Zeroizing::new(String::with_capacity(160));
    sql.push_str("PRAGMA key = ");
    sql.push_str(&key.sqlcipher_literal());
    sql.push_str("; PRAGMA cipher_hmac_algorithm = ");
    sql.push_str(PAGE_HMAC);
    // SQLCipher logs a page that fails its check on stderr, which is the terminal the TUI
    // draws on; the failure itself comes back as an error, reported in the operator's words.
    sql.push_str("; PRAGMA cipher_log_level = NONE;");
    conn.execute_batch(&sql)?;
    Ok(())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Row counts of every table, to compare a copy with its original.
fn counts(conn: &Connection) -> StoreResult<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        let q = format!("SELECT count(*) FROM \"{}\"", n.replace('"', "\"\""));
        out.push((n, conn.query_row(&q, [], |r| r.get(0))?));
    }
    Ok(out)
}

/// Encrypts the plain database at `path` with `key`. The encrypted copy is written beside
/// it, checked (integrity, and the same number of rows in every table), and only then
/// renamed over the original; on any failure the original is left as it was.
pub fn encrypt_in_place(path: &Path, key: &DbKey) -> StoreResult<()> {
    let tmp = sibling(path, ".encrypting");
    let _ = std::fs::remove_file(&tmp);
    let before = {
        // Brings the plain file to the current schema and folds its WAL in.
        let plain = Store::open(path)?;
        plain
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let before = counts(&plain.conn)?;
        let version = super::migrations::version(&plain.conn)?;
        let tmp_text = tmp.to_string_lossy();
        plain.conn.execute(
            "ATTACH DATABASE ?1 AS enc KEY ?2",
            params![tmp_text.as_ref(), key.sqlcipher_literal().trim_matches('"')],
        )?;
        plain
            .conn
            .execute_batch(&format!("PRAGMA enc.cipher_hmac_algorithm = {PAGE_HMAC};"))?;
        plain
            .conn
            .query_row("SELECT sqlcipher_export('enc')", [], |_| Ok(()))?;
        plain.conn.execute_batch(&format!(
            "PRAGMA enc.user_version = {version}; DETACH DATABASE enc;"
        ))?;
        before
    };
    let check = || -> StoreResult<()> {
        let enc = Connection::open(&tmp)?;
        apply_key(&enc, key)?;
        let ok: String = enc.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(StoreError::Other(format!("encrypted copy: {ok}")));
        }
        let after = counts(&enc)?;
        if after != before {
            return Err(StoreError::Other(
                "encrypted copy does not hold the same rows".into(),
            ));
        }
        Ok(())
    };
    if let Err(e) = check() {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).map_err(StoreError::other)?;
    // The plain file's anchor was authenticated without the key: the encrypted file's first
    // connection writes its own.
    for s in ["-wal", "-shm", ".anchor"] {
        let _ = std::fs::remove_file(sibling(path, s));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_states() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.db");
        assert_eq!(file_state(&p).unwrap(), FileState::New);
        std::fs::write(&p, b"").unwrap();
        assert_eq!(file_state(&p).unwrap(), FileState::New);
        drop(Store::open(&p).unwrap());
        assert_eq!(file_state(&p).unwrap(), FileState::Plain);
        let q = dir.path().join("b.db");
        let key = DbKey::random().unwrap();
        drop(Store::open_keyed(&q, &key).unwrap());
        assert_eq!(file_state(&q).unwrap(), FileState::Encrypted);
        let wrong = DbKey::random().unwrap();
        assert_eq!(
            Store::open_keyed(&q, &wrong).err(),
            Some(StoreError::NotADatabase)
        );
        assert_eq!(Store::open(&q).err(), Some(StoreError::NotADatabase));
        assert!(
            Store::open_keyed(&q, &key)
                .unwrap()
                .reopen()
                .unwrap()
                .is_encrypted()
        );
    }
}
