//! Cases and their steps.
//!
//! Only steps that have left `todo` have a row in `case_steps` (a new case has one: intake
//! done); a missing row is a step still to do. The journal records a case the same way.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::codec::{parse_ts, parse_ts_opt, parse_uuid, ts};
use super::journal::{self, Line};
use super::{Store, StoreError, StoreResult};
use crate::domain::case::{CaseSummary, Step, StepState, StepStatus, steps_after_intake};

/// Opens a case for `person` with the steps of a just-saved intake, and journals it.
pub(crate) fn open_after_intake(
    conn: &Connection,
    person: Uuid,
    now: DateTime<Utc>,
    at: &str,
    by: &str,
) -> StoreResult<Uuid> {
    let case = CaseSummary {
        id: Uuid::now_v7(),
        person_id: person,
        opened_at: now,
        closed_at: None,
        steps: steps_after_intake(now)
            .into_iter()
            .filter(|s| s.status != StepStatus::Todo)
            .collect(),
    };
    let id = case.id.to_string();
    conn.prepare_cached("INSERT INTO cases (id, person_id, opened_at) VALUES (?1, ?2, ?3)")?
        .execute(params![id, person.to_string(), at])?;
    let mut st = conn.prepare_cached(
        "INSERT INTO case_steps (case_id, step, status, done_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for s in &case.steps {
        st.execute(params![
            id,
            s.step.code(),
            s.status.code(),
            s.done_at.map(ts)
        ])?;
    }
    journal::write(
        conn,
        &Line {
            entity: journal::CASE,
            entity_id: case.id,
            field: None,
            old_value: None,
            new_value: Some(&serde_json::to_string(&case)?),
            at,
            by,
            case_id: Some(case.id),
        },
    )?;
    Ok(case.id)
}

type StepRow = (String, String, String, Option<String>);

impl Store {
    /// Whether the case exists and is open; services refuse changes to a closed case.
    pub fn case_is_open(&self, case: Uuid) -> StoreResult<bool> {
        let closed: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT closed_at FROM cases WHERE id = ?1")?
            .query_row(params![case.to_string()], |r| r.get(0))
            .optional()?;
        Ok(matches!(closed, Some(None)))
    }

    /// The cases of a person, the most recently opened first, steps in path order.
    pub fn cases_for(&self, person: Uuid) -> StoreResult<Vec<CaseSummary>> {
        let key = person.to_string();
        let heads = self
            .conn
            .prepare_cached(
                "SELECT id, opened_at, closed_at FROM cases WHERE person_id = ?1
                 ORDER BY opened_at DESC, id DESC",
            )?
            .query_map(params![key], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let steps: Vec<StepRow> = self
            .conn
            .prepare_cached(
                "SELECT s.case_id, s.step, s.status, s.done_at
                 FROM cases c JOIN case_steps s ON s.case_id = c.id
                 WHERE c.person_id = ?1",
            )?
            .query_map(params![key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut by_case: HashMap<String, Vec<StepState>> = HashMap::new();
        for (case_id, step, status, done_at) in steps {
            let (Some(step), Some(status)) =
                (Step::from_code(&step), StepStatus::from_code(&status))
            else {
                return Err(StoreError::Other(format!(
                    "case {case_id}: unknown step {step} or status {status}"
                )));
            };
            by_case.entry(case_id).or_default().push(StepState {
                step,
                status,
                done_at: parse_ts_opt(done_at)?,
            });
        }
        heads
            .into_iter()
            .map(|(id, opened, closed)| {
                let stored = by_case.remove(&id).unwrap_or_default();
                let steps = Step::ALL
                    .into_iter()
                    .map(|step| {
                        stored
                            .iter()
                            .find(|s| s.step == step)
                            .cloned()
                            .unwrap_or(StepState {
                                step,
                                status: StepStatus::Todo,
                                done_at: None,
                            })
                    })
                    .collect();
                Ok(CaseSummary {
                    id: parse_uuid(&id)?,
                    person_id: person,
                    opened_at: parse_ts(&opened)?,
                    closed_at: parse_ts_opt(closed)?,
                    steps,
                })
            })
            .collect()
    }
}
