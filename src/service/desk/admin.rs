//! The desk's administrative verbs: operators, the audit trail, programmes.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::Desk;
use crate::service::auth::NewOperator;
use crate::service::outcome::Outcome;
use crate::service::{agenda, audit, operators, plan, programmes};
use crate::store::audit::{AuditEntry, AuditFilter, Verification};
use crate::store::money::StoredProgramme;
use crate::store::{Expired, Operator, Role};

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
    pub fn operators(&self) -> Outcome<Vec<Operator>> {
        operators::list(&self.store, self.stamp())
    }

    /// The operator's own record as the register holds it now.
    pub fn own_record(&self) -> Outcome<Option<Operator>> {
        Ok(self.store.operator(self.operator())?)
    }

    /// Adds an operator with a role and a first passphrase (administrators).
    pub fn add_operator(
        &mut self,
        db: &Path,
        op: &NewOperator<'_>,
        role: Role,
    ) -> Outcome<Operator> {
        let (store, by, _) = self.parts();
        operators::add(store, db, by, op, role)
    }

    /// Removes an operator (administrators; never oneself).
    pub fn remove_operator(&mut self, db: &Path, username: &str) -> Outcome<()> {
        let (store, by, _) = self.parts();
        operators::remove(store, db, by, username)
    }

    /// Changes an operator's role (administrators).
    pub fn set_role(&mut self, username: &str, role: Role) -> Outcome<()> {
        let (store, by, _) = self.parts();
        operators::set_role(store, by, username, role)
    }

    /// The audit trail filtered (administrators).
    pub fn audit(&self, f: &AuditFilter) -> Outcome<Vec<AuditEntry>> {
        audit::query(&self.store, self.stamp(), f)
    }

    /// Checks the audit trail's hash chain (administrators).
    pub fn verify_audit(&self) -> Outcome<Verification> {
        self.allowed(Role::Administrator)?;
        Ok(self.store.verify_audit()?)
    }

    /// Every page and index checked, then the audit trail's chain (administrators): the
    /// problems found in the file, or the chain's verdict when the file is whole.
    pub fn check_register(&self) -> Outcome<Result<Verification, Vec<String>>> {
        self.allowed(Role::Administrator)?;
        let pages = self.store.check_pages(crate::store::health::Depth::Full)?;
        if !pages.is_empty() {
            return Ok(Err(pages));
        }
        Ok(Ok(self.store.verify_audit()?))
    }

    /// The cases closed before `cutoff`, at most `limit`, and how many there are
    /// (administrators: the retention list).
    pub fn closed_before(
        &self,
        cutoff: DateTime<Utc>,
        limit: usize,
    ) -> Outcome<(Vec<Expired>, u64)> {
        self.allowed(Role::Administrator)?;
        Ok(self.store.closed_before(cutoff, limit)?)
    }

    /// Saves a coordinator's edit of a programme (`id`), or adds a new one (`None`).
    pub fn save_programme(
        &mut self,
        id: Option<Uuid>,
        doc: &Map<String, Value>,
        opened: Option<DateTime<Utc>>,
    ) -> Outcome<()> {
        let (store, by, _) = self.parts();
        programmes::save(store, id, doc, by, opened)
    }

    /// Adds the shipped programmes the register does not have yet; how many.
    pub fn ensure_programmes(&mut self) -> Outcome<u64> {
        let (store, by, _) = self.parts();
        Ok(plan::ensure_programmes(store, by)?)
    }

    /// Every programme, by code.
    pub fn programmes(&self) -> Outcome<Vec<StoredProgramme>> {
        Ok(self.store.programmes()?)
    }

    /// Changes the operator's own passphrase (the old one proves it is them).
    pub fn change_passphrase(&self, db: &Path, old: &str, new: &str, again: &str) -> Outcome<()> {
        operators::change_passphrase(db, &self.session, old, new, again)
    }
}

impl Desk {
    /// Whether the backup at `source` may replace this register (administrators, the
    /// operator's passphrase opening the backup's key ring, the same database key).
    pub fn may_restore(&self, source: &Path, pass: &str) -> Result<(), crate::i18n::Msg> {
        crate::service::backup::may_restore(&self.store, source, self.session(), pass)
    }

    /// A second connection to this register, for a long job beside the screens.
    pub fn store_beside(&self) -> crate::store::StoreResult<crate::store::Store> {
        self.store.reopen()
    }
}
