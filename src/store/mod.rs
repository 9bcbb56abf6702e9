//! The database: the only module that speaks SQL.
//!
//! One SQLite file (WAL, foreign keys on), schema built by [`migrations`]. Every change is
//! written with its lines in the changes journal in the same transaction. The register's
//! search is in [`search`]; [`worker::SearchWorker`] runs it off the UI thread.

mod agenda;
pub mod anchor;
pub mod audit;
pub mod backup;
pub mod bulk;
mod bulk_write;
mod cases;
pub mod cipher;
mod cipher_export;
mod codec;
mod compact;
mod drafts;
mod duplicates;
pub mod erase;
mod error;
pub mod follow_ups;
pub mod funder;
pub mod health;
mod import;
pub mod internships;
mod journal;
mod merge;
pub mod migrations;
pub mod money;
mod operators;
pub mod partners;
mod people;
mod person_rows;
pub mod read_only;
mod referrals;
mod retention;
mod schema_compact;
mod schema_ids;
mod schema_steps;
mod search;
mod search_index;
mod search_keys;
mod search_query;
mod stale;
pub mod stats;
pub mod upgrade;
pub mod watch;
pub mod worker;

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

use crate::vault::DbKey;

pub use agenda::{FACT_COUNT_CAP, FactQuery, KindFacts, Window};
pub use cases::{CaseForm, CaseRefusal, CloseRefusal, Closure};
pub use drafts::Draft;
pub use error::{StoreError, StoreResult};
pub use journal::JournalEntry;
pub use merge::{LastMerge, MergeRefused};
pub use operators::{Operator, Role};
pub use partners::{NetworkFigures, StoredPartner};
pub use people::{EditConflict, SaveOutcome, TaxCodeEntry};
pub use referrals::{Referral, ReferralEvent, ReferralRefusal};
pub use retention::Expired;
pub use search::{COUNT_CAP, FIRST_PAGE};
pub use worker::{DupesRequest, DupesWorker, SearchRequest, SearchResponse, SearchWorker};

/// The page cache of a connection, in KiB (negative: SQLite's unit for a size in KiB). 64 MB:
/// the agenda reads rows of nine tables; with 32 MB its build over 100,000 people thrashed the
/// cache (50 ms instead of 30, `cargo run --release --example agenda_kinds`).
pub(crate) const CACHE_SIZE: i64 = -64_000;

/// How long a writer waits for another program's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_millis(5000);

/// An open database, and the key it was opened with (for the other connections the program
/// opens to the same file: the search worker's, a backup's).
pub struct Store {
    conn: Connection,
    key: Option<DbKey>,
    /// Why it was opened for reading only ([`read_only`]).
    opened_read_only: Option<read_only::ReadOnly>,
}

