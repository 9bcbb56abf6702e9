//! The desk's verbs on the plan's money and the internship.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::Desk;
use crate::domain::money::{Budget, OpKind};
use crate::service::internships;
use crate::service::outcome::Outcome;
use crate::service::plan::{self, Entry, PlanOverview};

impl Desk {
    /// Enrols the case in the programme with this code.
    pub fn enrol(&mut self, case: Uuid, code: &str) -> Outcome<()> {
        let (store, by, _) = self.parts();
        plan::enrol(store, case, code, by)
    }

    /// Records the movement a `ledger_entry` form describes.
    pub fn record_movement(
        &mut self,
        case: Uuid,
        kind: OpKind,
        doc: &Map<String, Value>,
    ) -> Outcome<Budget> {
        let (store, by, _) = self.parts();
        plan::record_movement(store, case, kind, doc, by)
    }

    /// Saves the PAI; refused when someone else saved it after `opened`.
    pub fn save_plan(
        &mut self,
        case: Uuid,
        doc: &Map<String, Value>,
        opened: Option<DateTime<Utc>>,
    ) -> Outcome<Vec<String>> {
        let (store, by, today) = self.parts();
        plan::save_plan(store, case, doc, today, by, opened)
    }

    /// The plan screen's read: the PAI, the budget, the ledger.
    pub fn plan_overview(&self, case: Uuid) -> Outcome<Option<PlanOverview>> {
        Ok(plan::overview(&self.store, case)?)
    }

    /// Commits, releases or pays `cents` on a line of the case's budget.
    pub fn move_money(&mut self, case: Uuid, e: &Entry<'_>, cents: i64) -> Outcome<Budget> {
        let (store, by, _) = self.parts();
        plan::move_money(store, case, e, cents, by)
    }

    /// Logs `minutes` of a service counted in hours at the line's unit cost.
    pub fn log_hours(&mut self, case: Uuid, e: &Entry<'_>, minutes: i64) -> Outcome<Budget> {
        let (store, by, _) = self.parts();
        plan::log_hours(store, case, e, minutes, by)
    }

    /// Adds (`id` new) or changes an internship from its form's document.
    pub fn save_internship(
        &mut self,
        case: Uuid,
        id: Uuid,
        doc: &Map<String, Value>,
        opened: Option<DateTime<Utc>>,
    ) -> Outcome<()> {
        let (store, by, _) = self.parts();
        internships::save(store, case, id, doc, by, opened)
    }

    /// Moves an internship to the state a status form gives.
    pub fn internship_status(&mut self, id: Uuid, doc: &Map<String, Value>) -> Outcome<()> {
        let (store, by, today) = self.parts();
        internships::change_status(store, id, doc, today, by)
    }

    /// Moves an internship's planned end within the programme's extension.
    pub fn extend_internship(
        &mut self,
        case: Uuid,
        id: Uuid,
        doc: &Map<String, Value>,
    ) -> Outcome<()> {
        let (store, by, _) = self.parts();
        internships::extend(store, case, id, doc, by)
    }

    /// Records a month's attendance.
    pub fn record_month(&mut self, id: Uuid, doc: &Map<String, Value>) -> Outcome<()> {
        let (store, by, today) = self.parts();
        internships::record_month(store, id, doc, today, by)
    }

    /// Pays a month's allowance from the plan's allowance line.
    pub fn pay_month(&mut self, id: Uuid, doc: &Map<String, Value>) -> Outcome<Budget> {
        let (store, by, today) = self.parts();
        internships::pay_month(store, id, doc, today, by)
    }
}
