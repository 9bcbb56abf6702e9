//! A register file without write permission (a copy on read-only media, a file an
//! administrator locked): opened for reading on purpose, with nothing created beside it,
//! and the files an earlier run may have left unwritable beside a writable one mended.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{BUSY_TIMEOUT, CACHE_SIZE, Store, StoreError, StoreResult, cipher, migrations};
use crate::vault::DbKey;

/// Whether the file at `path` exists and no one may write it (its permission bits say so,
/// whoever runs the program).
pub fn file_is_read_only(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// The write-ahead log and its index beside `db`.
fn siblings(db: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|end| {
        let mut s = db.as_os_str().to_owned();
        s.push(end);
        PathBuf::from(s)
    })
}

/// Gives the log files beside a writable `db` its permissions when a run on the file while
/// it was read-only left them unwritable (every later open would fail on them).
pub(super) fn mend_siblings(db: &Path) {
    let Ok(own) = std::fs::metadata(db).map(|m| m.permissions()) else {
        return;
    };
    if own.readonly() {
        return;
    }
    for s in siblings(db) {
        if std::fs::metadata(&s).is_ok_and(|m| m.permissions().readonly())
            && let Err(e) = std::fs::set_permissions(&s, own.clone())
        {
            tracing::warn!("{} left unwritable: {e}", s.display());
        }
    }
}

/// `path` as a `file:` URI, its reserved characters escaped.
fn url_path(path: &Path) -> String {
    let mut out = String::from("file:");
    for b in path.as_os_str().as_encoded_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(*b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Store {
    /// Opens the read-only file at `path` for reading only: no schema step, no journal
    /// mode set, every write refused ([`StoreError::ReadOnly`]). A file older than this
    /// build cannot be brought up to date, and is refused as read-only.
    pub(super) fn open_read_only(path: &Path, key: Option<&DbKey>) -> StoreResult<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // With no log left to read, the file is opened as unchanging: SQLite then creates
        // no log files beside it (they would take the file's permissions, and stop the
        // next run once the file is writable again).
        let [wal, _] = siblings(path);
        let conn = if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            Connection::open_with_flags(path, flags)?
        } else {
            let mut uri = url_path(path);
            uri.push_str("?immutable=1");
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?
        };
        if let Some(k) = key {
            cipher::apply_key(&conn, k)?;
        }
        conn.execute_batch(&format!(
            "PRAGMA temp_store = MEMORY; PRAGMA query_only = ON; PRAGMA cache_size = {CACHE_SIZE};"
        ))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        let v = migrations::version(&conn)?;
        if v > migrations::LATEST {
            return Err(StoreError::NewerSchema(v));
        }
        if v < migrations::LATEST {
            return Err(StoreError::ReadOnly);
        }
        super::compact::register(&conn)?;
        Ok(Store {
            conn,
            key: key.cloned(),
            file_read_only: true,
        })
    }

    /// Whether the file itself is read-only (rather than a damaged register held so).
    pub fn file_read_only(&self) -> bool {
        self.file_read_only
    }
}
