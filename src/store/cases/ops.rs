//! Changing a case: opening another one for a person, closing, reopening, and saving the
//! step forms kept whole in `case_forms`. Each verb is one transaction with its journal
//! lines, all carrying the case (its timeline); refusals are answers, not errors.

use crate::store::compact;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::super::codec::{At, Id, at_text, date, id as key, ts};
use super::super::journal::{self, Line};
use super::super::{Store, StoreResult};
use super::load;
use crate::domain::case::{CaseSummary, Step, StepStatus};

/// Why a change to a case was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseRefusal {
    /// No such case (or person).
    NotFound,
    /// The case is closed: reopen it first.
    Closed,
    /// The case is already open.
    AlreadyOpen,
    /// Another case of the person is open (its id).
    OtherCaseOpen(Uuid),
    /// The form was saved by someone else (when, by whom) after it was opened here.
    Changed(DateTime<Utc>, String),
}

pub(super) type Answer<T> = StoreResult<Result<T, CaseRefusal>>;

/// The form document stored for `case` under `form`, if any.
pub(crate) fn form_doc(
    conn: &Connection,
    case: Uuid,
    form: &str,
) -> StoreResult<Option<Map<String, Value>>> {
    let stored: Option<rusqlite::types::Value> = conn
        .prepare_cached("SELECT data FROM case_forms WHERE case_id = ?1 AND form = ?2")?
        .query_row(params![key(case), form], |r| r.get(0))
        .optional()?;
    let text = match stored {
        Some(v) => compact::unpack((&v).into())?,
        None => None,
    };
    Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
}

fn json_opt(v: Option<&Value>) -> StoreResult<Option<String>> {
    Ok(v.map(serde_json::to_string).transpose()?)
}

