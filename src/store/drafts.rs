//! Drafts: forms being filled in, saved as typed (invalid values included) so that a
//! crash or a closed laptop never loses an operator's work.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::codec::{At, Id, id as key};
use super::{Store, StoreResult};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: Uuid,
    /// Which form (`intake`, …).
    pub form: String,
    /// The record the form is about, when there is one (it may not be saved yet).
    pub subject: Option<Uuid>,
    pub data: serde_json::Value,
    pub updated_at: DateTime<Utc>,
}

type DraftRow = (Id, String, Option<Id>, String, At);

const COLUMNS: &str = "SELECT id, form, subject_id, data, updated_at FROM drafts";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DraftRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn to_draft((id, form, subject, data, updated): DraftRow) -> StoreResult<Draft> {
    Ok(Draft {
        id: id.0,
        form,
        subject: subject.map(|s| s.0),
        data: serde_json::from_str(&data)?,
        updated_at: updated.0,
    })
}

impl Store {
    /// Inserts or replaces a draft.
    pub fn put_draft(&mut self, d: &Draft) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO drafts (id, form, subject_id, data, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET form = excluded.form,
                    subject_id = excluded.subject_id, data = excluded.data,
                    updated_at = excluded.updated_at",
            )?
            .execute(params![
                key(d.id),
                d.form,
                d.subject.map(key),
                serde_json::to_string(&d.data)?,
                At(d.updated_at),
            ])?;
        Ok(())
    }

    /// Every draft, the most recently updated first.
    pub fn drafts(&self) -> StoreResult<Vec<Draft>> {
        let rows = self
            .conn
            .prepare_cached(&format!("{COLUMNS} ORDER BY updated_at DESC, id DESC"))?
            .query_map([], from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(to_draft).collect()
    }

    pub fn draft(&self, id: Uuid) -> StoreResult<Option<Draft>> {
        self.conn
            .prepare_cached(&format!("{COLUMNS} WHERE id = ?1"))?
            .query_row(params![key(id)], from_row)
            .optional()?
            .map(to_draft)
            .transpose()
    }

    pub fn delete_draft(&mut self, id: Uuid) -> StoreResult<()> {
        self.conn
            .prepare_cached("DELETE FROM drafts WHERE id = ?1")?
            .execute(params![key(id)])?;
        Ok(())
    }
}
