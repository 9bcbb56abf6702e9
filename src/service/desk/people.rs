//! The desk's verbs on people: opening a record (its audit line written here, whoever asks),
//! saving an intake, merging, erasing.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::Desk;
use crate::domain::case::CaseSummary;
use crate::domain::person::StoredPerson;
use crate::service::gdpr;
use crate::service::merge;
use crate::service::outcome::Outcome;
use crate::service::people;
use crate::store::SaveOutcome;
use crate::store::audit::Action;
use crate::store::erase::ErasureReport;

/// Why a person's record is opened: the audit trail keeps which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Seen on screen or printed.
    View,
    /// Copied out of the register (`person export`).
    Export,
}

/// A person's record as opened, with their cases.
#[derive(Debug, Clone)]
pub struct OpenedPerson {
    pub person: StoredPerson,
    pub cases: Vec<CaseSummary>,
}

impl Desk {
    /// Opens a person's record: a merged record's id leads to the record it was merged
    /// into, and the opening is written in the audit trail before anything is read (ids
    /// only). `None`: no such person.
    pub fn open_person(&mut self, id: Uuid, why: Access) -> Outcome<Option<OpenedPerson>> {
        let id = self.store.resolve_person(id)?;
        let action = match why {
            Access::View => Action::View,
            Access::Export => Action::Export,
        };
        let (now, by) = (self.now(), self.session.username.clone());
        self.store.record_access(action, "person", id, &by, now)?;
        let Some(person) = self.store.person(id)? else {
            return Ok(None);
        };
        let cases = self.store.cases_for(id)?;
        Ok(Some(OpenedPerson { person, cases }))
    }

    /// Saves an intake edited from a version saved at `opened` (a new person when `opened`
    /// is `None`), with an open case, removing the draft `draft` in the same step.
    pub fn save_intake(
        &mut self,
        id: Uuid,
        doc: Map<String, Value>,
        draft: Option<Uuid>,
        opened: Option<DateTime<Utc>>,
    ) -> Outcome<SaveOutcome> {
        let (store, by, _) = self.parts();
        people::save_intake_checked(store, id, doc, by, draft, opened)
    }

    /// `person add --json`: one person from a JSON object keyed by intake field ids.
    pub fn add_person_json(&mut self, text: &str) -> Outcome<Uuid> {
        let (store, by, today) = self.parts();
        people::add_from_json(store, text, today, by)
    }

    /// Merges `merged` into `survivor`.
    pub fn merge(&mut self, survivor: Uuid, merged: Uuid) -> Outcome<()> {
        let (store, by, _) = self.parts();
        merge::merge(store, survivor, merged, by)
    }

    /// Undoes the last merge into `survivor`; the id of the record given back.
    pub fn undo_merge(&mut self, survivor: Uuid) -> Outcome<Uuid> {
        let (store, by, _) = self.parts();
        merge::undo_last(store, survivor, by)
    }

    /// Erases a person (administrators; refused with an open case).
    pub fn erase(&mut self, id: Uuid) -> Outcome<ErasureReport> {
        let (store, by, _) = self.parts();
        gdpr::erase_person(store, id, by)
    }

    /// Erases every person of `ids` without an open case; how many were erased.
    pub fn erase_all(&mut self, ids: &[Uuid]) -> Outcome<usize> {
        let (store, by, _) = self.parts();
        gdpr::erase_all(store, ids, by)
    }
}
