//! The audit trail: an append-only log of every change (each journal line), every opening of
//! a person's record and every export, with operator and time. Each entry carries the hash of
//! the one before and its own, SHA-256 over both and its canonical text, so that an entry
//! altered, removed, inserted or moved breaks the chain where it happened. Entries hold ids
//! and field names, never values: erasing a person's data never touches the chain.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::codec::{Entity, ts};
use super::compact;
use super::{Store, StoreResult};

mod read;
mod verify;
pub use read::AuditFilter;
pub use verify::{Break, Verification, verify_entries};

/// The hash before the first entry.
pub const GENESIS: [u8; 32] = [0; 32];

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A record created or a field changed (one journal line).
    Change,
    /// A person's record opened on screen or printed.
    View,
    /// A person's data exported.
    Export,
    /// The register replaced by a backup (the entry is the first of the restored chain's
    /// continuation).
    Restore,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Change => "change",
            Action::View => "view",
            Action::Export => "export",
            Action::Restore => "restore",
        }
    }
}

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub field: Option<String>,
    /// SHA-256, 32 bytes (stored as a blob: half the size of hex).
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
    /// The journal line this row stands for when its entry covers a run of lines written
    /// together (one row per line, each with the entry's `seq` and `hash`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<i64>,
}

impl AuditEntry {
    /// The hash this entry must carry: over the previous hash and its own fields.
    pub fn expected_hash(&self) -> Vec<u8> {
        let text = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            self.seq,
            self.at,
            self.operator,
            self.action,
            self.entity,
            self.entity_id,
            self.field.as_deref().unwrap_or("\u{0}")
        );
        let mut h = Sha256::new();
        h.update(&self.prev_hash);
        h.update(text.as_bytes());
        h.finalize().to_vec()
    }

    /// The running hash of a run entry after this row's line, from the hash after the
    /// line before (the previous entry's hash for the first line).
    pub fn run_hash(&self, before: &[u8]) -> Vec<u8> {
        run_step(
            before,
            self.seq,
            self.line.unwrap_or_default(),
            &RunLine {
                at: &self.at,
                by: &self.operator,
                entity: &self.entity,
                entity_id: &self.entity_id,
                field: self.field.as_deref(),
            },
        )
    }
}

/// What a run entry hashes of each of its lines (as the journal line reads back).
pub(crate) struct RunLine<'a> {
    pub at: &'a str,
    pub by: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub field: Option<&'a str>,
}

fn run_step(before: &[u8], seq: i64, line: i64, l: &RunLine<'_>) -> Vec<u8> {
    let text = format!(
        "{seq}\u{1f}{line}\u{1f}{}\u{1f}{}\u{1f}change\u{1f}{}\u{1f}{}\u{1f}{}",
        l.at,
        l.by,
        l.entity,
        l.entity_id,
        l.field.unwrap_or("\u{0}")
    );
    let mut h = Sha256::new();
    h.update(before);
    h.update(text.as_bytes());
    h.finalize().to_vec()
}

/// Appends one entry for journal lines `first..=first + lines.len() - 1`, written together in
/// the caller's transaction: its hash runs over every line in order, so a line altered,
/// removed or moved afterwards breaks the chain at this entry.
pub(crate) fn append_run(conn: &Connection, first: i64, lines: &[RunLine<'_>]) -> StoreResult<()> {
    let (seq, mut hash) = last(conn)?;
    for (i, l) in lines.iter().enumerate() {
        hash = run_step(&hash, seq, first + i as i64, l);
    }
    let last_line = first + lines.len() as i64 - 1;
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, change, last_change, hash) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![seq, first, last_line, hash])?;
    Ok(())
}

/// The next entry's seq and the hash it follows.
fn last(conn: &Connection) -> StoreResult<(i64, Vec<u8>)> {
    let last: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_vec()),
    })
}

/// Appends an entry in the caller's transaction (a view or an export; a change is
/// [`append_change`]).
pub(crate) fn append(
    conn: &Connection,
    action: Action,
    entity: &str,
    entity_id: &str,
    field: Option<&str>,
    at: &str,
    operator: &str,
) -> StoreResult<()> {
    insert(conn, action, entity, entity_id, field, at, operator, None)
}

/// Appends the entry of journal line `change`, in the caller's transaction. The entry keeps
/// only its place in the chain: what it hashes (when, who, which record and field) is read
/// back from that line, so a line altered afterwards breaks the chain.
pub(crate) fn append_change(
    conn: &Connection,
    change: i64,
    line: &super::journal::Line<'_>,
) -> StoreResult<()> {
    insert(
        conn,
        Action::Change,
        line.entity,
        &line.entity_id.to_string(),
        line.field,
        line.at,
        line.by,
        Some(change),
    )
}

