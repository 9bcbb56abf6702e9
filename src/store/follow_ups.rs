//! Follow-ups of a case: check-ins scheduled, then done with an outcome; the next one may be
//! scheduled from the outcome of the last (linked by `previous_id`).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use uuid::Uuid;

use super::cases::{CaseRefusal, case_open};
use super::codec::{Id, at_text, date, id as key, parse_date_opt, ts};
use super::journal::{self, Line};
use super::{Store, StoreResult};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    pub id: Uuid,
    pub due_on: NaiveDate,
    pub kind: String,
    pub done_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub note: String,
    pub previous_id: Option<Uuid>,
}

/// The outcome of a follow-up, and the next one to schedule if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<'a> {
    pub done_on: NaiveDate,
    pub outcome: &'a str,
    pub note: &'a str,
    pub next: Option<(NaiveDate, &'a str)>,
}

impl Store {
    /// Schedules a follow-up of an open case.
    pub fn schedule_follow_up(
        &mut self,
        case: Uuid,
        due_on: NaiveDate,
        kind: &str,
        note: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<Uuid, CaseRefusal>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Err(r) = case_open(&tx, case)? {
            return Ok(Err(r));
        }
        let id = insert(&tx, case, due_on, kind, note, None, &ts(now), by)?;
        tx.commit()?;
        Ok(Ok(id))
    }

    /// Records what came of a follow-up and schedules the next one if asked.
    pub fn record_follow_up(
        &mut self,
        id: Uuid,
        o: &Outcome<'_>,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<Option<Uuid>, CaseRefusal>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let case: Option<Id> = tx
            .prepare_cached("SELECT case_id FROM follow_ups WHERE id = ?1")?
            .query_row(params![key(id)], |r| r.get(0))
            .optional()?;
        let Some(Id(case)) = case else {
            return Ok(Err(CaseRefusal::NotFound));
        };
        if let Err(r) = case_open(&tx, case)? {
            return Ok(Err(r));
        }
        let at = ts(now);
        tx.prepare_cached(
            "UPDATE follow_ups SET done_on = ?2, outcome = ?3, note = ?4, updated_at = ?5
             WHERE id = ?1",
        )?
        .execute(params![
            key(id),
            date(o.done_on),
            o.outcome,
            o.note,
            at_text(&at)
        ])?;
        journal::write(
            &tx,
            &Line {
                entity: "follow_up",
                entity_id: id,
                field: Some("outcome"),
                old_value: None,
                new_value: Some(&serde_json::to_string(o.outcome)?),
                at: &at,
                by,
                case_id: Some(case),
            },
        )?;
        let next = match o.next {
            Some((due, kind)) => Some(insert(&tx, case, due, kind, "", Some(id), &at, by)?),
            None => None,
        };
        tx.commit()?;
        Ok(Ok(next))
    }

    /// The follow-ups of a case, by due date (the pending ones are the last).
    pub fn follow_ups_for(&self, case: Uuid) -> StoreResult<Vec<FollowUp>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, due_on, kind, done_on, outcome, note, previous_id FROM follow_ups
             WHERE case_id = ?1 ORDER BY due_on, id",
        )?;
        let rows = st.query_map(params![key(case)], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<Id>>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (id, due, kind, done, outcome, note, previous) = r?;
            out.push(FollowUp {
                id: id.0,
                due_on: parse_date_opt(due)?.unwrap_or_default(),
                kind,
                done_on: parse_date_opt(done)?,
                outcome,
                note,
                previous_id: previous.map(|p| p.0),
            });
        }
        Ok(out)
    }
}

#[allow(clippy::too_many_arguments)]
fn insert(
    conn: &rusqlite::Connection,
    case: Uuid,
    due_on: NaiveDate,
    kind: &str,
    note: &str,
    previous: Option<Uuid>,
    at: &str,
    by: &str,
) -> StoreResult<Uuid> {
    let id = Uuid::now_v7();
    conn.prepare_cached(
        "INSERT INTO follow_ups (id, case_id, due_on, kind, note, previous_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        key(id),
        key(case),
        date(due_on),
        kind,
        note,
        previous.map(key),
        at_text(at)
    ])?;
    let value = serde_json::json!({ "due_on": date(due_on), "kind": kind });
    journal::write(
        conn,
        &Line {
            entity: "follow_up",
            entity_id: id,
            field: None,
            old_value: None,
            new_value: Some(&value.to_string()),
            at,
            by,
            case_id: Some(case),
        },
    )?;
    Ok(id)
}
