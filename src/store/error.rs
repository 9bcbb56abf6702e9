//! What can go wrong with the database file, as the operator needs to hear it.

use std::fmt;

use rusqlite::ErrorCode;

use crate::i18n::Msg;

/// An error from the store. The UI shows [`StoreError::msg`]; `Display` is for logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The file exists but is not a (readable) database. It is left untouched.
    NotADatabase,
    /// Another program holds the database: retrying later may work.
    Locked,
    /// The file was written by a newer version of the program (its schema version).
    NewerSchema(u32),
    /// A page of the file failed SQLite's or SQLCipher's check: the file is damaged.
    Damaged,
    /// The disk is full: the write was rolled back.
    DiskFull,
    /// The register is held read-only (it is damaged): nothing is written.
    ReadOnly,
    /// Anything else, with the technical detail for the log.
    Other(String),
}

/// Results of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// The catalogue key of the message shown to the operator.
    pub fn message_key(&self) -> &'static str {
        match self {
            StoreError::NotADatabase => "store.error.not_a_database",
            StoreError::Locked => "store.error.locked",
            StoreError::NewerSchema(_) => "store.error.newer_schema",
            StoreError::Damaged => "store.error.damaged",
            StoreError::DiskFull => "store.error.disk_full",
            StoreError::ReadOnly => "store.error.read_only",
            StoreError::Other(_) => "store.error.other",
        }
    }

    /// The message shown to the operator, with its arguments.
    pub fn msg(&self) -> Msg {
        let m = Msg::new(self.message_key());
        match self {
            StoreError::NewerSchema(v) => m.arg("version", v),
            StoreError::Other(detail) => m.arg("detail", detail),
            StoreError::NotADatabase
            | StoreError::Locked
            | StoreError::Damaged
            | StoreError::DiskFull
            | StoreError::ReadOnly => m,
        }
    }

    pub(crate) fn other(e: impl fmt::Display) -> StoreError {
        StoreError::Other(e.to_string())
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotADatabase => f.write_str("file is not a database"),
            StoreError::Locked => f.write_str("database is locked by another connection"),
            StoreError::NewerSchema(v) => write!(f, "database schema version {v} is too new"),
            StoreError::Damaged => f.write_str("database disk image is malformed"),
            StoreError::DiskFull => f.write_str("database or disk is full"),
            StoreError::ReadOnly => f.write_str("attempt to write a readonly database"),
            StoreError::Other(s) => write!(f, "database error: {s}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked,
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            _ => StoreError::Other(e.to_string()),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> StoreError {
        StoreError::Other(format!("json: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn sqlite_codes_map_to_what_the_operator_can_act_on() {
        use rusqlite::ffi;
        assert_eq!(
            StoreError::from(failure(ffi::SQLITE_NOTADB)),
            StoreError::NotADatabase
        );
        assert_eq!(
            StoreError::from(failure(ffi::SQLITE_BUSY)),
            StoreError::Locked
        );
        assert_eq!(
            StoreError::from(failure(ffi::SQLITE_LOCKED)),
            StoreError::Locked
        );
        assert_eq!(
            StoreError::from(failure(ffi::SQLITE_CORRUPT)),
            StoreError::Damaged
        );
        assert_eq!(
            StoreError::from(failure(ffi::SQLITE_FULL)),
            StoreError::DiskFull
        );
        let other = StoreError::from(failure(ffi::SQLITE_IOERR));
        assert!(matches!(other, StoreError::Other(_)));
        assert_eq!(other.message_key(), "store.error.other");
    }

    #[test]
    fn every_key_is_in_both_catalogues() {
        use crate::i18n::{Lang, catalog};
        for e in [
            StoreError::NotADatabase,
            StoreError::Locked,
            StoreError::NewerSchema(9),
            StoreError::Damaged,
            StoreError::DiskFull,
            StoreError::Other("x".into()),
        ] {
            for lang in [Lang::It, Lang::En] {
                assert!(catalog(lang).contains_key(e.message_key()), "{e:?}");
            }
        }
    }
}