/// Stores `doc` as the case's `form`, journaling each changed field as `data.<id>` under
/// the entity `form`; returns the ids of the fields that changed (none: nothing written).
/// [`CaseRefusal::Changed`] when the stored `form` of `case` was saved after `opened`.
pub(super) fn changed_since(
    conn: &Connection,
    case: Uuid,
    form: &str,
    opened: Option<DateTime<Utc>>,
) -> StoreResult<Option<CaseRefusal>> {
    let Some(opened) = opened else {
        return Ok(None);
    };
    let last: Option<(At, String)> = conn
        .query_row(
            "SELECT updated_at, updated_by FROM case_forms WHERE case_id = ?1 AND form = ?2",
            params![key(case), form],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match last {
        Some((At(at), who)) => Ok((at > opened).then_some(CaseRefusal::Changed(at, who))),
        None => Ok(None),
    }
}

pub(super) fn write_form(
    conn: &Connection,
    case: Uuid,
    form: &str,
    doc: &Map<String, Value>,
    at: &str,
    by: &str,
) -> StoreResult<Vec<String>> {
    let old = form_doc(conn, case, form)?;
    let empty = Map::new();
    let before = old.as_ref().unwrap_or(&empty);
    let mut ids: Vec<&String> = before.keys().chain(doc.keys()).collect();
    ids.sort();
    ids.dedup();
    let changed: Vec<String> = ids
        .into_iter()
        .filter(|k| before.get(*k) != doc.get(*k))
        .cloned()
        .collect();
    if old.is_some() && changed.is_empty() {
        return Ok(changed);
    }
    for field in &changed {
        let name = format!("data.{field}");
        journal::write(
            conn,
            &Line {
                entity: form,
                entity_id: case,
                field: Some(&name),
                old_value: json_opt(before.get(field))?.as_deref(),
                new_value: json_opt(doc.get(field))?.as_deref(),
                at,
                by,
                case_id: Some(case),
            },
        )?;
    }
    conn.prepare_cached(
        "INSERT INTO case_forms (case_id, form, data, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (case_id, form) DO UPDATE
         SET data = excluded.data, updated_at = excluded.updated_at,
             updated_by = excluded.updated_by",
    )?
    .execute(params![
        key(case),
        form,
        compact::pack(&serde_json::to_string(doc)?),
        at_text(at),
        by
    ])?;
    Ok(changed)
}

pub(super) fn set_step(
    conn: &Connection,
    case: Uuid,
    step: Step,
    status: StepStatus,
    at: &str,
) -> StoreResult<()> {
    let done_at = (status == StepStatus::Done).then(|| at_text(at));
    conn.prepare_cached(
        "INSERT INTO case_steps (case_id, step, status, done_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (case_id, step) DO UPDATE
         SET status = excluded.status, done_at = excluded.done_at",
    )?
    .execute(params![key(case), step.code(), status.code(), done_at])?;
    Ok(())
}

fn case_line(
    conn: &Connection,
    case: Uuid,
    field: &str,
    old: Option<String>,
    new: Option<String>,
    at: &str,
    by: &str,
) -> StoreResult<()> {
    journal::write(
        conn,
        &Line {
            entity: journal::CASE,
            entity_id: case,
            field: Some(field),
            old_value: old.as_deref(),
            new_value: new.as_deref(),
            at,
            by,
            case_id: Some(case),
        },
    )
}

/// The open case of a person other than `except`, if any.
fn other_open(conn: &Connection, person: Uuid, except: Option<Uuid>) -> StoreResult<Option<Uuid>> {
    let id: Option<Id> = conn
        .prepare_cached("SELECT id FROM cases WHERE person_id = ?1 AND closed_at IS NULL")?
        .query_row(params![key(person)], |r| r.get(0))
        .optional()?;
    Ok(id.map(|i| i.0).filter(|id| Some(*id) != except))
}

/// Loads the case and refuses when it is missing or closed.
pub(super) fn open_case_of(conn: &Connection, case: Uuid) -> Answer<CaseSummary> {
    Ok(match load(conn, case)? {
        None => Err(CaseRefusal::NotFound),
        Some(c) if !c.is_open() => Err(CaseRefusal::Closed),
        Some(c) => Ok(c),
    })
}

impl Store {
    /// Opens a new case for `person`, whose cases must all be closed; `by` becomes its
    /// operator. The intake is already on file, so its step starts done.
    pub fn open_case(&mut self, person: Uuid, by: &str, now: DateTime<Utc>) -> Answer<Uuid> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let live: Option<i64> = tx
            .prepare_cached("SELECT 1 FROM people WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row(params![key(person)], |r| r.get(0))
            .optional()?;
        if live.is_none() {
            return Ok(Err(CaseRefusal::NotFound));
        }
        if let Some(open) = other_open(&tx, person, None)? {
            return Ok(Err(CaseRefusal::OtherCaseOpen(open)));
        }
        let mut run = super::journal::Run::default();
        let id = super::open_after_intake(&tx, &mut run, person, now, &ts(now), by)?;
        run.seal(&tx)?;
        tx.commit()?;
        Ok(Ok(id))
    }

    /// Saves a step form (orientation, assessment…) of an open case and marks `step` done.
    /// Returns the ids of the fields that changed.
    pub fn save_case_form(
        &mut self,
        case: Uuid,
        form: &str,
        step: Option<Step>,
        doc: &Map<String, Value>,
        by: &str,
        now: DateTime<Utc>,
    ) -> Answer<Vec<String>> {
        self.save_case_form_checked(case, form, step, doc, by, now, None)
    }

    /// As [`Store::save_case_form`], refused with [`CaseRefusal::Changed`] when the stored
    /// form was saved after `opened` (by another program or operator): nothing is written.
    #[allow(clippy::too_many_arguments)]
    pub fn save_case_form_checked(
        &mut self,
        case: Uuid,
        form: &str,
        step: Option<Step>,
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
        if let Some(refusal) = changed_since(&tx, case, form, opened)? {
            return Ok(Err(refusal));
        }
        let at = ts(now);
        let changed = write_form(&tx, case, form, doc, &at, by)?;
        if let Some(step) = step
            && !changed.is_empty()
        {
            set_step(&tx, case, step, StepStatus::Done, &at)?;
        }
        tx.commit()?;
        Ok(Ok(changed))
    }

    /// Closes an open case with the closure document `doc`, its outcome and its date.
    pub fn close_case(
        &mut self,
        case: Uuid,
        doc: &Map<String, Value>,
        outcome: &str,
        outcome_on: NaiveDate,
        by: &str,
        now: DateTime<Utc>,
    ) -> Answer<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Err(refusal) = open_case_of(&tx, case)? {
            return Ok(Err(refusal));
        }
        let at = ts(now);
        // A closed case holds no running internship.
        super::closure::interrupt_running(&tx, case, outcome_on, "", &at, by)?;
        close_in(&tx, case, doc, outcome, outcome_on, &at, by)?;
        tx.commit()?;
        Ok(Ok(()))
    }

    /// Reopens a closed case, for `reason`: refused while another case of the person is
    /// open. The closure document stays on file; the outcome is cleared.
    pub fn reopen_case(
        &mut self,
        case: Uuid,
        reason: &str,
        on: Option<NaiveDate>,
        by: &str,
        now: DateTime<Utc>,
    ) -> Answer<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(c) = load(&tx, case)? else {
            return Ok(Err(CaseRefusal::NotFound));
        };
        // The case of an erased person (or one deleted as a mistake) stays closed: nothing
        // of theirs is processed again.
        let live: bool = tx.query_row(
            "SELECT deleted_at IS NULL FROM people WHERE id = ?1",
            params![key(c.person_id)],
            |r| r.get(0),
        )?;
        if !live {
            return Ok(Err(CaseRefusal::NotFound));
        }
        if c.is_open() {
            return Ok(Err(CaseRefusal::AlreadyOpen));
        }
        if let Some(open) = other_open(&tx, c.person_id, Some(case))? {
            return Ok(Err(CaseRefusal::OtherCaseOpen(open)));
        }
        let at = ts(now);
        tx.prepare_cached(
            "UPDATE cases SET closed_at = NULL, outcome = NULL, outcome_on = NULL WHERE id = ?1",
        )?
        .execute(params![key(case)])?;
        tx.prepare_cached("DELETE FROM case_steps WHERE case_id = ?1 AND step = ?2")?
            .execute(params![key(case), Step::Closure.code()])?;
        let old = serde_json::json!({
            "closed_at": c.closed_at.map(ts),
            "outcome": c.outcome,
            "outcome_on": c.outcome_on.map(date),
        });
        let new = serde_json::json!({ "reason": reason, "on": on.map(date) });
        case_line(
            &tx,
            case,
            "reopened",
            Some(old.to_string()),
            Some(new.to_string()),
            &at,
            by,
        )?;
        tx.commit()?;
        Ok(Ok(()))
    }
}

/// Writes the closure inside the caller's transaction: the closure form, the outcome, the
/// step, the journal line.
pub(super) fn close_in(
    conn: &Connection,
    case: Uuid,
    doc: &Map<String, Value>,
    outcome: &str,
    outcome_on: NaiveDate,
    at: &str,
    by: &str,
) -> StoreResult<()> {
    write_form(conn, case, Step::Closure.code(), doc, at, by)?;
    conn.prepare_cached(
        "UPDATE cases SET closed_at = ?2, outcome = ?3, outcome_on = ?4 WHERE id = ?1",
    )?
    .execute(params![key(case), at_text(at), outcome, date(outcome_on)])?;
    set_step(conn, case, Step::Closure, StepStatus::Done, at)?;
    let closed = serde_json::json!({ "outcome": outcome, "outcome_on": date(outcome_on) });
    case_line(conn, case, "closed", None, Some(closed.to_string()), at, by)
}
