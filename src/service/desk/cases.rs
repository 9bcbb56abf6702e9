//! The desk's verbs on cases: opening, the step forms, closing and reopening, and the reads
//! of the case screen.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::Desk;
use crate::domain::case::Step;
use crate::domain::case::closure::OpenWork;
use crate::service::cases::{self, CaseDossier, CaseOverview};
use crate::service::outcome::Outcome;

impl Desk {
    /// Opens a new case for a person whose cases are all closed.
    pub fn open_case(&mut self, person: Uuid) -> Outcome<Uuid> {
        let (store, by, _) = self.parts();
        cases::open_case(store, person, by)
    }

    /// Saves the orientation or assessment form of an open case; refused when someone else
    /// saved it after `opened`. The ids of the fields that changed.
    pub fn save_step_form(
        &mut self,
        case: Uuid,
        step: Step,
        doc: &Map<String, Value>,
        opened: Option<DateTime<Utc>>,
    ) -> Outcome<Vec<String>> {
        let (store, by, today) = self.parts();
        cases::save_step_form_checked(store, case, step, doc, today, by, opened)
    }

    /// Closes an open case with a valid closure document, its open work settled.
    pub fn close_case(&mut self, case: Uuid, doc: &Map<String, Value>) -> Outcome<()> {
        let (store, by, today) = self.parts();
        cases::close_case(store, case, doc, today, by)
    }

    /// Reopens a closed case from a valid reopen form document.
    pub fn reopen_case(&mut self, case: Uuid, doc: &Map<String, Value>) -> Outcome<()> {
        let (store, by, today) = self.parts();
        cases::reopen_from_doc(store, case, doc, today, by)
    }

    /// The case, its person, its programme and its eight steps.
    pub fn case_overview(&self, case: Uuid) -> Outcome<CaseOverview> {
        cases::overview(&self.store, case)
    }

    /// Everything held about a case, read once: the case screen, `case show` and
    /// `person export` all read this.
    pub fn case_dossier(&self, case: Uuid) -> Outcome<CaseDossier> {
        cases::dossier(&self.store, case)
    }

    /// What is still open on a case (listed before the closure form).
    pub fn open_work(&self, case: Uuid) -> Outcome<OpenWork> {
        Ok(cases::open_work(&self.store, case)?)
    }
}
