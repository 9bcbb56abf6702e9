//! Reading a case for its screen: the facts each step's table holds (one call), the step
//! forms, the timeline (newest journal lines of the case, by index), and the open case's
//! step of a register row (read by `search::summaries` for the page's rows only).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::super::codec::{At, Id, id as key_of, parse_date_opt};
use super::super::journal;
use super::super::journal::JournalEntry;
use super::super::{Store, StoreError, StoreResult};
use super::{load, ops};
use crate::domain::case::{CaseState, CaseSummary, Step, StepFacts, current_step};

fn count(conn: &Connection, sql: &str, case: Id) -> StoreResult<u32> {
    let n: i64 = conn
        .prepare_cached(sql)?
        .query_row(params![case], |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub(super) fn facts(conn: &Connection, c: &CaseSummary) -> StoreResult<StepFacts> {
    let key = key_of(c.id);
    let forms = conn
        .prepare_cached("SELECT form, updated_at FROM case_forms WHERE case_id = ?1")?
        .query_map(params![key], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, At>(1)?.0))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let plan = ops::form_doc(conn, c.id, Step::ActionPlan.code())?;
    // Signed as the plan screen and the money rules read it.
    let plan_signed_on = plan.as_ref().and_then(crate::domain::plan::signed_on);
    let referrals = conn
        .prepare_cached(
            "SELECT status, count(*) FROM referrals WHERE case_id = ?1
             GROUP BY status ORDER BY status",
        )?
        .query_map(params![key], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|(s, n)| (s, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect();
    let internship = conn
        .prepare_cached(
            "SELECT status, status_on FROM internships WHERE case_id = ?1
             ORDER BY start_on DESC, id DESC LIMIT 1",
        )?
        .query_row(params![key], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })
        .optional()?
        .map(|(s, on)| Ok::<_, StoreError>((s, parse_date_opt(on)?)))
        .transpose()?;
    let next_due: Option<String> = conn
        .prepare_cached(
            "SELECT min(due_on) FROM follow_ups WHERE case_id = ?1 AND done_on IS NULL",
        )?
        .query_row(params![key], |r| r.get(0))?;
    Ok(StepFacts {
        stored: c
            .steps
            .iter()
            .filter(|s| s.step == Step::Intake)
            .cloned()
            .collect(),
        forms,
        plan_signed_on,
        plan_actions: count(
            conn,
            "SELECT count(*) FROM plan_actions WHERE case_id = ?1",
            key,
        )?,
        plan_actions_done: count(
            conn,
            "SELECT count(*) FROM plan_actions WHERE case_id = ?1 AND status = 'done'",
            key,
        )?,
        referrals,
        internship,
        follow_ups_pending: count(
            conn,
            "SELECT count(*) FROM follow_ups WHERE case_id = ?1 AND done_on IS NULL",
            key,
        )?,
        follow_ups_done: count(
            conn,
            "SELECT count(*) FROM follow_ups WHERE case_id = ?1 AND done_on IS NOT NULL",
            key,
        )?,
        follow_up_next_due: parse_date_opt(next_due)?,
        closed_at: c.closed_at,
        outcome: c.outcome.clone(),
        outcome_on: c.outcome_on,
    })
}

/// One stored step form.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseForm {
    pub form: String,
    pub data: Map<String, Value>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

impl Store {
    /// A case and the facts of its steps' tables, in one call (see
    /// `domain::case::derive_steps`); `None` when there is no such case.
    pub fn case_facts(&self, case: Uuid) -> StoreResult<Option<(CaseSummary, StepFacts)>> {
        let Some(c) = load(&self.conn, case)? else {
            return Ok(None);
        };
        let f = facts(&self.conn, &c)?;
        Ok(Some((c, f)))
    }

    /// The step form `form` of a case, if saved.
    pub fn case_form(&self, case: Uuid, form: &str) -> StoreResult<Option<Map<String, Value>>> {
        ops::form_doc(&self.conn, case, form)
    }

    /// Every step form of a case, by form id.
    pub fn case_forms(&self, case: Uuid) -> StoreResult<Vec<CaseForm>> {
        let raw = self
            .conn
            .prepare_cached(
                "SELECT form, data, updated_at, updated_by FROM case_forms
                 WHERE case_id = ?1 ORDER BY form",
            )?
            .query_map(params![key_of(case)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    super::super::compact::unpack(r.get_ref(1)?),
                    r.get::<_, At>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        raw.into_iter()
            .map(|(form, data, at, by)| {
                Ok(CaseForm {
                    form,
                    data: serde_json::from_str(&data?.unwrap_or_default())?,
                    updated_at: at.0,
                    updated_by: by,
                })
            })
            .collect()
    }

    /// The newest `limit` journal lines of a case (its timeline), newest first.
    pub fn changes_by_case(&self, case: Uuid, limit: u32) -> StoreResult<Vec<JournalEntry>> {
        let sql = format!(
            "SELECT {} FROM changes WHERE case_id = ?1 ORDER BY at DESC, seq DESC LIMIT ?2",
            journal::COLUMNS
        );
        journal::entries(
            &self.conn,
            &sql,
            params![super::super::compact::id(case), limit],
        )
    }
}

impl Store {
    /// The code of a programme (`programmes.code`), if it exists.
    pub fn programme_code(&self, id: Uuid) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT code FROM programmes WHERE id = ?1")?
            .query_row(params![key_of(id)], |r| r.get(0))
            .optional()?)
    }
}

/// A register row's case state from its SQL column: NULL (no case), `"closed"`, or the JSON
/// array of the open case's started steps (see `search::summaries`).
pub(crate) fn state_of_column(v: Option<String>) -> StoreResult<CaseState> {
    let Some(text) = v else {
        return Ok(CaseState::NoCase);
    };
    match serde_json::from_str::<Value>(&text)? {
        Value::String(s) if s == "closed" => Ok(CaseState::Closed),
        Value::Array(steps) => {
            let started: Vec<_> = steps
                .iter()
                .filter_map(Value::as_str)
                .filter_map(Step::from_code)
                .map(|step| crate::domain::case::StepState {
                    step,
                    status: crate::domain::case::StepStatus::Done,
                    done_at: None,
                })
                .collect();
            Ok(CaseState::Open(current_step(&started)))
        }
        other => Err(StoreError::Other(format!("bad case state {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_without_a_case_closed_or_open_at_a_step() {
        assert_eq!(state_of_column(None).unwrap(), CaseState::NoCase);
        assert_eq!(
            state_of_column(Some("\"closed\"".into())).unwrap(),
            CaseState::Closed
        );
        let open = state_of_column(Some(r#"["intake","assessment","orientation"]"#.into()));
        assert_eq!(open.unwrap(), CaseState::Open(Step::Assessment));
        assert_eq!(
            state_of_column(Some("[]".into())).unwrap(),
            CaseState::Open(Step::Intake)
        );
        assert!(state_of_column(Some("7".into())).is_err());
    }
}
