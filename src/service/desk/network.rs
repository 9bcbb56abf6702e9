//! The desk's verbs on the network: partners, referrals and follow-ups.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::Desk;
use crate::lookups::Lookup;
use crate::service::follow_ups;
use crate::service::outcome::Outcome;
use crate::service::referrals::{self, DirectoryRow};

impl Desk {
    /// Adds (`id` new) or changes a partner (coordinators); refused when someone else saved
    /// it after `opened`.
    pub fn save_partner(
        &mut self,
        id: Uuid,
        doc: &Map<String, Value>,
        opened: Option<DateTime<Utc>>,
    ) -> Outcome<()> {
        let (store, by, _) = self.parts();
        referrals::save_partner_checked(store, id, doc, by, opened)
    }

    /// Partners matching `query`, with the network's figures.
    pub fn directory(&self, query: &str) -> Outcome<Vec<DirectoryRow>> {
        Ok(referrals::directory(&self.store, query)?)
    }

    /// The partners as a choice list for forms.
    pub fn partners_lookup(&self) -> Outcome<Lookup> {
        Ok(referrals::partners_lookup(&self.store)?)
    }

    /// Drafts a referral from the referral form's document.
    pub fn create_referral(&mut self, case: Uuid, doc: &Map<String, Value>) -> Outcome<Uuid> {
        let (store, by, today) = self.parts();
        referrals::create(store, case, doc, today, by)
    }

    /// Moves a referral to the state a status form gives.
    pub fn referral_status(&mut self, id: Uuid, doc: &Map<String, Value>) -> Outcome<()> {
        let (store, by, today) = self.parts();
        referrals::change_status(store, id, doc, today, by)
    }

    /// Schedules a follow-up from the follow-up form.
    pub fn schedule_follow_up(&mut self, case: Uuid, doc: &Map<String, Value>) -> Outcome<Uuid> {
        let (store, by, _) = self.parts();
        follow_ups::schedule(store, case, doc, by)
    }

    /// Records the outcome of a follow-up (and schedules the next when the form asks).
    pub fn record_follow_up(
        &mut self,
        id: Uuid,
        doc: &Map<String, Value>,
    ) -> Outcome<Option<Uuid>> {
        let (store, by, today) = self.parts();
        follow_ups::record(store, id, doc, today, by)
    }
}
