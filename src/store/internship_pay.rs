//! The programme's rules as an internship reads them (its span of days and weekly hours, the
//! preliminary hours delivered), and the allowance paid for one month: checked, committed
//! where needed and paid in one transaction, or nothing written.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use uuid::Uuid;

use super::super::codec::id as key;
use super::super::money::{Movement, apply_movement, enrolment};
use super::super::{Store, StoreResult};
use super::{Answer, Internship, InternshipRefusal, open_internship};
use crate::domain::internship::rules::{PayFacts, Span, check_payment};
use crate::domain::money::{Budget, Op, OpKind};
use crate::domain::programme::{Programme, SpendingRules};

/// Weekly hours when neither the internship nor its programme gives them (a full week).
const FULL_WEEK_HOURS: i64 = 40;

fn programme_of(conn: &Connection, case: Uuid) -> StoreResult<Option<(Programme, Budget)>> {
    enrolment(conn, case)
}

/// The rules of the programme the case is enrolled in, if it is.
pub(super) fn rules_of(conn: &Connection, case: Uuid) -> StoreResult<Option<SpendingRules>> {
    Ok(programme_of(conn, case)?.map(|(p, _)| p.rules))
}

/// Minutes of services counted in hours already paid on the case: the preliminary
/// activities a programme may ask before an internship starts.
pub(super) fn preliminary_minutes(conn: &Connection, case: Uuid) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(minutes), 0) FROM ledger
             WHERE case_id = ?1 AND kind = 'pay' AND minutes IS NOT NULL",
        )?
        .query_row(params![key(case)], |r| r.get(0))?)
}

/// The days an internship runs (to its planned end, or the day it ended) and its weekly
/// hours (its own, else its programme's, else a full week).
pub(super) fn span(conn: &Connection, i: &Internship) -> StoreResult<Span> {
    let mut end = i.planned_end_on;
    if i.status.next().is_empty()
        && let Some(on) = i.status_on
    {
        end = end.min(on);
    }
    let weekly = match i.weekly_hours {
        Some(h) if h > 0 => h,
        _ => programme_of(conn, i.case_id)?
            .and_then(|(p, _)| p.internship)
            .map(|r| r.weekly_hours)
            .filter(|h| *h > 0)
            .unwrap_or(FULL_WEEK_HOURS),
    };
    Ok(Span {
        start: i.start_on,
        end,
        weekly_hours: weekly,
    })
}

/// One month's allowance to pay.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthPayment<'a> {
    pub month: &'a str,
    pub cents: i64,
    pub on: NaiveDate,
    pub note: &'a str,
}

impl Store {
    /// Pays a month of the trainee's allowance from the programme's allowance line: once per
    /// month, after the month began, against its attendance when the programme asks it;
    /// the shortfall of the commitment is committed first, in the same transaction.
    pub fn pay_month(
        &mut self,
        id: Uuid,
        p: &MonthPayment<'_>,
        today: NaiveDate,
        by: &str,
        at: DateTime<Utc>,
    ) -> Answer<Budget> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let i = match open_internship(&tx, id)? {
            Ok(i) => i,
            Err(r) => return Ok(Err(r)),
        };
        let Some((programme, budget)) = programme_of(&tx, i.case_id)? else {
            return Ok(Err(InternshipRefusal::NotEnrolled));
        };
        let Some(line) = programme.allowance_line().map(|l| l.code.clone()) else {
            return Ok(Err(InternshipRefusal::NotEnrolled));
        };
        let paid_months: Vec<String> = tx
            .prepare_cached(
                "SELECT month FROM ledger WHERE internship_id = ?1 AND kind = 'pay'
                 AND month IS NOT NULL",
            )?
            .query_map(params![key(id)], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let attendance: Option<i64> = tx
            .prepare_cached(
                "SELECT hours FROM internship_months WHERE internship_id = ?1 AND month = ?2",
            )?
            .query_row(params![key(id), p.month], |r| r.get(0))
            .optional()?;
        let monthly = match i.monthly_allowance_cents {
            c if c > 0 => c,
            _ => programme
                .internship
                .as_ref()
                .map_or(0, |r| r.monthly_allowance_cents),
        };
        let facts = PayFacts {
            span: span(&tx, &i)?,
            monthly_allowance: monthly,
            attendance,
            paid_months: &paid_months,
            needs_attendance: programme.rules.allowance_needs_attendance,
        };
        if let Err(r) = check_payment(p.month, p.cents, p.on, today, &facts) {
            return Ok(Err(InternshipRefusal::Move(r)));
        }
        let payable = budget.line(&line).map_or(0, |l| l.payable());
        let movement = |kind, cents| Movement {
            op: Op {
                kind,
                line: line.clone(),
                cents,
            },
            minutes: None,
            on_date: p.on,
            note: p.note,
            link: (kind == OpKind::Pay).then(|| (id, p.month.to_string())),
        };
        if payable < p.cents
            && let Err(r) = apply_movement(
                &tx,
                i.case_id,
                &movement(OpKind::Commit, p.cents - payable),
                by,
                at,
            )?
        {
            return Ok(Err(InternshipRefusal::Money(r)));
        }
        match apply_movement(&tx, i.case_id, &movement(OpKind::Pay, p.cents), by, at)? {
            Ok(b) => {
                tx.commit()?;
                Ok(Ok(b))
            }
            Err(r) => Ok(Err(InternshipRefusal::Money(r))),
        }
    }
}
