//! Internships of a case and their months of attendance. Each change is one transaction
//! with its journal line on the case's timeline.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::cases::{CaseRefusal, case_open};
use super::codec::{Id, at_text, date, id as key, parse_date_opt, ts};
use super::journal::{self, Line};
use super::{Store, StoreError, StoreResult};
use crate::domain::internship::rules::check_attendance;
use crate::domain::internship::{Refusal, Status, check_extension};

#[path = "internship_pay.rs"]
mod pay;
#[path = "internship_state.rs"]
mod state;

pub use pay::MonthPayment;
pub(crate) use state::move_internship_in;

/// An internship as its screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Internship {
    pub id: Uuid,
    pub case_id: Uuid,
    pub partner_id: Option<Uuid>,
    pub host: String,
    pub tutor: String,
    pub start_on: NaiveDate,
    pub planned_end_on: NaiveDate,
    pub weekly_hours: Option<i64>,
    pub monthly_allowance_cents: i64,
    pub status: Status,
    pub status_reason: String,
    pub status_on: Option<NaiveDate>,
    pub data: Map<String, Value>,
}

/// One month of attendance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InternshipMonth {
    pub month: String,
    pub hours: i64,
    pub days_absent: i64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InternshipRefusal {
    Case(CaseRefusal),
    Move(Refusal),
    /// The money rules refused the allowance (the line, the total, the signed PAI).
    Money(crate::domain::money::Refusal),
    /// The case is not enrolled in a programme: no allowance to pay.
    NotEnrolled,
    NotFound,
}

/// The columns an internship's document sets.
#[derive(Debug, Clone, PartialEq)]
pub struct InternshipFields {
    pub partner_id: Option<Uuid>,
    pub tutor: String,
    pub start_on: NaiveDate,
    pub planned_end_on: NaiveDate,
    pub weekly_hours: Option<i64>,
    pub monthly_allowance_cents: i64,
}

fn line(
    conn: &Connection,
    id: Uuid,
    case: Uuid,
    field: Option<&str>,
    value: &str,
    at: &str,
    by: &str,
) -> StoreResult<()> {
    journal::write(
        conn,
        &Line {
            entity: "internship",
            entity_id: id,
            field,
            old_value: None,
            new_value: Some(value),
            at,
            by,
            case_id: Some(case),
        },
    )
}

type Answer<T> = StoreResult<Result<T, InternshipRefusal>>;

