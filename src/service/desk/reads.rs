//! The desk's reads for the screens: the lists they show (people found, partners, drafts,
//! a case's referrals, follow-ups and internship), and workers on connections of their own
//! for what runs off the UI thread. Screens read through these, never the store.

use std::collections::HashMap;

use serde_json::{Map, Value};
use uuid::Uuid;

use super::Desk;
use crate::domain::duplicates::{Match, Probe};
use crate::domain::person::{SearchPage, StoredPerson};
use crate::service::outcome::Outcome;
use crate::store::follow_ups::FollowUp;
use crate::store::internships::{Internship, InternshipMonth};
use crate::store::money::LedgerEntry;
use crate::store::worker::{Job, Worker};
use crate::store::{Draft, NetworkFigures, Referral, ReferralEvent, StoredPartner};

impl Desk {
    /// A worker on a connection of its own, or `None` when none opens (logged with `what`:
    /// the screen then does the work itself, or goes without).
    pub fn worker<J: Job>(&self, what: &str) -> Option<Worker<J>> {
        Worker::beside(&self.store, what)
    }

    /// A worker on a connection of its own, or why none opens.
    pub fn spawn_worker<J: Job>(&self) -> Outcome<Worker<J>> {
        Ok(self.store.reopen().and_then(Worker::spawn)?)
    }

    /// A page of the register for `query` (its count too when `with_count`).
    pub fn search(
        &self,
        query: &str,
        offset: u64,
        limit: u64,
        with_count: bool,
    ) -> Outcome<SearchPage> {
        Ok(self.store.search(query, offset, limit, with_count)?)
    }

    /// Records that may be the same person as `probe` (not `own`).
    pub fn possible_duplicates(
        &self,
        probe: &Probe,
        own: Option<Uuid>,
        limit: usize,
    ) -> Outcome<Vec<Match>> {
        Ok(self.store.possible_duplicates(probe, own, limit)?)
    }

    /// The operators who hold open cases.
    pub fn open_case_operators(&self) -> Outcome<Vec<String>> {
        Ok(self.store.open_case_operators()?)
    }

    /// Whether the case is open.
    pub fn case_is_open(&self, case: Uuid) -> Outcome<bool> {
        Ok(self.store.case_is_open(case)?)
    }

    /// The person a case is about; `None` when there is no such case or person.
    pub fn case_person(&self, case: Uuid) -> Outcome<Option<StoredPerson>> {
        match self.store.case(case)? {
            Some(c) => Ok(self.store.person(c.person_id)?),
            None => Ok(None),
        }
    }

    /// A step form of a case as saved, if it was.
    pub fn case_form(&self, case: Uuid, form: &str) -> Outcome<Option<Map<String, Value>>> {
        Ok(self.store.case_form(case, form)?)
    }

    /// A case's referrals.
    pub fn referrals(&self, case: Uuid) -> Outcome<Vec<Referral>> {
        Ok(self.store.referrals_for(case)?)
    }

    /// A referral's history.
    pub fn referral_events(&self, id: Uuid) -> Outcome<Vec<ReferralEvent>> {
        Ok(self.store.referral_events(id)?)
    }

    /// A case's follow-ups.
    pub fn follow_ups(&self, case: Uuid) -> Outcome<Vec<FollowUp>> {
        Ok(self.store.follow_ups_for(case)?)
    }

    /// A case's internships, the newest first.
    pub fn internships(&self, case: Uuid) -> Outcome<Vec<Internship>> {
        Ok(self.store.internships_for(case)?)
    }

    /// An internship's months of attendance.
    pub fn internship_months(&self, id: Uuid) -> Outcome<Vec<InternshipMonth>> {
        Ok(self.store.internship_months(id)?)
    }

    /// The newest `limit` movements of a case's money, newest first.
    pub fn ledger(&self, case: Uuid, limit: usize) -> Outcome<Vec<LedgerEntry>> {
        Ok(self.store.ledger(case, limit)?)
    }

    /// Partners matching `query`, at most `limit`.
    pub fn partners(&self, query: &str, limit: usize) -> Outcome<Vec<StoredPartner>> {
        Ok(self.store.find_partners(query, &[], limit)?)
    }

    /// The network's figures by partner.
    pub fn network_figures(&self) -> Outcome<HashMap<Uuid, NetworkFigures>> {
        Ok(self.store.network_figures()?)
    }

    /// The drafts waiting to be resumed.
    pub fn drafts(&self) -> Outcome<Vec<Draft>> {
        Ok(self.store.drafts()?)
    }

    /// Writes a form's draft (replacing the one with its id).
    pub fn put_draft(&mut self, d: &Draft) -> Outcome<()> {
        Ok(self.store.put_draft(d)?)
    }

    /// Removes a draft.
    pub fn delete_draft(&mut self, id: Uuid) -> Outcome<()> {
        Ok(self.store.delete_draft(id)?)
    }
}
