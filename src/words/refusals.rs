//! The words of the services' typed refusals, in the operator's language: a service says
//! why (a refusal with its figures, a missing field, a storage error); the screen and the
//! command line say it with [`Said::msg`].

use crate::domain::programme::line_label;
use crate::i18n::{Lang, Msg};
use crate::lookups::lookup;
use crate::service::cases::{ClosureError, refusal_msg};
use crate::service::internships::InternshipError;
use crate::service::plan::{BudgetView, PlanError};
use crate::service::referrals::ReferralError;
use crate::store::internships::InternshipRefusal;
use crate::store::{CloseRefusal, ReferralRefusal};

/// A typed answer put into words in `lang`: programme lines and statuses are named in it.
pub trait Said {
    fn msg(&self, lang: Lang) -> Msg;
}

fn line_name(code: &str, lang: Lang) -> String {
    line_label(code, lang).unwrap_or_else(|| code.to_string())
}

impl Said for InternshipRefusal {
    fn msg(&self, lang: Lang) -> Msg {
        match self {
            InternshipRefusal::Case(c) => refusal_msg(c),
            InternshipRefusal::Move(m) => m.msg(lang),
            InternshipRefusal::Money(m) => m.msg(lang, |code| line_name(code, lang)),
            InternshipRefusal::NotEnrolled => Msg::new("plan.not_enrolled"),
            InternshipRefusal::NotFound => Msg::new("internship.not_found"),
        }
    }
}

impl Said for InternshipError {
    fn msg(&self, lang: Lang) -> Msg {
        match self {
            InternshipError::Required(_) => Msg::new("forms.required"),
            InternshipError::Refused(r) => r.msg(lang),
            InternshipError::Store(e) => e.msg(),
        }
    }
}

impl Said for ReferralError {
    fn msg(&self, lang: Lang) -> Msg {
        match self {
            ReferralError::NoConsent => Msg::new("referral.no_consent"),
            ReferralError::NoPartner => Msg::new("referral.no_partner"),
            ReferralError::Required(_) => Msg::new("forms.required"),
            ReferralError::Refused(ReferralRefusal::Case(c)) => refusal_msg(c),
            ReferralError::Refused(ReferralRefusal::Move(m)) => {
                m.msg(|code| lookup("referral_statuses").label_of(code, lang).to_string())
            }
            ReferralError::Refused(ReferralRefusal::NotFound) => Msg::new("referral.not_found"),
            ReferralError::Store(e) => e.msg(),
        }
    }
}

impl Said for ClosureError {
    fn msg(&self, lang: Lang) -> Msg {
        match self {
            ClosureError::Invalid(m) => m.clone(),
            ClosureError::Store(e) => e.msg(),
            ClosureError::Refused(r) => match r {
                CloseRefusal::Case(c) => refusal_msg(c),
                CloseRefusal::Open(o) => o.msg(lang),
                CloseRefusal::Internship(i) => i.msg(lang),
                CloseRefusal::Referral(r) => ReferralError::Refused(r.clone()).msg(lang),
                CloseRefusal::Money(m) => m.msg(lang, |code| line_name(code, lang)),
            },
        }
    }
}

impl Said for PlanError {
    fn msg(&self, lang: Lang) -> Msg {
        match self {
            PlanError::Refused { refusal, programme } => refusal.msg(lang, |code| {
                programme
                    .line(code)
                    .map_or_else(|| code.to_string(), |l| l.label.get(lang).to_string())
            }),
            PlanError::CaseClosed => Msg::new("plan.case_closed"),
            PlanError::NotEnrolled => Msg::new("plan.not_enrolled"),
            PlanError::MoneyMoved => Msg::new("plan.money_moved"),
            PlanError::PaiNotSigned => Msg::new("plan.rules.pai_not_signed"),
            PlanError::UnknownProgramme(c) => Msg::new("plan.unknown_programme").arg("code", c),
            PlanError::NotHours(l) => Msg::new("plan.not_hours").arg("line", line_name(l, lang)),
            PlanError::Invalid => Msg::new("plan.invalid"),
            PlanError::Store(e) => e.msg(),
        }
    }
}

/// The label of a budget line in `lang` (its code when the programme lost it).
pub fn budget_line(view: &BudgetView, code: &str, lang: Lang) -> String {
    view.programme
        .programme
        .line(code)
        .map_or_else(|| code.to_string(), |l| l.label.get(lang).to_string())
}
