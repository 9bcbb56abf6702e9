//! Walking the audit chain: the first place it breaks, if any.

use serde::Serialize;

use super::{AuditEntry, GENESIS};

/// The first place the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Break {
    /// Entry `seq` is missing (the entries before and after it are there).
    Removed { seq: i64 },
    /// Entry `seq` does not follow the one before it (entries given out of order, or
    /// carrying another previous hash than the line before's).
    Reordered { seq: i64 },
    /// Entry `seq` was changed, moved or swapped after it was written.
    Altered { seq: i64 },
    /// The anchor beside the database was changed (or written without the key).
    AnchorAltered,
}

/// What a walk of the chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub entries: u64,
    pub first_break: Option<Break>,
}

/// Walks `entries` (in seq order) and finds the first break of the chain.
pub fn verify_entries(entries: impl IntoIterator<Item = AuditEntry>) -> Verification {
    let mut prev = GENESIS.to_vec();
    let mut expected_seq = 1;
    let mut n = 0;
    for e in entries {
        n += 1;
        let found = if e.seq > expected_seq {
            Some(Break::Removed { seq: expected_seq })
        } else if e.seq < expected_seq || e.prev_hash != prev {
            Some(Break::Reordered { seq: e.seq })
        } else if e.hash != e.expected_hash() {
            Some(Break::Altered { seq: e.seq })
        } else {
            None
        };
        if found.is_some() {
            return Verification {
                entries: n,
                first_break: found,
            };
        }
        prev = e.hash;
        expected_seq = e.seq + 1;
    }
    Verification {
        entries: n,
        first_break: None,
    }
}
