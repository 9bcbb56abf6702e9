//! Whether the file is whole: SQLite's page checks, quick at login on a file small enough
//! to read at once, in full on demand (`sportello check`); and the read-only mode a damaged
//! register is held in, so that nothing more is written into it.

use std::path::Path;

use super::{Store, StoreError, StoreResult};

/// Files up to this size are checked at every login (a quick check reads each page once:
/// about a tenth of a second for 32 MiB here).
pub const CHECK_AT_LOGIN_BYTES: u64 = 32 * 1024 * 1024;

/// At most this many problems are listed.
const MAX_PROBLEMS: u32 = 20;

/// How thoroughly pages are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Every page read and its structure checked (`quick_check`).
    Quick,
    /// As quick, and every index checked against its table (`integrity_check`).
    Full,
}

impl Store {
    /// The problems the page check finds, none when the file is whole. A page that cannot
    /// even be read (an encrypted page whose check fails) is one problem.
    pub fn check_pages(&self, depth: Depth) -> StoreResult<Vec<String>> {
        let pragma = match depth {
            Depth::Quick => "quick_check",
            Depth::Full => "integrity_check",
        };
        let run = || -> Result<Vec<String>, rusqlite::Error> {
            let mut st = self
                .conn
                .prepare(&format!("PRAGMA {pragma}({MAX_PROBLEMS})"))?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect()
        };
        match run() {
            Ok(lines) => Ok(lines.into_iter().filter(|l| l != "ok").collect()),
            Err(e) => match StoreError::from(e) {
                e @ (StoreError::Damaged | StoreError::NotADatabase) => Ok(vec![e.to_string()]),
                e => Err(e),
            },
        }
    }

    /// Holds this connection read-only: every later write is refused
    /// ([`StoreError::ReadOnly`]).
    pub fn hold_read_only(&self) -> StoreResult<()> {
        self.conn.execute_batch("PRAGMA query_only = ON")?;
        Ok(())
    }

    /// Whether this connection is held read-only.
    pub fn is_read_only(&self) -> bool {
        self.conn
            .query_row("PRAGMA query_only", [], |r| r.get::<_, bool>(0))
            .unwrap_or(false)
    }
}

/// Whether the file at `db` is small enough to be checked at every login.
pub fn checked_at_login(db: &Path) -> bool {
    std::fs::metadata(db).is_ok_and(|m| m.len() <= CHECK_AT_LOGIN_BYTES)
}
