//! Cases and their steps.
//!
//! Only steps that have left `todo` have a row in `case_steps` (a new case has one: intake
//! done); a missing row is a step still to do. The journal records a case the same way.
//! Opening, closing, reopening and step forms are in [`ops`]; the overview and the timeline
//! in [`overview`].

mod closure;
mod ops;
mod overview;
mod plan;

pub use closure::{CloseRefusal, Closure};
pub use ops::CaseRefusal;
pub use overview::CaseForm;
pub(crate) use overview::state_of_column;
pub(crate) use plan::plan_signed;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::codec::{At, Id, at_text, id as key, parse_date_opt};
use super::journal::{self, Line};
use super::{Store, StoreError, StoreResult};
use crate::domain::case::{CaseSummary, Step, StepState, StepStatus, steps_after_intake};

/// Opens a case for `person` with the steps of a just-saved intake, and journals it; `by`
/// becomes the case's operator.
pub(crate) fn open_after_intake(
    conn: &Connection,
    run: &mut journal::Run,
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
        operator: by.to_string(),
        programme_id: None,
        outcome: None,
        outcome_on: None,
        steps: steps_after_intake(now)
            .into_iter()
            .filter(|s| s.status != StepStatus::Todo)
            .collect(),
    };
    let id = key(case.id);
    conn.prepare_cached(
        "INSERT INTO cases (id, person_id, opened_at, operator) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, key(person), at_text(at), by])?;
    let mut st = conn.prepare_cached(
        "INSERT INTO case_steps (case_id, step, status, done_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for s in &case.steps {
        st.execute(params![
            id,
            s.step.code(),
            s.status.code(),
            s.done_at.map(At)
        ])?;
    }
    run.write(
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

const HEAD_COLUMNS: &str =
    "id, person_id, opened_at, closed_at, operator, programme_id, outcome, outcome_on";

type Head = (
    Id,
    Id,
    At,
    Option<At>,
    String,
    Option<Id>,
    Option<String>,
    Option<String>,
);

fn head_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Head> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

/// The stored steps of one case (rows of `case_steps`), in no particular order.
pub(crate) fn stored_steps(conn: &Connection, case: Uuid) -> StoreResult<Vec<StepState>> {
    let raw = conn
        .prepare_cached("SELECT step, status, done_at FROM case_steps WHERE case_id = ?1")?
        .query_map(params![key(case)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<At>>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    raw.into_iter()
        .map(|(step, status, done_at)| {
            let (Some(step), Some(status)) =
                (Step::from_code(&step), StepStatus::from_code(&status))
            else {
                return Err(StoreError::Other(format!(
                    "case {case}: unknown step {step} or status {status}"
                )));
            };
            Ok(StepState {
                step,
                status,
                done_at: done_at.map(|t| t.0),
            })
        })
        .collect()
}

/// All eight steps in path order, the stored ones as stored and the rest to do.
fn all_steps(stored: &[StepState]) -> Vec<StepState> {
    Step::ALL
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
        .collect()
}

/// A case with every step's status read from the tables the step fills
/// (`domain::case::derive_steps`): the one source the person screen, the case screen and
/// every `--json` read. A stored step's date is kept.
fn summary(conn: &Connection, h: Head) -> StoreResult<CaseSummary> {
    let mut c = stored_summary(conn, h)?;
    let facts = overview::facts(conn, &c)?;
    c.steps = crate::domain::case::derive_steps(&facts)
        .into_iter()
        .map(|o| StepState {
            step: o.step,
            status: o.status,
            done_at: c
                .steps
                .iter()
                .find(|s| s.step == o.step && s.status == o.status)
                .and_then(|s| s.done_at),
        })
        .collect();
    Ok(c)
}

fn stored_summary(conn: &Connection, h: Head) -> StoreResult<CaseSummary> {
    let (id, person, opened, closed, operator, programme, outcome, outcome_on) = h;
    let steps = all_steps(&stored_steps(conn, id.0)?);
    Ok(CaseSummary {
        id: id.0,
        person_id: person.0,
        opened_at: opened.0,
        closed_at: closed.map(|t| t.0),
        operator,
        programme_id: programme.map(|p| p.0),
        outcome,
        outcome_on: parse_date_opt(outcome_on)?,
        steps,
    })
}

/// One case, with its stored steps.
pub(crate) fn load(conn: &Connection, case: Uuid) -> StoreResult<Option<CaseSummary>> {
    let head = conn
        .prepare_cached(&format!("SELECT {HEAD_COLUMNS} FROM cases WHERE id = ?1"))?
        .query_row(params![key(case)], head_row)
        .optional()?;
    head.map(|h| summary(conn, h)).transpose()
}

/// Whether a change may touch the case: it exists and is open (inside the writer's
/// transaction, so the answer still holds when the change is written).
pub(crate) fn case_open(conn: &Connection, case: Uuid) -> StoreResult<Result<(), CaseRefusal>> {
    let closed: Option<Option<At>> = conn
        .prepare_cached("SELECT closed_at FROM cases WHERE id = ?1")?
        .query_row(params![key(case)], |r| r.get(0))
        .optional()?;
    Ok(match closed {
        None => Err(CaseRefusal::NotFound),
        Some(Some(_)) => Err(CaseRefusal::Closed),
        Some(None) => Ok(()),
    })
}

impl Store {
    /// Whether the case exists and is open; services refuse changes to a closed case.
    pub fn case_is_open(&self, case: Uuid) -> StoreResult<bool> {
        Ok(case_open(&self.conn, case)?.is_ok())
    }

    /// One case by id, steps in path order (stored statuses; see `case_overview` for the
    /// statuses derived from the step tables).
    pub fn case(&self, case: Uuid) -> StoreResult<Option<CaseSummary>> {
        load(&self.conn, case)
    }

    /// The cases of a person, the most recently opened first, steps in path order.
    pub fn cases_for(&self, person: Uuid) -> StoreResult<Vec<CaseSummary>> {
        let heads = self
            .conn
            .prepare_cached(&format!(
                "SELECT {HEAD_COLUMNS} FROM cases WHERE person_id = ?1
                 ORDER BY opened_at DESC, id DESC"
            ))?
            .query_map(params![key(person)], head_row)?
            .collect::<Result<Vec<_>, _>>()?;
        heads.into_iter().map(|h| summary(&self.conn, h)).collect()
    }
}
