//! Saving the Individual Action Plan: the document kept whole (journaled field by field),
//! its actions projected into `plan_actions` for the agenda, and the step's status, in one
//! transaction.

use chrono::{DateTime, Utc};
use rusqlite::{TransactionBehavior, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::super::codec::{date, parse_date_opt, ts};
use super::super::{Store, StoreResult};
use super::ops::{Answer, open_case_of, set_step, write_form};
use crate::domain::case::{Step, StepStatus};
use crate::domain::plan::{self, PlanAction};

/// The form id of the plan.
pub const PLAN_FORM: &str = "action_plan";

impl Store {
    /// Saves the plan of an open case; the step is done once the person signed.
    pub fn save_plan(
        &mut self,
        case: Uuid,
        doc: &Map<String, Value>,
        by: &str,
        now: DateTime<Utc>,
        opened: Option<DateTime<Utc>>,
    ) -> Answer<Vec<String>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Err(refusal) = open_case_of(&tx, case)? {
            return Ok(Err(refusal));
        }
        if let Some(refusal) = super::ops::changed_since(&tx, case, PLAN_FORM, opened)? {
            return Ok(Err(refusal));
        }
        let at = ts(now);
        let changed = write_form(&tx, case, PLAN_FORM, doc, &at, by)?;
        let key = crate::store::codec::id(case);
        tx.prepare_cached("DELETE FROM plan_actions WHERE case_id = ?1")?
            .execute(params![key])?;
        for (i, a) in plan::actions(doc).iter().enumerate() {
            tx.prepare_cached(
                "INSERT INTO plan_actions (case_id, position, kind, title, owner, due_on, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                key,
                i as i64,
                a.kind,
                a.title,
                a.owner,
                a.due_on.map(date),
                a.status
            ])?;
        }
        let status = if plan::signed_on(doc).is_some() {
            StepStatus::Done
        } else {
            StepStatus::InProgress
        };
        set_step(&tx, case, Step::ActionPlan, status, &at)?;
        tx.commit()?;
        Ok(Ok(changed))
    }

    /// The actions of a case's plan, in the plan's order.
    pub fn plan_actions(&self, case: Uuid) -> StoreResult<Vec<PlanAction>> {
        let mut st = self.conn.prepare_cached(
            "SELECT kind, title, owner, due_on, status FROM plan_actions
             WHERE case_id = ?1 ORDER BY position",
        )?;
        let rows = st.query_map(params![crate::store::codec::id(case)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, title, owner, due, status) = row?;
            out.push(PlanAction {
                kind,
                title,
                owner,
                due_on: parse_date_opt(due)?,
                status,
            });
        }
        Ok(out)
    }
}

/// Whether the case's PAI is signed by the person (the same reading as the step's status).
pub(crate) fn plan_signed(conn: &rusqlite::Connection, case: Uuid) -> StoreResult<bool> {
    Ok(super::ops::form_doc(conn, case, PLAN_FORM)?
        .as_ref()
        .and_then(plan::signed_on)
        .is_some())
}
