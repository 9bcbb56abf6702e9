//! Follow-ups: scheduled check-ins and their outcome, the next one scheduled from the last.

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::i18n::Msg;
use crate::service::cases::refusal_msg;
use crate::service::people::now;
use crate::store::Store;
use crate::store::follow_ups::Outcome;

fn text<'a>(doc: &'a Map<String, Value>, k: &str) -> &'a str {
    doc.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
}

fn day(doc: &Map<String, Value>, k: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text(doc, k), "%Y-%m-%d").ok()
}

/// Schedules a follow-up from the follow-up form (due date, kind, note).
pub fn schedule(
    store: &mut Store,
    case: Uuid,
    doc: &Map<String, Value>,
    by: &str,
) -> Result<Uuid, Msg> {
    let due = day(doc, "due_on").ok_or_else(|| Msg::new("forms.required"))?;
    store
        .schedule_follow_up(case, due, text(doc, "kind"), text(doc, "note"), by, now())
        .map_err(|e| e.msg())?
        .map_err(|r| refusal_msg(&r))
}

/// Records the outcome of a follow-up (and schedules the next when the form asks).
pub fn record(
    store: &mut Store,
    id: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: &str,
) -> Result<Option<Uuid>, Msg> {
    let next = day(doc, "next_due_on").map(|d| (d, text(doc, "next_kind")));
    let o = Outcome {
        done_on: day(doc, "done_on").unwrap_or(today),
        outcome: text(doc, "outcome"),
        note: text(doc, "note"),
        next,
    };
    store
        .record_follow_up(id, &o, by, now())
        .map_err(|e| e.msg())?
        .map_err(|r| refusal_msg(&r))
}
