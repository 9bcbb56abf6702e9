//! Closing a case with its open work: what is still open (read in one call), and the
//! closure that settles it — the internship ended, the referrals withdrawn or completed, the
//! unpaid commitments released, the reason kept — in the closure's own transaction, so a
//! refusal anywhere writes nothing.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, TransactionBehavior, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::super::codec::{Id, at_text, date, id as key, ts};
use super::super::internships::{InternshipRefusal, move_internship_in};
use super::super::journal::{self, Line};
use super::super::money::{Movement, apply_movement, enrolment};
use super::super::referrals::move_referral_in;
use super::super::{ReferralRefusal, Store, StoreError, StoreResult};
use super::ops::{CaseRefusal, close_in, open_case_of};
use crate::domain::case::closure::{
    ClosureRefusal, OpenReferral, OpenWork, Settlement, check, internship_end,
};
use crate::domain::internship::Status as InternshipStatus;
use crate::domain::money::{Op, OpKind, Refusal};
use crate::domain::referral::Status as ReferralStatus;

/// Why a closure was not made.
#[derive(Debug, Clone, PartialEq)]
pub enum CloseRefusal {
    Case(CaseRefusal),
    Open(ClosureRefusal),
    Internship(InternshipRefusal),
    Referral(ReferralRefusal),
    Money(Refusal),
}

const RUNNING: &str = "('planned', 'active', 'suspended')";

fn running_internship(conn: &Connection, case: Uuid) -> StoreResult<Option<(Uuid, String)>> {
    let sql = format!(
        "SELECT id, status FROM internships WHERE case_id = ?1 AND status IN {RUNNING}
         ORDER BY start_on DESC, id DESC LIMIT 1"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(params![key(case)])?;
    match rows.next()? {
        Some(r) => Ok(Some((r.get::<_, Id>(0)?.0, r.get(1)?))),
        None => Ok(None),
    }
}

/// Everything still open on a case.
pub(super) fn open_work(conn: &Connection, case: Uuid) -> StoreResult<OpenWork> {
    let internship = running_internship(conn, case)?
        .map(|(id, s)| {
            InternshipStatus::from_code(&s)
                .map(|st| (id, st))
                .ok_or_else(|| StoreError::Other(format!("bad internship status {s}")))
        })
        .transpose()?;
    let raw: Vec<(Id, String, String)> = conn
        .prepare_cached(
            "SELECT r.id, coalesce(p.name, ''), r.status FROM referrals r
             LEFT JOIN partners p ON p.id = r.partner_id
             WHERE r.case_id = ?1 AND r.status IN ('drafted', 'sent', 'accepted', 'in_progress')
             ORDER BY r.created_on, r.id",
        )?
        .query_map(params![key(case)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut referrals = Vec::new();
    for (id, partner, status) in raw {
        let status = ReferralStatus::from_code(&status)
            .ok_or_else(|| StoreError::Other(format!("bad referral status {status}")))?;
        referrals.push(OpenReferral {
            id: id.0,
            partner,
            status,
        });
    }
    let actions = conn
        .prepare_cached(
            "SELECT title FROM plan_actions WHERE case_id = ?1
             AND status NOT IN ('done', 'cancelled') ORDER BY position",
        )?
        .query_map(params![key(case)], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let unpaid = match enrolment(conn, case)? {
        Some((_, budget)) => budget
            .lines
            .iter()
            .filter(|l| l.payable() > 0)
            .map(|l| (l.code.clone(), l.payable()))
            .collect(),
        None => Vec::new(),
    };
    Ok(OpenWork {
        internship,
        referrals,
        actions,
        unpaid,
    })
}

/// Ends the running internship of a case as interrupted on `on`, whatever its state (the
/// closure of a case that holds one).
pub(super) fn interrupt_running(
    conn: &Connection,
    case: Uuid,
    on: NaiveDate,
    reason: &str,
    at: &str,
    by: &str,
) -> StoreResult<()> {
    let Some((id, _)) = running_internship(conn, case)? else {
        return Ok(());
    };
    let to = InternshipStatus::Interrupted;
    conn.prepare_cached(
        "UPDATE internships SET status = ?2, status_reason = ?3, status_on = ?4,
           updated_at = ?5 WHERE id = ?1",
    )?
    .execute(params![key(id), to.code(), reason, date(on), at_text(at)])?;
    let value = serde_json::json!({ "status": to.code(), "on": date(on), "reason": reason });
    journal::write(
        conn,
        &Line {
            entity: "internship",
            entity_id: id,
            field: Some("status"),
            old_value: None,
            new_value: Some(&value.to_string()),
            at,
            by,
            case_id: Some(case),
        },
    )
}

/// A closure: the case, its closure form and outcome, and what the operator settled.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure<'a> {
    pub doc: &'a Map<String, Value>,
    pub outcome: &'a str,
    pub on: NaiveDate,
    pub settlement: &'a Settlement,
}

impl Store {
    /// What is still open on a case (the closure screen lists it).
    pub fn open_work(&self, case: Uuid) -> StoreResult<OpenWork> {
        open_work(&self.conn, case)
    }

    /// Closes a case after settling its open work as the operator chose; refused (nothing
    /// written) when work is left open without a reason, or a settlement is not allowed.
    pub fn close_case_settled(
        &mut self,
        case: Uuid,
        c: &Closure<'_>,
        today: NaiveDate,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<(), CloseRefusal>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Err(r) = open_case_of(&tx, case)? {
            return Ok(Err(CloseRefusal::Case(r)));
        }
        let open = open_work(&tx, case)?;
        if let Err(r) = check(&open, c.settlement) {
            return Ok(Err(CloseRefusal::Open(r)));
        }
        let s = c.settlement;
        let on = c.on.min(today);
        if let Some((id, _)) = open.internship {
            let (to, reason) = internship_end(s);
            if let Err(r) = move_internship_in(&tx, id, to, on, &reason, today, by, now)? {
                return Ok(Err(CloseRefusal::Internship(r)));
            }
        }
        if s.settle_referrals {
            for r in &open.referrals {
                let to = r.settled();
                // Settled today: a referral cannot move before its last change.
                if let Err(e) = move_referral_in(&tx, r.id, to, today, &s.reason, today, by, now)? {
                    return Ok(Err(CloseRefusal::Referral(e)));
                }
            }
        }
        if s.release_unpaid {
            for (line, cents) in &open.unpaid {
                let m = Movement {
                    op: Op {
                        kind: OpKind::Release,
                        line: line.clone(),
                        cents: *cents,
                    },
                    minutes: None,
                    on_date: today,
                    note: &s.reason,
                    link: None,
                };
                if let Err(r) = apply_movement(&tx, case, &m, by, now)? {
                    return Ok(Err(CloseRefusal::Money(r)));
                }
            }
        }
        let mut doc = c.doc.clone();
        let left = crate::domain::case::closure::left_open(&open, s);
        if !left.is_empty() {
            doc.insert(
                "open_work_reason".into(),
                Value::String(s.reason.trim().into()),
            );
        }
        let at = ts(now);
        close_in(&tx, case, &doc, c.outcome, c.on, &at, by)?;
        tx.commit()?;
        Ok(Ok(()))
    }
}