#[allow(clippy::too_many_arguments)]
fn insert(
    conn: &Connection,
    action: Action,
    entity: &str,
    entity_id: &str,
    field: Option<&str>,
    at: &str,
    operator: &str,
    change: Option<i64>,
) -> StoreResult<()> {
    let (seq, prev_hash) = last(conn)?;
    let mut e = AuditEntry {
        seq,
        at: at.to_string(),
        operator: operator.to_string(),
        action: action.code().to_string(),
        entity: entity.to_string(),
        entity_id: entity_id.to_string(),
        field: field.map(str::to_string),
        prev_hash,
        hash: Vec::new(),
        line: None,
    };
    e.hash = e.expected_hash();
    if change.is_some() {
        conn.prepare_cached("INSERT INTO audit_log (seq, change, hash) VALUES (?1, ?2, ?3)")?
            .execute(params![e.seq, change, e.hash])?;
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, at, operator, action, entity, entity_id, field, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        e.seq,
        compact::at(&e.at),
        e.operator,
        e.action,
        e.entity,
        compact::id_text(&e.entity_id),
        e.field,
        e.hash
    ])?;
    Ok(())
}

pub(super) fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: compact::read_at(r.get_ref(1)?)?,
        operator: r.get(2)?,
        action: r.get(3)?,
        entity: r.get::<_, Entity>(4)?.0,
        entity_id: compact::read_id(r.get_ref(5)?)?,
        field: r.get(6)?,
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
        line: r.get(9)?,
    })
}

/// An entry's columns, from `ENTRIES`. A change's are its journal line's; the previous
/// line's hash is read from the line before (the genesis hash before the first, or where
/// the line before is missing).
pub(super) const COLUMNS: &str = "a.seq, coalesce(a.at, c.at), coalesce(a.operator, c.by),
    coalesce(a.action, 'change'), coalesce(a.entity, c.entity), coalesce(a.entity_id, c.entity_id),
    CASE WHEN a.change IS NULL THEN a.field ELSE c.field END,
    coalesce((SELECT p.hash FROM audit_log p WHERE p.seq = a.seq - 1), zeroblob(32)),
    a.hash, CASE WHEN a.last_change IS NOT NULL THEN c.seq END";

/// The entries with their journal lines: one row per line, several for a run entry.
pub(super) const ENTRIES: &str = "audit_log a
    LEFT JOIN changes c ON c.seq BETWEEN a.change AND coalesce(a.last_change, a.change)";

/// Gives the journal lines written before the audit trail existed their entries, once (a
/// database from before schema step 7): same order, operator and time.
pub(crate) fn backfill(conn: &mut Connection) -> StoreResult<u64> {
    // A read first: opening a database must not take the write lock when nothing is due.
    let due: bool = conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM audit_log) AND EXISTS (SELECT 1 FROM changes)",
        [],
        |r| r.get(0),
    )?;
    if !due {
        return Ok(0);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM audit_log)", [], |r| {
        r.get(0)
    })?;
    if !empty {
        return Ok(0);
    }
    let lines: Vec<(i64, String, String, Option<String>, String, String)> = tx
        .prepare("SELECT seq, entity, entity_id, field, at, by FROM changes ORDER BY seq")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Entity>(1)?.0,
                compact::read_id(r.get_ref(2)?)?,
                r.get(3)?,
                compact::read_at(r.get_ref(4)?)?,
                r.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    for (seq, entity, id, field, at, by) in &lines {
        insert(
            &tx,
            Action::Change,
            entity,
            id,
            field.as_deref(),
            at,
            by,
            Some(*seq),
        )?;
    }
    tx.commit()?;
    Ok(lines.len() as u64)
}

impl Store {
    /// Records that `operator` opened (`View`) or exported a record.
    pub fn record_access(
        &mut self,
        action: Action,
        entity: &str,
        id: Uuid,
        operator: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        // Immediate: the chain's head is read and extended under the write lock.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        append(
            &tx,
            action,
            entity,
            &id.to_string(),
            None,
            &ts(now),
            operator,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Walks the whole chain, oldest first, streaming (never the whole log in memory).
    pub fn verify_audit(&self) -> StoreResult<Verification> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM {ENTRIES} ORDER BY a.seq, c.seq"
        ))?;
        let rows = st.query_map([], entry)?;
        let mut failed = None;
        let entries = rows.map_while(|r| match r {
            Ok(e) => Some(e),
            Err(e) => {
                failed = Some(e);
                None
            }
        });
        let mut v = verify_entries(entries);
        if let Some(e) = failed {
            return Err(e.into());
        }
        // A chain whole in itself may still have lost its last entries, or been rewritten
        // whole: the anchor written when connections close tells.
        if v.first_break.is_none()
            && let Some(db) = self.conn.path().filter(|p| !p.is_empty())
        {
            v.first_break =
                super::anchor::check(&self.conn, std::path::Path::new(db), self.key.as_ref())?;
        }
        Ok(v)
    }
}
