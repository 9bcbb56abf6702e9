//! Retention: the cases closed before a cutoff, oldest first, for the administrator to erase
//! (by the index on closing dates; a page at a time).

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;
use uuid::Uuid;

use super::codec::{At, Id};
use super::{Store, StoreResult};

/// A case past its retention period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expired {
    pub case_id: Uuid,
    pub person_id: Uuid,
    pub person: String,
    pub closed_at: DateTime<Utc>,
    pub outcome: Option<String>,
    /// The person has an open case too (then only this case's data may go).
    pub person_active: bool,
}

impl Store {
    /// Cases closed before `cutoff`, oldest first, at most `limit`, with how many there are.
    pub fn closed_before(
        &self,
        cutoff: DateTime<Utc>,
        limit: usize,
    ) -> StoreResult<(Vec<Expired>, u64)> {
        let cut = At(cutoff);
        let total: i64 = self.conn.query_row(
            "SELECT count(*) FROM cases WHERE closed_at IS NOT NULL AND closed_at < ?1",
            params![cut],
            |r| r.get(0),
        )?;
        let mut st = self.conn.prepare_cached(
            "SELECT c.id, c.person_id, p.display_name, c.closed_at, c.outcome,
                    EXISTS (SELECT 1 FROM cases o WHERE o.person_id = c.person_id
                            AND o.closed_at IS NULL)
             FROM cases c JOIN people p ON p.id = c.person_id
             WHERE c.closed_at IS NOT NULL AND c.closed_at < ?1 AND p.deleted_at IS NULL
             ORDER BY c.closed_at LIMIT ?2",
        )?;
        let rows = st.query_map(params![cut, limit as i64], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, Id>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, At>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, bool>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (case, person, name, closed, outcome, active) = r?;
            out.push(Expired {
                case_id: case.0,
                person_id: person.0,
                person: name,
                closed_at: closed.0,
                outcome,
                person_active: active,
            });
        }
        Ok((out, u64::try_from(total).unwrap_or(0)))
    }
}
