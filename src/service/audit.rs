//! The administrator's view of the audit trail: who saw or changed what, filtered by person,
//! operator and period.

use crate::i18n::Msg;
use crate::service::auth::require;
use crate::store::audit::{AuditEntry, AuditFilter};
use crate::store::{Role, Store};

/// How many entries one look shows.
pub const LIMIT: usize = 500;

pub fn query(store: &Store, by: &str, f: &AuditFilter) -> Result<Vec<AuditEntry>, Msg> {
    require(store, by, Role::Administrator)?;
    store.audit_query(f, LIMIT).map_err(|e| e.msg())
}