impl Drop for Store {
    /// Anchors the audit trail's head beside the file (see [`anchor`]); best effort.
    fn drop(&mut self) {
        if self.opened_read_only.is_some() {
            return;
        }
        if let Some(db) = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
            && let Err(e) = anchor::advance(&self.conn, &db, self.key.as_ref())
        {
            tracing::warn!("audit anchor not written: {e}");
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl Store {
    /// Opens the database at `path`, creating the file if it is missing, and brings its
    /// schema up to date. A file that is not a database is reported, never overwritten.
    /// The file is not encrypted: tests, benchmarks, and a database from before encryption
    /// on its way to being encrypted ([`cipher::encrypt_in_place`]).
    pub fn open(path: &Path) -> StoreResult<Store> {
        Store::open_file(path, None)
    }

    /// Opens the encrypted database at `path` with its key (a new file is created
    /// encrypted). A wrong key reads as [`StoreError::NotADatabase`].
    pub fn open_keyed(path: &Path, key: &DbKey) -> StoreResult<Store> {
        Store::open_file(path, Some(key))
    }

    /// A file that may not be written is opened for reading ([`read_only`]); any other is
    /// opened, or created, and brought up to date.
    fn open_file(path: &Path, key: Option<&DbKey>) -> StoreResult<Store> {
        if read_only::file_is_read_only(path) {
            return Store::open_read_only(path, key, read_only::ReadOnly::FileNotWritable);
        }
        read_only::mend_siblings(path);
        match Store::init(Connection::open(path)?, key) {
            // The log index beside the file could not be made: with nothing left in a log,
            // the file is read as it is.
            Err(StoreError::Other(e))
                if path.exists() && read_only::disk_full(path) && !read_only::log_pending(path) =>
            {
                tracing::warn!("{}: disk full, opened for reading: {e}", path.display());
                Store::open_read_only(path, key, read_only::ReadOnly::DiskFull)
            }
            opened => opened,
        }
    }

    /// A private database in memory (tests, dry runs).
    pub fn open_memory() -> StoreResult<Store> {
        Store::init(Connection::open_in_memory()?, None)
    }

    /// A register in memory with no tables: the desk's place-holder before anyone is in,
    /// which nothing reads (a read would fail as on a damaged file). Made at once, where
    /// [`Store::open_memory`] runs every schema step.
    pub fn placeholder() -> StoreResult<Store> {
        Ok(Store {
            conn: Connection::open_in_memory()?,
            key: None,
            opened_read_only: None,
        })
    }

    /// Another connection to the same file with the same key (the search worker's).
    pub fn reopen(&self) -> StoreResult<Store> {
        let path = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .ok_or_else(|| StoreError::Other("an in-memory database has no file".into()))?;
        let other = Store::open_file(Path::new(path), self.key.as_ref())?;
        if self.is_read_only() {
            other.hold_read_only()?;
        }
        Ok(other)
    }

    /// The key the file was opened with (to wrap it for a new operator).
    pub(crate) fn key(&self) -> Option<&DbKey> {
        self.key.as_ref()
    }

    /// Whether the file was opened with a key.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    fn init(conn: Connection, key: Option<&DbKey>) -> StoreResult<Store> {
        let mut conn = Store::connect(conn, key)?;
        let found = migrations::version(&conn)?;
        migrations::migrate(&mut conn, migrations::LATEST)?;
        if found == 0 {
            // A new file: the pages of the tables later steps rewrote are given back.
            conn.execute_batch("VACUUM")?;
        }
        audit::backfill(&mut conn)?;
        search_keys::backfill(&mut conn)?;
        Ok(Store {
            conn,
            key: key.cloned(),
            opened_read_only: None,
        })
    }

    /// A connection keyed and set up as the store's, its schema as found (`upgrade` brings
    /// it up to date with progress; [`Store::init`] at once).
    fn connect(conn: Connection, key: Option<&DbKey>) -> StoreResult<Connection> {
        Store::keyed_version(&conn, key)?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
        conn.execute_batch(&format!(
            "PRAGMA foreign_keys = ON;
             PRAGMA synchronous = NORMAL;
             PRAGMA cache_size = {CACHE_SIZE};"
        ))?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(conn)
    }

    /// Keys `conn`, keeps its sorts in memory, and reads its schema version: a file that is
    /// not a database, or one from a newer program, fails here before anything is written.
    fn keyed_version(conn: &Connection, key: Option<&DbKey>) -> StoreResult<u32> {
        if let Some(k) = key {
            cipher::apply_key(conn, k)?;
        }
        // Sorts and temporary indexes stay in memory: nothing personal in a temporary file.
        conn.execute_batch("PRAGMA temp_store = MEMORY;")?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        let v = migrations::version(conn)?;
        if v > migrations::LATEST {
            return Err(StoreError::NewerSchema(v));
        }
        Ok(v)
    }

    /// Sets this connection's page cache, in KiB (a worker that reads a narrow part of the
    /// file needs less than the main connection's [`CACHE_SIZE`]).
    pub fn set_cache_kib(&self, kib: i64) -> StoreResult<()> {
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{};", kib.max(1024)))?;
        Ok(())
    }

    /// Changes how long a statement waits for a lock held by another connection.
    pub fn set_busy_timeout(&self, timeout: Duration) -> StoreResult<()> {
        Ok(self.conn.busy_timeout(timeout)?)
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> StoreResult<u32> {
        migrations::version(&self.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pragmas_are_set_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("p.db")).unwrap();
        let get = |p: &str| -> String {
            s.conn
                .query_row(&format!("PRAGMA {p}"), [], |r| {
                    r.get::<_, rusqlite::types::Value>(0)
                })
                .map(|v| format!("{v:?}"))
                .unwrap()
        };
        assert_eq!(get("journal_mode"), "Text(\"wal\")");
        assert_eq!(get("foreign_keys"), "Integer(1)");
        assert_eq!(get("synchronous"), "Integer(1)");
        assert_eq!(get("busy_timeout"), "Integer(5000)");
    }
}