impl Store {
    /// Adds (`id` new: planned) or changes an internship of an open case.
    #[allow(clippy::too_many_arguments)]
    pub fn save_internship(
        &mut self,
        case: Uuid,
        id: Uuid,
        f: &InternshipFields,
        doc: &Map<String, Value>,
        by: &str,
        now: DateTime<Utc>,
        opened: Option<DateTime<Utc>>,
    ) -> Answer<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Err(r) = case_open(&tx, case)? {
            return Ok(Err(InternshipRefusal::Case(r)));
        }
        if let Some((at, who)) =
            super::stale::saved_after(&tx, "internships", "internship", id, opened)?
        {
            return Ok(Err(InternshipRefusal::Case(CaseRefusal::Changed(at, who))));
        }
        let at = ts(now);
        let data = serde_json::to_string(doc)?;
        tx.prepare_cached(
            "INSERT INTO internships (id, case_id, partner_id, tutor, start_on, planned_end_on,
                weekly_hours, monthly_allowance_cents, status, data, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'planned', ?9, ?10)
             ON CONFLICT (id) DO UPDATE SET partner_id = excluded.partner_id,
               tutor = excluded.tutor, start_on = excluded.start_on,
               planned_end_on = excluded.planned_end_on, weekly_hours = excluded.weekly_hours,
               monthly_allowance_cents = excluded.monthly_allowance_cents, data = excluded.data,
               updated_at = excluded.updated_at",
        )?
        .execute(params![
            key(id),
            key(case),
            f.partner_id.map(key),
            f.tutor,
            date(f.start_on),
            date(f.planned_end_on),
            f.weekly_hours,
            f.monthly_allowance_cents,
            data,
            at_text(&at)
        ])?;
        line(&tx, id, case, None, &data, &at, by)?;
        tx.commit()?;
        Ok(Ok(()))
    }

    /// Moves an internship to another state on `on`, with a reason where one is needed.
    #[allow(clippy::too_many_arguments)]
    pub fn move_internship(
        &mut self,
        id: Uuid,
        to: Status,
        on: NaiveDate,
        reason: &str,
        today: NaiveDate,
        by: &str,
        now: DateTime<Utc>,
    ) -> Answer<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let answer = move_internship_in(&tx, id, to, on, reason, today, by, now)?;
        if answer.is_ok() {
            tx.commit()?;
        }
        Ok(answer)
    }

    /// Moves the planned end later, within the programme's extension.
    pub fn extend_internship(
        &mut self,
        id: Uuid,
        new_end: NaiveDate,
        extendable_months: u32,
        by: &str,
        now: DateTime<Utc>,
    ) -> Answer<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let i = match open_internship(&tx, id)? {
            Ok(i) => i,
            Err(r) => return Ok(Err(r)),
        };
        let first_end = i
            .data
            .get("first_planned_end_on")
            .and_then(Value::as_str)
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .unwrap_or(i.planned_end_on);
        if let Err(r) = check_extension(first_end, i.planned_end_on, new_end, extendable_months) {
            return Ok(Err(InternshipRefusal::Move(r)));
        }
        let mut data = i.data.clone();
        data.insert(
            "first_planned_end_on".into(),
            Value::String(date(first_end)),
        );
        data.insert("planned_end_on".into(), Value::String(date(new_end)));
        let at = ts(now);
        tx.prepare_cached(
            "UPDATE internships SET planned_end_on = ?2, data = ?3, updated_at = ?4 WHERE id = ?1",
        )?
        .execute(params![
            key(id),
            date(new_end),
            serde_json::to_string(&data)?,
            at_text(&at)
        ])?;
        let value = serde_json::json!({ "planned_end_on": date(new_end) });
        line(
            &tx,
            id,
            i.case_id,
            Some("extended"),
            &value.to_string(),
            &at,
            by,
        )?;
        tx.commit()?;
        Ok(Ok(()))
    }

    /// Records (or corrects) the attendance of one month: no more hours than the month
    /// can hold so far, never for days to come (`today`).
    pub fn record_month(
        &mut self,
        id: Uuid,
        m: &InternshipMonth,
        today: NaiveDate,
        by: &str,
        now: DateTime<Utc>,
    ) -> Answer<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let i = match open_internship(&tx, id)? {
            Ok(i) => i,
            Err(r) => return Ok(Err(r)),
        };
        let span = pay::span(&tx, &i)?;
        if let Err(r) = check_attendance(&m.month, m.hours, m.days_absent, span, today) {
            return Ok(Err(InternshipRefusal::Move(r)));
        }
        tx.prepare_cached(
            "INSERT INTO internship_months (internship_id, month, hours, days_absent, note)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (internship_id, month) DO UPDATE SET hours = excluded.hours,
               days_absent = excluded.days_absent, note = excluded.note",
        )?
        .execute(params![key(id), m.month, m.hours, m.days_absent, m.note])?;
        let value = serde_json::json!({ "month": m.month, "hours": m.hours,
                                         "days_absent": m.days_absent });
        line(
            &tx,
            id,
            i.case_id,
            Some("attendance"),
            &value.to_string(),
            &ts(now),
            by,
        )?;
        tx.commit()?;
        Ok(Ok(()))
    }

    /// The internships of a case, the latest start first.
    pub fn internships_for(&self, case: Uuid) -> StoreResult<Vec<Internship>> {
        let ids: Vec<Id> = self
            .conn
            .prepare_cached(
                "SELECT id FROM internships WHERE case_id = ?1 ORDER BY start_on DESC, id DESC",
            )?
            .query_map(params![key(case)], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(i) = load(&self.conn, id.0)? {
                out.push(i);
            }
        }
        Ok(out)
    }

    /// The months recorded for an internship, in order.
    pub fn internship_months(&self, id: Uuid) -> StoreResult<Vec<InternshipMonth>> {
        let mut st = self.conn.prepare_cached(
            "SELECT month, hours, days_absent, note FROM internship_months
             WHERE internship_id = ?1 ORDER BY month",
        )?;
        let rows = st.query_map(params![key(id)], |r| {
            Ok(InternshipMonth {
                month: r.get(0)?,
                hours: r.get(1)?,
                days_absent: r.get(2)?,
                note: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The internship, if it exists and its case is open.
fn open_internship(conn: &Connection, id: Uuid) -> Answer<Internship> {
    let Some(i) = load(conn, id)? else {
        return Ok(Err(InternshipRefusal::NotFound));
    };
    if let Err(r) = case_open(conn, i.case_id)? {
        return Ok(Err(InternshipRefusal::Case(r)));
    }
    Ok(Ok(i))
}

fn load(conn: &Connection, id: Uuid) -> StoreResult<Option<Internship>> {
    type Raw = (
        Id,
        Option<Id>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
        i64,
        String,
        String,
        Option<String>,
        String,
    );
    let raw: Option<Raw> = conn
        .prepare_cached(
            "SELECT i.case_id, i.partner_id, p.name, i.tutor, i.start_on, i.planned_end_on,
                    i.weekly_hours, i.monthly_allowance_cents, i.status, i.status_reason,
                    i.status_on, i.data
             FROM internships i LEFT JOIN partners p ON p.id = i.partner_id WHERE i.id = ?1",
        )?
        .query_row(params![key(id)], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            ))
        })
        .optional()?;
    let Some((case, partner, host, tutor, start, end, hours, allowance, status, reason, on, data)) =
        raw
    else {
        return Ok(None);
    };
    let start_on = parse_date_opt(start)?.unwrap_or_default();
    Ok(Some(Internship {
        id,
        case_id: case.0,
        partner_id: partner.map(|p| p.0),
        host: host.unwrap_or_default(),
        tutor,
        start_on,
        planned_end_on: parse_date_opt(end)?.unwrap_or(start_on),
        weekly_hours: hours,
        monthly_allowance_cents: allowance,
        status: Status::from_code(&status)
            .ok_or_else(|| StoreError::Other(format!("bad internship status {status}")))?,
        status_reason: reason,
        status_on: parse_date_opt(on)?,
        data: serde_json::from_str(&data)?,
    }))
}
