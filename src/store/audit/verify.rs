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

/// Walks `entries` (in seq order; a run entry as one row per line, in line order) and finds
/// the first break of the chain.
pub fn verify_entries(entries: impl IntoIterator<Item = AuditEntry>) -> Verification {
    let mut walk = Walk {
        prev: GENESIS.to_vec(),
        expected_seq: 1,
        run: None,
    };
    let mut n = 0;
    for e in entries {
        if let (Some(run), Some(_)) = (walk.run.as_mut(), e.line)
            && run.seq == e.seq
        {
            run.hash = e.run_hash(&run.hash);
            continue;
        }
        n += 1;
        if let Some(found) = walk.close_run().or_else(|| walk.enter(e)) {
            return Verification {
                entries: n,
                first_break: Some(found),
            };
        }
    }
    Verification {
        entries: n,
        first_break: walk.close_run(),
    }
}

/// A run entry being walked: its seq, the hash after its lines so far, the hash it carries.
struct Run {
    seq: i64,
    hash: Vec<u8>,
    stored: Vec<u8>,
}

struct Walk {
    prev: Vec<u8>,
    expected_seq: i64,
    run: Option<Run>,
}

impl Walk {
    /// Ends the run being walked: its lines must hash to what the entry carries.
    fn close_run(&mut self) -> Option<Break> {
        let run = self.run.take()?;
        if run.hash != run.stored {
            return Some(Break::Altered { seq: run.seq });
        }
        self.prev = run.stored;
        self.expected_seq = run.seq + 1;
        None
    }

    /// Takes the next entry (the first row of a run entry).
    fn enter(&mut self, e: AuditEntry) -> Option<Break> {
        if e.seq > self.expected_seq {
            return Some(Break::Removed {
                seq: self.expected_seq,
            });
        }
        if e.seq < self.expected_seq || e.prev_hash != self.prev {
            return Some(Break::Reordered { seq: e.seq });
        }
        if e.line.is_some() {
            self.run = Some(Run {
                seq: e.seq,
                hash: e.run_hash(&self.prev),
                stored: e.hash,
            });
            return None;
        }
        if e.hash != e.expected_hash() {
            return Some(Break::Altered { seq: e.seq });
        }
        self.prev = e.hash;
        self.expected_seq = e.seq + 1;
        None
    }
}
