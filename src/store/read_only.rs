//! A register file without write permission (a copy on read-only media, a file an
//! administrator locked), or on a disk too full to open it for writing: opened for
//! reading on purpose, with nothing created beside it; and the files an earlier run may
//! have left unwritable beside a writable one mended.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{CACHE_SIZE, Store, StoreError, StoreResult, migrations};
use crate::vault::DbKey;

/// Why a register was opened for reading only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnly {
    /// No one may write the file.
    FileNotWritable,
    /// The disk is full: not even the log beside the file could be made.
    DiskFull,
}

/// Whether the disk holding `path` has no room left (less than a page of the log index).
pub fn disk_full(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid C string for the call, and `st` is written by it before
    // it is read.
    unsafe {
        let mut st: libc::statvfs = std::mem::zeroed();
        if libc::statvfs(c.as_ptr(), &mut st) != 0 {
            return false;
        }
        (st.f_bavail as u64).saturating_mul(st.f_frsize as u64) < 64 * 1024
    }
}

/// Whether a log beside `path` holds writes not yet in the file.
pub(super) fn log_pending(path: &Path) -> bool {
    let [wal, _] = siblings(path);
    std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0)
}

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
    pub(super) fn open_read_only(
        path: &Path,
        key: Option<&DbKey>,
        why: ReadOnly,
    ) -> StoreResult<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // With no log left to read, the file is opened as unchanging: SQLite then creates
        // no log files beside it (they would take the file's permissions, and stop the
        // next run once the file is writable again).
        let conn = if log_pending(path) {
            Connection::open_with_flags(path, flags)?
        } else {
            let mut uri = url_path(path);
            uri.push_str("?immutable=1");
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?
        };
        let v = Store::keyed_version(&conn, key)?;
        conn.execute_batch(&format!(
            "PRAGMA query_only = ON; PRAGMA cache_size = {CACHE_SIZE};"
        ))?;
        if v < migrations::LATEST {
            return Err(StoreError::ReadOnly);
        }
        super::compact::register(&conn)?;
        Ok(Store {
            conn,
            key: key.cloned(),
            opened_read_only: Some(why),
        })
    }

    /// Why the register was opened for reading only; `None` when it was opened for
    /// writing (a damaged one may be held read-only since).
    pub fn opened_read_only(&self) -> Option<ReadOnly> {
        self.opened_read_only
    }
}
