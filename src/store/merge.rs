//! Two records of one person merged, and the last merge undone. The survivor's new record
//! (its document with the other's names and missing facts: `domain::merge`) is written as
//! an edit; the other's cases and tax codes move to the survivor; the other record is hidden
//! (deleted, out of the index) and its id resolves to the survivor; `person_merges` keeps
//! what the undo needs. Every change is journalled, hence in the audit trail.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::codec::{At, Id, at_text, id as key, ts};
use super::journal::{self, Line};
use super::person_rows as rows;
use super::{Store, StoreError, StoreResult, people};
use crate::domain::person::PersonRecord;

/// Why a merge or its undo is refused (nothing written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeRefused {
    /// The two ids are one record.
    SamePerson,
    /// One of them is not a live record.
    NotFound,
    /// Both have an open case: one must be closed first (a person has one open case).
    BothOpenCases,
    /// No merge to undo (none, or the last one is undone already).
    NothingToUndo,
}

impl MergeRefused {
    pub fn message_key(self) -> &'static str {
        match self {
            MergeRefused::SamePerson => "merge.refused.same",
            MergeRefused::NotFound => "merge.refused.not_found",
            MergeRefused::BothOpenCases => "merge.refused.both_open",
            MergeRefused::NothingToUndo => "merge.refused.nothing_to_undo",
        }
    }
}

/// What the undo of a merge needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Undo {
    /// The survivor's document before the merge.
    before: Map<String, Value>,
    cases: Vec<String>,
    tax_codes: Vec<i64>,
}

/// The latest merge.
#[derive(Debug, Clone, PartialEq)]
pub struct LastMerge {
    pub id: i64,
    pub survivor: Uuid,
    pub merged: Uuid,
    pub at: DateTime<Utc>,
    pub by: String,
    pub undone: bool,
    /// The survivor's document before the merge.
    pub before: Map<String, Value>,
}

/// A `person_merges` row: id, survivor, merged, at, by, undo, undone_at.
type MergeRow = (i64, Id, Id, At, String, String, Option<At>);

fn open_cases(conn: &Connection, id: Uuid) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM cases WHERE person_id = ?1 AND closed_at IS NULL")?
        .query_row(params![key(id)], |r| r.get(0))?)
}

