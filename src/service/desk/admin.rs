//! The desk's administrative verbs: operators, the audit trail, programmes.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::Desk;
use crate::i18n::Msg;
use crate::service::auth::NewOperator;
use crate::service::{agenda, audit, operators, programmes};
use crate::store::audit::{AuditEntry, AuditFilter};
use crate::store::{Operator, Role};

impl Desk {
    /// The agenda of `today` with the thresholds of `config`.
    pub fn agenda(
        &self,
        today: chrono::NaiveDate,
        config: &crate::config::Config,
        filter: &agenda::AgendaFilter,
    ) -> crate::store::StoreResult<agenda::Agenda> {
        agenda::build(&self.store, today, config, filter)
    }

    /// The desk's operators (administrators).
    pub fn operators(&self) -> Result<Vec<Operator>, Msg> {
        operators::list(&self.store, self.operator())
    }

    /// Adds an operator with a role and a first passphrase (administrators).
    pub fn add_operator(
        &mut self,
        db: &Path,
        op: &NewOperator<'_>,
        role: Role,
    ) -> Result<Operator, Msg> {
        operators::add(&mut self.store, db, &self.session, op, role)
    }

    /// Removes an operator (administrators; never oneself).
    pub fn remove_operator(&mut self, db: &Path, username: &str) -> Result<(), Msg> {
        operators::remove(&mut self.store, db, &self.session, username)
    }

    /// Changes an operator's role (administrators).
    pub fn set_role(&mut self, username: &str, role: Role) -> Result<(), Msg> {
        operators::set_role(&mut self.store, &self.session, username, role)
    }

    /// The audit trail filtered (administrators).
    pub fn audit(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>, Msg> {
        audit::query(&self.store, self.operator(), f)
    }

    /// Saves a coordinator's edit of a programme (`id`), or adds a new one (`None`).
    pub fn save_programme(
        &mut self,
        id: Option<Uuid>,
        doc: &Map<String, Value>,
        opened: Option<DateTime<Utc>>,
    ) -> Result<(), Msg> {
        let (store, by, _) = self.parts();
        programmes::save(store, id, doc, by.by, opened)
    }
}
