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

/// The rows of every table but SQLite's own, of `counts`.
pub(crate) fn user_rows(counts: &[(String, i64)]) -> u64 {
    counts
        .iter()
        .filter(|(n, _)| !n.starts_with("sqlite_"))
        .map(|(_, c)| u64::try_from(*c).unwrap_or(0))
        .sum()
}

/// Row counts of every table, to compare a copy with its original.
pub(crate) fn counts(conn: &Connection) -> StoreResult<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'
               AND name NOT LIKE 'sqlite_stat%'
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

/// The schema's objects (type, name, table, text), to compare a copy with its original.
pub(crate) type Objects = Vec<(String, String, String, Option<String>)>;

pub(crate) fn objects(conn: &Connection) -> StoreResult<Objects> {
    Ok(conn
        .prepare(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema
             WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?)
}

/// Encrypts the plain database at `path` with `key`. The encrypted copy is written beside
/// it, checked (integrity, the same schema and the same number of rows in every table),
/// and only then renamed over the original; on any failure the original is left as it was.
/// The rows copied so far, of those counted first, are reported to the thread's
/// [`watch`](super::watch).
pub fn encrypt_in_place(path: &Path, key: &DbKey) -> StoreResult<()> {
    let tmp = sibling(path, ".encrypting");
    let _ = std::fs::remove_file(&tmp);
    let (before, schema, forward) = {
        // Brings the plain file to the current schema and folds its WAL in.
        let plain = Store::open(path)?;
        plain
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let before = counts(&plain.conn)?;
        let schema = objects(&plain.conn)?;
        let version = super::migrations::version(&plain.conn)?;
        let tmp_text = tmp.to_string_lossy();
        plain.conn.execute(
            "ATTACH DATABASE ?1 AS enc KEY ?2",
            params![tmp_text.as_ref(), key.sqlcipher_literal().trim_matches('"')],
        )?;
        plain
            .conn
            .execute_batch(&format!("PRAGMA enc.cipher_hmac_algorithm = {PAGE_HMAC};"))?;
        let forward = super::watch::Forward::new(user_rows(&before));
        let exported = super::cipher_export::export(&plain.conn, &|n| forward.to(n));
        let detached = plain.conn.execute_batch(&format!(
            "PRAGMA enc.user_version = {version}; DETACH DATABASE enc;"
        ));
        if let Err(e) = exported.and(detached.map_err(StoreError::from)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        (before, schema, forward)
    };
    let check = || -> StoreResult<()> {
        let enc = Connection::open(&tmp)?;
        apply_key(&enc, key)?;
        let ok: String = enc.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(StoreError::Other(format!("encrypted copy: {ok}")));
        }
        let after = counts(&enc)?;
        if after != before || objects(&enc)? != schema {
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
    forward.end();
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

    /// Every row of every table (virtual ones aside), in a stable order.
    fn rows(conn: &Connection) -> Vec<(String, Vec<Vec<rusqlite::types::Value>>)> {
        counts(conn)
            .unwrap()
            .into_iter()
            .map(|(t, _)| {
                let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
                let n = stmt.column_count();
                let mut all: Vec<Vec<rusqlite::types::Value>> = stmt
                    .query_map([], |r| (0..n).map(|i| r.get(i)).collect())
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                all.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
                (t, all)
            })
            .collect()
    }

    #[test]
    fn encryption_copies_every_row_and_its_fraction_only_grows_to_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plain.db");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let before = {
            let mut plain = Store::open(&p).unwrap();
            crate::demo::run(&mut plain, 3_000, 5, today).unwrap();
            plain.conn.execute_batch("PRAGMA optimize").unwrap();
            rows(&plain.conn)
        };
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let s = seen.clone();
        let key = DbKey::random().unwrap();
        crate::store::watch::watching(
            move |d, t| s.lock().unwrap().push((d, t)),
            || encrypt_in_place(&p, &key).unwrap(),
        );
        let seen = seen.lock().unwrap();
        let total = seen[0].1;
        assert!(total > 6_000, "rows counted first: {total}");
        assert!(seen.iter().all(|(_, t)| *t == total));
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
        assert_eq!(seen.last(), Some(&(total, total)));
        assert!(seen.len() > 8, "steps between 0 and 1: {}", seen.len());
        let enc = Store::open_keyed(&p, &key).unwrap();
        assert_eq!(rows(&enc.conn), before, "the same rows, rowids included");
    }
}