fn ids(conn: &Connection, sql: &str, id: Uuid) -> StoreResult<Vec<String>> {
    let v = conn
        .prepare_cached(sql)?
        .query_map(params![key(id)], |r| r.get::<_, rusqlite::types::Value>(0))?
        .map(|v| {
            v.map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                rusqlite::types::Value::Blob(b) => Uuid::from_slice(&b)
                    .map(|u| u.to_string())
                    .unwrap_or_default(),
                _ => String::new(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(v)
}

fn note(
    conn: &Connection,
    id: Uuid,
    field: &str,
    other: Uuid,
    at: &str,
    by: &str,
) -> StoreResult<()> {
    journal::write(
        conn,
        &Line {
            entity: journal::PERSON,
            entity_id: id,
            field: Some(field),
            old_value: None,
            new_value: Some(&serde_json::to_string(&other.to_string())?),
            at,
            by,
            case_id: None,
        },
    )
}

impl Store {
    /// Merges `merged` into `survivor` (the survivor's record as it becomes). Returns the
    /// merge's number.
    pub fn merge_people(
        &mut self,
        survivor: &PersonRecord,
        merged: Uuid,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<i64, MergeRefused>> {
        if survivor.id == merged {
            return Ok(Err(MergeRefused::SamePerson));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (Some((old, meta)), Some((_, other_meta))) =
            (rows::load(&tx, survivor.id)?, rows::load(&tx, merged)?)
        else {
            return Ok(Err(MergeRefused::NotFound));
        };
        if meta.deleted_at.is_some() || other_meta.deleted_at.is_some() {
            return Ok(Err(MergeRefused::NotFound));
        }
        if open_cases(&tx, survivor.id)? > 0 && open_cases(&tx, merged)? > 0 {
            return Ok(Err(MergeRefused::BothOpenCases));
        }
        let at = ts(now);
        let undo = Undo {
            before: old.data.clone(),
            cases: ids(&tx, "SELECT id FROM cases WHERE person_id = ?1", merged)?,
            tax_codes: ids(
                &tx,
                "SELECT id FROM person_tax_codes WHERE person_id = ?1",
                merged,
            )?
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect(),
        };
        people::update_existing(&tx, survivor, &old, &meta, now, by)?;
        tx.prepare_cached("UPDATE cases SET person_id = ?2 WHERE person_id = ?1")?
            .execute(params![key(merged), key(survivor.id)])?;
        tx.prepare_cached("UPDATE person_tax_codes SET person_id = ?2 WHERE person_id = ?1")?
            .execute(params![key(merged), key(survivor.id)])?;
        tx.prepare_cached("UPDATE people SET deleted_at = ?2 WHERE id = ?1")?
            .execute(params![key(merged), at_text(&at)])?;
        super::search_index::delete(&tx, other_meta.seq)?;
        note(&tx, merged, "merged_into", survivor.id, &at, by)?;
        note(&tx, survivor.id, "merged_from", merged, &at, by)?;
        tx.prepare_cached(
            "INSERT INTO person_merges (survivor, merged, at, by, undo) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            key(survivor.id),
            key(merged),
            at_text(&at),
            by,
            serde_json::to_string(&undo)?
        ])?;
        let n = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Ok(n))
    }

    /// The latest merge, undone or not.
    pub fn last_merge(&self) -> StoreResult<Option<LastMerge>> {
        let row: Option<MergeRow> = self
            .conn
            .prepare_cached(
                "SELECT id, survivor, merged, at, by, undo, undone_at FROM person_merges
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .optional()?;
        let Some((id, survivor, merged, at, by, undo, undone)) = row else {
            return Ok(None);
        };
        let undo: Undo = serde_json::from_str(&undo)?;
        Ok(Some(LastMerge {
            id,
            survivor: survivor.0,
            merged: merged.0,
            at: at.0,
            by,
            undone: undone.is_some(),
            before: undo.before,
        }))
    }

    /// Undoes the latest merge: the survivor's record as it was before (`restored`), the
    /// moved cases and tax codes back, the merged record shown again.
    pub fn undo_last_merge(
        &mut self,
        restored: &PersonRecord,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<Uuid, MergeRefused>> {
        let Some(last) = self.last_merge()? else {
            return Ok(Err(MergeRefused::NothingToUndo));
        };
        if last.undone || restored.id != last.survivor {
            return Ok(Err(MergeRefused::NothingToUndo));
        }
        let undo: Undo = {
            let s: String = self.conn.query_row(
                "SELECT undo FROM person_merges WHERE id = ?1",
                [last.id],
                |r| r.get(0),
            )?;
            serde_json::from_str(&s)?
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (Some((now_rec, meta)), Some((other, other_meta))) = (
            rows::load(&tx, last.survivor)?,
            rows::load(&tx, last.merged)?,
        ) else {
            return Ok(Err(MergeRefused::NotFound));
        };
        if other_meta.deleted_at.is_none() {
            return Ok(Err(MergeRefused::NothingToUndo));
        }
        let at = ts(now);
        people::update_existing(&tx, restored, &now_rec, &meta, now, by)?;
        for c in &undo.cases {
            tx.prepare_cached("UPDATE cases SET person_id = ?2 WHERE id = ?1")?
                .execute(params![super::compact::id_text(c), key(last.merged)])?;
        }
        for t in &undo.tax_codes {
            tx.prepare_cached("UPDATE person_tax_codes SET person_id = ?2 WHERE id = ?1")?
                .execute(params![t, key(last.merged)])?;
        }
        // Saving the merged record as it is shows it again (a new place in the index).
        people::update_existing(&tx, &other, &other, &other_meta, now, by)?;
        note(&tx, last.survivor, "merge_undone", last.merged, &at, by)?;
        tx.prepare_cached("UPDATE person_merges SET undone_at = ?2 WHERE id = ?1")?
            .execute(params![last.id, at_text(&at)])?;
        tx.commit()?;
        Ok(Ok(last.merged))
    }

    /// The live record an id stands for: itself, or the record it was merged into (and so
    /// on, for a record merged twice).
    pub fn resolve_person(&self, id: Uuid) -> StoreResult<Uuid> {
        let mut cur = id;
        for _ in 0..16 {
            let next: Option<Id> = self
                .conn
                .prepare_cached(
                    "SELECT survivor FROM person_merges WHERE merged = ?1 AND undone_at IS NULL
                     ORDER BY id DESC LIMIT 1",
                )?
                .query_row(params![key(cur)], |r| r.get(0))
                .optional()?;
            match next {
                Some(s) => cur = s.0,
                None => break,
            }
        }
        Ok(cur)
    }

    /// Every record merged into `id` while the merge stands (and those merged into them):
    /// what erasing `id` must erase too.
    pub fn merged_into(&self, id: Uuid) -> StoreResult<Vec<Uuid>> {
        let mut out = Vec::new();
        let mut todo = vec![id];
        while let Some(cur) = todo.pop() {
            let found = ids(
                &self.conn,
                "SELECT merged FROM person_merges WHERE survivor = ?1 AND undone_at IS NULL",
                cur,
            )?;
            for m in found {
                let m = Uuid::parse_str(&m)
                    .map_err(|e| StoreError::Other(format!("bad id {m:?}: {e}")))?;
                if m != id && !out.contains(&m) && out.len() < 1000 {
                    out.push(m);
                    todo.push(m);
                }
            }
        }
        Ok(out)
    }

    /// A record merged into another (hidden from the register), as stored: for the person's
    /// copy of their data.
    pub fn merged_record(
        &self,
        id: Uuid,
    ) -> StoreResult<Option<crate::domain::person::StoredPerson>> {
        Ok(rows::load(&self.conn, id)?.map(|(rec, meta)| rows::stored(rec, &meta)))
    }
}
