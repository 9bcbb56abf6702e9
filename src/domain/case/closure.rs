//! Closing a case with its open work in view: an internship still running, referrals
//! waiting or under way, PAI actions not done, money committed and not paid. The operator
//! settles each (ends the internship, withdraws or completes the referrals, releases what
//! is unpaid) or confirms with a reason that is kept; a closed case never holds a running
//! internship.

use uuid::Uuid;

use crate::domain::internship::Status as InternshipStatus;
use crate::domain::referral::Status as ReferralStatus;
use crate::i18n::{I18n, Lang, Msg, money};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReferral {
    pub id: Uuid,
    pub partner: String,
    pub status: ReferralStatus,
}

impl OpenReferral {
    /// Where closing takes it: completed when under way, withdrawn otherwise.
    pub fn settled(&self) -> ReferralStatus {
        if self.status == ReferralStatus::InProgress {
            ReferralStatus::Completed
        } else {
            ReferralStatus::Withdrawn
        }
    }
}

/// What is still open on a case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenWork {
    /// A running internship (planned, active or suspended).
    pub internship: Option<(Uuid, InternshipStatus)>,
    pub referrals: Vec<OpenReferral>,
    /// Titles of PAI actions neither done nor cancelled.
    pub actions: Vec<String>,
    /// Budget lines with money committed and not paid: code and cents.
    pub unpaid: Vec<(String, i64)>,
}

impl OpenWork {
    pub fn is_empty(&self) -> bool {
        self.internship.is_none()
            && self.referrals.is_empty()
            && self.actions.is_empty()
            && self.unpaid.is_empty()
    }

    pub fn unpaid_total(&self) -> i64 {
        self.unpaid.iter().map(|(_, c)| c).sum()
    }

    /// One line per kind of open work, in `lang` (the closure screen and the refusal).
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let i18n = I18n::new(lang);
        let mut out = Vec::new();
        if let Some((_, status)) = &self.internship {
            let label = crate::lookups::lookup("internship_statuses").label_of(status.code(), lang);
            out.push(i18n.tf("closure.open.internship", &[("status", label)]));
        }
        if !self.referrals.is_empty() {
            let partners: Vec<&str> = self.referrals.iter().map(|r| r.partner.as_str()).collect();
            let n = self.referrals.len().to_string();
            let who = partners.join(", ");
            out.push(i18n.tf("closure.open.referrals", &[("n", &n), ("partners", &who)]));
        }
        if !self.actions.is_empty() {
            let n = self.actions.len().to_string();
            let mut titles: Vec<&str> = self.actions.iter().take(5).map(String::as_str).collect();
            if self.actions.len() > 5 {
                titles.push("…");
            }
            let titles = titles.join(", ");
            out.push(i18n.tf("closure.open.actions", &[("n", &n), ("titles", &titles)]));
        }
        if !self.unpaid.is_empty() {
            let amount = money(self.unpaid_total(), lang);
            out.push(i18n.tf("closure.open.unpaid", &[("amount", &amount)]));
        }
        out
    }
}

impl OpenWork {
    /// The open work in a few words, for a refusal on one line.
    pub fn summary(&self, lang: Lang) -> String {
        let i18n = I18n::new(lang);
        let mut out = Vec::new();
        if self.internship.is_some() {
            out.push(i18n.t("closure.short.internship").to_string());
        }
        if !self.referrals.is_empty() {
            let n = self.referrals.len().to_string();
            out.push(i18n.tf("closure.short.referrals", &[("n", &n)]));
        }
        if !self.actions.is_empty() {
            let n = self.actions.len().to_string();
            out.push(i18n.tf("closure.short.actions", &[("n", &n)]));
        }
        if !self.unpaid.is_empty() {
            let amount = money(self.unpaid_total(), lang);
            out.push(i18n.tf("closure.short.unpaid", &[("amount", &amount)]));
        }
        out.join(", ")
    }
}

/// What the operator chose at closure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settlement {
    /// End a running internship as completed (otherwise it is interrupted).
    pub internship_completed: bool,
    /// Why the internship is interrupted (the confirmation's reason when empty).
    pub internship_reason: String,
    /// Withdraw the referrals waiting and complete those under way.
    pub settle_referrals: bool,
    /// Release the commitments not paid.
    pub release_unpaid: bool,
    /// The reason to close with work left open, kept on the closure.
    pub reason: String,
}

/// Why a closure was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClosureRefusal {
    /// Work is left open and no reason was given: what is left.
    Unsettled(OpenWork),
}

impl ClosureRefusal {
    pub fn msg(&self, lang: Lang) -> Msg {
        match self {
            ClosureRefusal::Unsettled(left) => {
                Msg::new("closure.refused.open").arg("work", left.summary(lang))
            }
        }
    }
}

/// What stays open once `s` is applied to `open`.
pub fn left_open(open: &OpenWork, s: &Settlement) -> OpenWork {
    OpenWork {
        // A running internship is always ended at closure.
        internship: None,
        referrals: if s.settle_referrals {
            Vec::new()
        } else {
            open.referrals.clone()
        },
        actions: open.actions.clone(),
        unpaid: if s.release_unpaid {
            Vec::new()
        } else {
            open.unpaid.clone()
        },
    }
}

/// Checks a closure: every open item settled, or a reason given for what is left. A
/// running internship is always ended: completed, or interrupted with its own reason or the
/// closure's.
pub fn check(open: &OpenWork, s: &Settlement) -> Result<(), ClosureRefusal> {
    let mut left = left_open(open, s);
    if !s.internship_completed && s.internship_reason.trim().is_empty() {
        left.internship = open.internship;
    }
    if s.reason.trim().is_empty() && !left.is_empty() {
        return Err(ClosureRefusal::Unsettled(left));
    }
    Ok(())
}

/// The end a running internship takes at closure, and its reason.
pub fn internship_end(s: &Settlement) -> (InternshipStatus, String) {
    if s.internship_completed {
        (
            InternshipStatus::Completed,
            s.internship_reason.trim().to_string(),
        )
    } else {
        let r = s.internship_reason.trim();
        let r = if r.is_empty() { s.reason.trim() } else { r };
        (InternshipStatus::Interrupted, r.to_string())
    }
}

#[cfg(test)]
#[path = "closure_tests.rs"]
mod tests;
