//! Everything held about one case, read in one call: what the case screen shows, what
//! `case show` prints and what `person export` writes for each case come from the same read.

use uuid::Uuid;

use super::timeline::{Timeline, timeline};
use super::{CaseOverview, overview};
use crate::service::outcome::Outcome;
use crate::service::plan::{self, BudgetView};
use crate::store::follow_ups::FollowUp;
use crate::store::internships::{Internship, InternshipMonth};
use crate::store::money::LedgerEntry;
use crate::store::{CaseForm, Referral, ReferralEvent, Store};

/// The case's money: its programme's budget and every movement, newest first.
#[derive(Debug, Clone)]
pub struct Money {
    pub view: BudgetView,
    pub ledger: Vec<LedgerEntry>,
}

/// One case whole.
#[derive(Debug, Clone)]
pub struct CaseDossier {
    pub overview: CaseOverview,
    /// The step forms saved whole (orientation, assessment, plan, closure…).
    pub forms: Vec<CaseForm>,
    pub money: Option<Money>,
    pub referrals: Vec<(Referral, Vec<ReferralEvent>)>,
    pub internships: Vec<(Internship, Vec<InternshipMonth>)>,
    pub follow_ups: Vec<FollowUp>,
    /// The newest events of the case, newest first (at most [`super::TIMELINE_LIMIT`]).
    pub timeline: Timeline,
}

/// Reads one case whole; any storage error is the answer (nothing is left out silently).
pub fn dossier(store: &Store, case: Uuid) -> Outcome<CaseDossier> {
    let overview = overview(store, case)?;
    let read = || -> crate::store::StoreResult<CaseDossier> {
        let money = match plan::budget(store, case)? {
            Some(view) => Some(Money {
                view,
                ledger: store.ledger(case, usize::MAX >> 1)?,
            }),
            None => None,
        };
        let mut referrals = Vec::new();
        for r in store.referrals_for(case)? {
            let events = store.referral_events(r.id)?;
            referrals.push((r, events));
        }
        let mut internships = Vec::new();
        for i in store.internships_for(case)? {
            let months = store.internship_months(i.id)?;
            internships.push((i, months));
        }
        Ok(CaseDossier {
            overview: overview.clone(),
            forms: store.case_forms(case)?,
            money,
            referrals,
            internships,
            follow_ups: store.follow_ups_for(case)?,
            timeline: Timeline::default(),
        })
    };
    let mut d = read()?;
    d.timeline = timeline(store, case)?;
    Ok(d)
}
