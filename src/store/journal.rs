//! The changes journal: one line per created record or changed field, written in the same
//! transaction as the change itself. Audit and, later, sync are built on it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::codec::{At, Entity, Id, entity};
use super::compact;
use super::{Store, StoreError, StoreResult};

/// Entity names used in the journal.
pub const PERSON: &str = "person";
pub const CASE: &str = "case";

/// One line of the journal. A created record has `field == None` and the whole record as
/// `new_value`; a changed field has its name (`names`, `tax_code`, `data.<field id>`, …)
/// and its old and new values (`None` when absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub seq: i64,
    pub id: Uuid,
    pub entity: String,
    pub entity_id: Uuid,
    pub field: Option<String>,
    pub old_value: Option<serde_json::Value>,
    pub new_value: Option<serde_json::Value>,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// A line to write; values are JSON text.
pub(crate) struct Line<'a> {
    pub entity: &'a str,
    pub entity_id: Uuid,
    pub field: Option<&'a str>,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub at: &'a str,
    pub by: &'a str,
    /// The case this line belongs to (its timeline), when it belongs to one.
    pub case_id: Option<Uuid>,
}

pub(crate) fn write(conn: &Connection, line: &Line<'_>) -> StoreResult<()> {
    insert(conn, line)?;
    super::audit::append_change(conn, conn.last_insert_rowid(), line)
}

/// Journal lines written together, in one transaction, with nothing else journaled between
/// them: [`Run::seal`] gives them one audit entry. A run dropped unsealed leaves its lines
/// without an entry, which the caller's rollback must undo (an error path).
#[derive(Default)]
pub(crate) struct Run {
    first: Option<i64>,
    lines: Vec<OwnedLine>,
}

struct OwnedLine {
    at: String,
    by: String,
    entity: String,
    entity_id: String,
    field: Option<String>,
}

impl Run {
    pub fn write(&mut self, conn: &Connection, line: &Line<'_>) -> StoreResult<()> {
        insert(conn, line)?;
        let seq = conn.last_insert_rowid();
        let first = *self.first.get_or_insert(seq);
        if seq != first + self.lines.len() as i64 {
            return Err(StoreError::Other(
                "journal lines of one run were not written one after another".into(),
            ));
        }
        self.lines.push(OwnedLine {
            at: line.at.to_string(),
            by: line.by.to_string(),
            entity: line.entity.to_string(),
            entity_id: line.entity_id.to_string(),
            field: line.field.map(str::to_string),
        });
        Ok(())
    }

    /// Writes the run's audit entry (none for an empty run).
    pub fn seal(self, conn: &Connection) -> StoreResult<()> {
        let Some(first) = self.first else {
            return Ok(());
        };
        let lines: Vec<_> = self
            .lines
            .iter()
            .map(|l| super::audit::RunLine {
                at: &l.at,
                by: &l.by,
                entity: &l.entity,
                entity_id: &l.entity_id,
                field: l.field.as_deref(),
            })
            .collect();
        super::audit::append_run(conn, first, &lines)
    }
}

fn insert(conn: &Connection, line: &Line<'_>) -> StoreResult<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO changes (id, entity, entity_id, field, old_value, new_value, at, by, case_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    st.execute(params![
        compact::id(Uuid::now_v7()),
        entity(line.entity),
        compact::id(line.entity_id),
        line.field,
        line.old_value.map(compact::pack),
        line.new_value.map(compact::pack),
        compact::at(line.at),
        line.by,
        line.case_id.map(compact::id),
    ])?;
    Ok(())
}

fn parse_json(s: Option<String>) -> StoreResult<Option<serde_json::Value>> {
    s.map(|s| serde_json::from_str(&s).map_err(StoreError::from))
        .transpose()
}

/// The columns every reader of the journal selects, in [`entries`]'s order.
pub(crate) const COLUMNS: &str = "seq, id, entity, entity_id, field, old_value, new_value, at, by";

/// Journal lines read by `sql` (which selects [`COLUMNS`]) with `args`.
pub(crate) fn entries(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> StoreResult<Vec<JournalEntry>> {
    let mut st = conn.prepare_cached(sql)?;
    let raw = st
        .query_map(args, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Id>(1)?.0,
                r.get::<_, Entity>(2)?.0,
                r.get::<_, Id>(3)?.0,
                r.get::<_, Option<String>>(4)?,
                compact::unpack(r.get_ref(5)?),
                compact::unpack(r.get_ref(6)?),
                r.get::<_, At>(7)?.0,
                r.get::<_, String>(8)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    raw.into_iter()
        .map(|(seq, id, entity, eid, field, old, new, at, by)| {
            Ok(JournalEntry {
                seq,
                id,
                entity,
                entity_id: eid,
                field,
                old_value: parse_json(old?)?,
                new_value: parse_json(new?)?,
                at,
                by,
            })
        })
        .collect()
}

impl Store {
    /// Every journal line about one record, oldest first.
    pub fn journal_for(&self, kind: &str, id: Uuid) -> StoreResult<Vec<JournalEntry>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM changes WHERE entity = ?1 AND entity_id = ?2 ORDER BY seq"
        );
        entries(&self.conn, &sql, params![entity(kind), compact::id(id)])
    }
}
