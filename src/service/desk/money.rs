//! The desk's verbs on the plan's money and the internship.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::Desk;
use crate::domain::money::{Budget, OpKind};
use crate::i18n::Msg;
use crate::service::internships::{self, InternshipError};
use crate::service::plan::{self, PlanError, PlanOverview};
use crate::store::StoreResult;

impl Desk {
    /// Enrols the case in the programme with this code.
    pub fn enrol(&mut self, case: Uuid, code: &str) -> Result<(), PlanError> {
        let (store, by, _) = self.parts();
        plan::enrol(store, case, code, by.by)
    }

    /// Records the movement a `ledger_entry` form describes.
    pub fn record_movement(
        &mut self,
        case: Uuid,
        kind: OpKind,
        doc: &Map<String, Value>,
    ) -> Result<Budget, PlanError> {
        let (store, by, _) = self.parts();
        plan::record_movement(store, case, kind, doc, by.by)
    }

    /// Saves the PAI; refused when someone else saved it after `opened`.
    pub fn save_plan(
        &mut self,
        case: Uuid,
        doc: &Map<String, Value>,
        opened: Option<DateTime<Utc>>,
    ) -> Result<Vec<String>, Msg> {
        let (store, by, today) = self.parts();
        plan::save_plan(store, case, doc, today, by, opened)
    }

    /// The plan screen's read: the PAI, the budget, the ledger.
    pub fn plan_overview(&self, case: Uuid) -> StoreResult<Option<PlanOverview>> {
        plan::overview(&self.store, case)
    }

    /// Adds (`id` new) or changes an internship from its form's document.
    pub fn save_internship(
        &mut self,
        case: Uuid,
        id: Uuid,
        doc: &Map<String, Value>,
        opened: Option<DateTime<Utc>>,
    ) -> Result<(), InternshipError> {
        let (store, by, _) = self.parts();
        internships::save(store, case, id, doc, by, opened)
    }

    /// Moves an internship to the state a status form gives.
    pub fn internship_status(
        &mut self,
        id: Uuid,
        doc: &Map<String, Value>,
    ) -> Result<(), InternshipError> {
        let (store, by, today) = self.parts();
        internships::change_status(store, id, doc, today, by)
    }

    /// Moves an internship's planned end within the programme's extension.
    pub fn extend_internship(
        &mut self,
        case: Uuid,
        id: Uuid,
        doc: &Map<String, Value>,
    ) -> Result<(), InternshipError> {
        let (store, by, _) = self.parts();
        internships::extend(store, case, id, doc, by)
    }

    /// Records a month's attendance.
    pub fn record_month(
        &mut self,
        id: Uuid,
        doc: &Map<String, Value>,
    ) -> Result<(), InternshipError> {
        let (store, by, today) = self.parts();
        internships::record_month(store, id, doc, today, by)
    }

    /// Pays a month's allowance from the plan's allowance line.
    pub fn pay_month(
        &mut self,
        id: Uuid,
        doc: &Map<String, Value>,
    ) -> Result<Budget, InternshipError> {
        let (store, by, today) = self.parts();
        internships::pay_month(store, id, doc, today, by.by)
    }
}
