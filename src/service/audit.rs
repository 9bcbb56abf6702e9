//! The administrator's view of the audit trail: who saw or changed what, filtered by person,
//! operator and period.

use crate::service::auth::allowed;
use crate::service::outcome::Outcome;
use crate::service::stamp::Stamp;
use crate::store::audit::{AuditEntry, AuditFilter};
use crate::store::{Role, Store};

/// How many entries one look shows.
pub const LIMIT: usize = 500;

/// The audit trail filtered (administrators).
pub fn query<'a>(
    store: &Store,
    by: impl Into<Stamp<'a>>,
    f: &AuditFilter,
) -> Outcome<Vec<AuditEntry>> {
    allowed(store, by, Role::Administrator)?;
    Ok(store.audit_query(f, LIMIT)?)
}
