//! Partners and referrals, the same verbs for the TUI and the command line: the directory
//! with its network figures, the run-time list of partners for forms, referrals and the
//! changes of their state.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::referral::Status;
use crate::lookups::{Lookup, LookupItem};
use crate::service::documents::{PartnerDoc, ReferralDoc, ReferralStatusDoc, decode};
use crate::service::outcome::{Conflict, Failure, FormProblem, Outcome, Reason, settled};
use crate::service::stamp::Stamp;
use crate::store::{NetworkFigures, ReferralRefusal, Store, StoreResult, StoredPartner};

/// How many partners the directory lists at once.
pub const DIRECTORY_LIMIT: usize = 500;

/// A partner with the network's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DirectoryRow {
    pub partner: StoredPartner,
    pub figures: NetworkFigures,
}

/// Partners matching `query` (words at the start of words of the name or territory).
pub fn directory(store: &Store, query: &str) -> StoreResult<Vec<DirectoryRow>> {
    let mut figures = store.network_figures()?;
    Ok(store
        .find_partners(query, &[], DIRECTORY_LIMIT)?
        .into_iter()
        .map(|p| DirectoryRow {
            figures: figures.remove(&p.id).unwrap_or_default(),
            partner: p,
        })
        .collect())
}

/// The partners as a choice list for forms (`lookup = "@partners"`).
pub fn partners_lookup(store: &Store) -> StoreResult<Lookup> {
    let items = store
        .find_partners("", &[], usize::MAX)?
        .into_iter()
        .map(|p| {
            let label = if p.territory.is_empty() {
                p.name.clone()
            } else {
                format!("{} — {}", p.name, p.territory)
            };
            LookupItem {
                code: p.id.to_string(),
                it: label.clone(),
                en: label,
                belfiore: None,
            }
        })
        .collect();
    Ok(Lookup { items })
}

/// Adds (`id` new) or changes a partner from the partner form's document.
pub fn save_partner<'a>(
    store: &mut Store,
    id: Uuid,
    doc: &Map<String, Value>,
    by: impl Into<Stamp<'a>>,
) -> Outcome<()> {
    let by: Stamp = by.into();
    save_partner_checked(store, id, doc, by, None)
}

/// As [`save_partner`], refused (a conflict, nothing written) when someone else saved the
/// partner after `opened`.
pub fn save_partner_checked<'a>(
    store: &mut Store,
    id: Uuid,
    doc: &Map<String, Value>,
    by: impl Into<Stamp<'a>>,
    opened: Option<chrono::DateTime<chrono::Utc>>,
) -> Outcome<()> {
    let by: Stamp = by.into();
    crate::service::auth::allowed(store, by, crate::store::Role::Coordinator)?;
    if decode::<PartnerDoc>(doc).name.is_empty() {
        return Err(FormProblem::Required("name").into());
    }
    match store.save_partner_checked(id, doc, by.by, by.at, opened)? {
        Ok(()) => Ok(()),
        Err((at, by)) => Err(Failure::Conflict(Conflict { by, at })),
    }
}

/// The consent scope that allows sharing a person's data with partners of the network.
pub const SHARING: &str = "network_sharing";

/// Refuses when the person did not consent to sharing with the network, or withdrew it
/// (the intake's consent scopes): then nothing about them goes to a partner.
fn sharing_allowed(store: &Store, case: Uuid) -> Outcome<()> {
    let scopes = store.consent_scopes_of_case(case)?;
    if scopes.iter().any(|s| s == SHARING) {
        Ok(())
    } else {
        Err(Reason::NoConsent.into())
    }
}

/// Drafts a referral from the referral form's document (partner, service, reason).
pub fn create<'a>(
    store: &mut Store,
    case: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
) -> Outcome<Uuid> {
    let by: Stamp = by.into();
    sharing_allowed(store, case)?;
    let d: ReferralDoc = decode(doc);
    let partner = d.partner.ok_or(Failure::Refused(Reason::NoPartner))?;
    settled(store.create_referral(case, partner, &d.service, &d.reason, today, by.by, by.at))
}

/// Moves a referral to the state a status form gives (status, date, note).
pub fn change_status<'a>(
    store: &mut Store,
    id: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
) -> Outcome<()> {
    let by: Stamp = by.into();
    let d: ReferralStatusDoc = decode(doc);
    let to = Status::from_code(&d.status).ok_or(FormProblem::Required("status"))?;
    if to == Status::Sent {
        let case = store.referral_case(id)?.ok_or(ReferralRefusal::NotFound)?;
        sharing_allowed(store, case)?;
    }
    let on = d.on_date.unwrap_or(today);
    settled(store.move_referral(id, to, on, &d.note, today, by.by, by.at))
}
