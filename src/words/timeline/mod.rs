//! A case's timeline in words: each typed event of `service::cases::timeline` becomes a
//! headline, "Orientation interview saved: 11 fields", "Internship paid for March 2026:
//! € 500,00", with the list of what changed. Fields are named by their form's label, never by
//! the value typed (no personal data in the timeline); figures that are not about the person
//! (amounts, hours, statuses, partners) are said.

mod changes;
mod headline;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::i18n::I18n;
use crate::service::cases::{Names, Timeline, TimelineEvent};

pub use headline::timeline_text;

/// One thing said in an event's detail, in the operator's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineChange {
    /// The journal's field (`data.<id>`, `status`, …), for scripts; `None` for a created
    /// record's facts.
    pub field: Option<String>,
    pub text: String,
}

/// One event of a case's timeline, said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineLine {
    /// The newest journal line of the event.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub by: String,
    pub entity: String,
    pub entity_id: Uuid,
    /// The field, when the event changed exactly one.
    pub field: Option<String>,
    /// What happened, in the operator's language.
    pub text: String,
    /// What changed, one line each, in the operator's language.
    pub changes: Vec<TimelineChange>,
}

/// One event in words.
pub fn line(e: &TimelineEvent, names: &Names, i18n: &I18n) -> TimelineLine {
    TimelineLine {
        seq: e.seq,
        at: e.at,
        by: e.by.clone(),
        entity: e.entity.clone(),
        entity_id: e.entity_id,
        field: e.field.clone(),
        text: headline::headline(&e.lines, names, i18n),
        changes: changes::changes(&e.lines, names, i18n),
    }
}

/// Every event of a timeline in words, newest first.
pub fn lines(t: &Timeline, i18n: &I18n) -> Vec<TimelineLine> {
    t.events.iter().map(|e| line(e, &t.names, i18n)).collect()
}

#[cfg(test)]
mod tests;
