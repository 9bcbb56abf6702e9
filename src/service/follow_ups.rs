//! Follow-ups: scheduled check-ins and their outcome, the next one scheduled from the last.

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::service::documents::{FollowUpDoc, FollowUpOutcomeDoc, decode};
use crate::service::outcome::{FormProblem, Outcome, settled};
use crate::service::stamp::Stamp;
use crate::store::Store;
use crate::store::follow_ups::Outcome as Done;

/// Schedules a follow-up from the follow-up form (due date, kind, note).
pub fn schedule<'a>(
    store: &mut Store,
    case: Uuid,
    doc: &Map<String, Value>,
    by: impl Into<Stamp<'a>>,
) -> Outcome<Uuid> {
    let by: Stamp = by.into();
    let d: FollowUpDoc = decode(doc);
    let due = d.due_on.ok_or(FormProblem::Required("due_on"))?;
    settled(store.schedule_follow_up(case, due, &d.kind, &d.note, by.by, by.at))
}

/// Records the outcome of a follow-up (and schedules the next when the form asks).
pub fn record<'a>(
    store: &mut Store,
    id: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
) -> Outcome<Option<Uuid>> {
    let by: Stamp = by.into();
    let d: FollowUpOutcomeDoc = decode(doc);
    let next = d.next_due_on.map(|on| (on, d.next_kind.as_str()));
    let o = Done {
        done_on: d.done_on.unwrap_or(today),
        outcome: &d.outcome,
        note: &d.note,
        next,
    };
    settled(store.record_follow_up(id, &o, by.by, by.at))
}
