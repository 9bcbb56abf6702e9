//! Whether a record was saved by someone else after a form showing it was opened: the check
//! behind every save that refuses to go over a newer version.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::StoreResult;
use super::codec::{At, id as key};

/// When row `id` of `table` (a table with `id` and `updated_at`) was saved after `opened`:
/// that time, and who saved it (the journal's last line about `entity` `id`).
pub(crate) fn saved_after(
    conn: &Connection,
    table: &'static str,
    entity: &str,
    id: Uuid,
    opened: Option<DateTime<Utc>>,
) -> StoreResult<Option<(DateTime<Utc>, String)>> {
    let Some(opened) = opened else {
        return Ok(None);
    };
    let at: Option<At> = conn
        .query_row(
            &format!("SELECT updated_at FROM {table} WHERE id = ?1"),
            params![key(id)],
            |r| r.get(0),
        )
        .optional()?;
    let Some(At(at)) = at else {
        return Ok(None);
    };
    if at <= opened {
        return Ok(None);
    }
    let by: Option<String> = conn
        .prepare_cached(
            "SELECT by FROM changes WHERE entity = ?1 AND entity_id = ?2 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![super::codec::entity(entity), key(id)], |r| r.get(0))
        .optional()?;
    Ok(Some((at, by.unwrap_or_default())))
}
