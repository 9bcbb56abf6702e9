//! The audit trail read back: the entries about one record, and the administrator's
//! filtered list.

use rusqlite::params;
use uuid::Uuid;

use super::super::{Store, StoreResult, compact};
use super::{AuditEntry, COLUMNS, ENTRIES, entry};

impl Store {
    /// The entries about one record, oldest first (who saw or changed it).
    pub fn audit_for(&self, entity: &str, id: Uuid) -> StoreResult<Vec<AuditEntry>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {ENTRIES}
             WHERE a.change IS NULL AND a.entity = ?1 AND a.entity_id = ?2
             UNION ALL
             SELECT {COLUMNS} FROM changes c JOIN audit_log a
               ON a.seq = (SELECT e.seq FROM audit_log e
                           WHERE e.change IS NOT NULL AND e.change <= c.seq
                           ORDER BY e.change DESC LIMIT 1)
             WHERE c.entity = ?3 AND c.entity_id = ?2
               AND c.seq <= coalesce(a.last_change, a.change)
             ORDER BY 1, 10"
        ))?;
        let rows = st.query_map(
            params![entity, compact::id(id), super::super::codec::entity(entity)],
            entry,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The entries matching `f`, newest first, at most `limit`. A person matches the entries
    /// about them, their cases and every record on their cases' timelines.
    pub fn audit_query(&self, f: &AuditFilter, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {ENTRIES}
             WHERE (?1 IS NULL OR coalesce(a.entity_id, c.entity_id) = ?1
                    OR coalesce(a.entity_id, c.entity_id) IN
                       (SELECT id FROM cases WHERE person_id = ?1)
                    OR coalesce(a.entity_id, c.entity_id) IN
                       (SELECT entity_id FROM changes WHERE case_id IN
                        (SELECT id FROM cases WHERE person_id = ?1)))
               AND (?2 IS NULL OR coalesce(a.operator, c.by) = ?2)
               AND (?3 IS NULL OR coalesce(a.at, c.at) >= ?3)
               AND (?4 IS NULL OR coalesce(a.at, c.at) < ?4)
             ORDER BY a.seq DESC, c.seq DESC LIMIT ?5"
        ))?;
        let day = |d: Option<chrono::NaiveDate>| d.map(compact::day_start);
        let until = f.to.and_then(|d| d.succ_opt());
        let rows = st.query_map(
            params![
                f.person.map(compact::id),
                f.operator.as_deref(),
                day(f.from),
                day(until),
                limit as i64,
            ],
            entry,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// What the administrator's audit screen filters by (each optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub person: Option<Uuid>,
    pub operator: Option<String>,
    /// From this day, included.
    pub from: Option<chrono::NaiveDate>,
    /// To this day, included.
    pub to: Option<chrono::NaiveDate>,
}
