//! A service's [`Failure`] in the operator's words: the one mapping from each typed reason
//! to its catalogue message, shared by the TUI's edge (`Ctx::said`) and the command line's
//! (`Env::failed`). Programme lines and statuses are named in the operator's language.

use chrono::{DateTime, Utc};

use crate::domain::programme::{Breach, line_label};
use crate::i18n::{I18n, Lang, Msg};
use crate::lookups::lookup;
use crate::service::outcome::{
    AccessRefusal, Conflict, Failure, FormProblem, OperatorRefusal, PlanRefusal, Reason,
};
use crate::store::internships::InternshipRefusal;
use crate::store::{CaseRefusal, CloseRefusal, ReferralRefusal};

/// What the operator reads for `f`.
pub fn said(f: &Failure, lang: Lang) -> Msg {
    match f {
        Failure::Refused(r) => reason(r, lang),
        Failure::Forbidden(role) => crate::service::auth::forbidden(*role),
        Failure::Conflict(c) => conflict(c),
        Failure::Store(e) => e.msg(),
    }
}

/// [`said`] as a method of the failure.
pub trait Said {
    fn msg(&self, lang: Lang) -> Msg;
}

impl Said for Failure {
    fn msg(&self, lang: Lang) -> Msg {
        said(self, lang)
    }
}

/// When something was saved, as the operator reads it (local time).
pub fn local_stamp(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

fn conflict(c: &Conflict) -> Msg {
    Msg::new("form.conflict")
        .arg("by", &c.by)
        .arg("at", local_stamp(c.at))
}

fn line_name(code: &str, lang: Lang) -> String {
    line_label(code, lang).unwrap_or_else(|| code.to_string())
}

fn case(r: &CaseRefusal) -> Msg {
    match r {
        CaseRefusal::NotFound => Msg::new("case.not_found"),
        CaseRefusal::Closed => Msg::new("case.closed"),
        CaseRefusal::AlreadyOpen => Msg::new("case.already_open"),
        CaseRefusal::OtherCaseOpen(_) => Msg::new("case.other_open"),
        CaseRefusal::Changed(at, by) => conflict(&Conflict {
            by: by.clone(),
            at: *at,
        }),
    }
}

fn internship(r: &InternshipRefusal, lang: Lang) -> Msg {
    match r {
        InternshipRefusal::Case(c) => case(c),
        InternshipRefusal::Move(m) => m.msg(lang),
        InternshipRefusal::Money(m) => m.msg(lang, |code| line_name(code, lang)),
        InternshipRefusal::NotEnrolled => Msg::new("plan.not_enrolled"),
        InternshipRefusal::NotFound => Msg::new("internship.not_found"),
    }
}

fn referral(r: &ReferralRefusal, lang: Lang) -> Msg {
    match r {
        ReferralRefusal::Case(c) => case(c),
        ReferralRefusal::Move(m) => {
            m.msg(|code| lookup("referral_statuses").label_of(code, lang).to_string())
        }
        ReferralRefusal::NotFound => Msg::new("referral.not_found"),
    }
}

fn close(r: &CloseRefusal, lang: Lang) -> Msg {
    match r {
        CloseRefusal::Case(c) => case(c),
        CloseRefusal::Open(o) => o.msg(lang),
        CloseRefusal::Internship(i) => internship(i, lang),
        CloseRefusal::Referral(r) => referral(r, lang),
        CloseRefusal::Money(m) => m.msg(lang, |code| line_name(code, lang)),
    }
}

fn plan(r: &PlanRefusal, lang: Lang) -> Msg {
    match r {
        PlanRefusal::CaseClosed => Msg::new("plan.case_closed"),
        PlanRefusal::NotEnrolled => Msg::new("plan.not_enrolled"),
        PlanRefusal::MoneyMoved => Msg::new("plan.money_moved"),
        PlanRefusal::PaiNotSigned => Msg::new("plan.rules.pai_not_signed"),
        PlanRefusal::UnknownProgramme(c) => Msg::new("plan.unknown_programme").arg("code", c),
        PlanRefusal::NotHours(l) => Msg::new("plan.not_hours").arg("line", line_name(l, lang)),
        PlanRefusal::Invalid => Msg::new("plan.invalid"),
    }
}

fn form(p: &FormProblem) -> Msg {
    match p {
        FormProblem::Required(_) => Msg::new("forms.required"),
        FormProblem::Invalid { form, field } => Msg::new("case.invalid")
            .arg("field", field)
            .arg("form", form),
        FormProblem::UnknownForm(form) => Msg::new("case.unknown_form").arg("form", form),
        FormProblem::Json(detail) => Msg::new("cli.bad_json").arg("detail", detail),
        FormProblem::Issues(issues) => match issues.first() {
            Some(i) => i.msg.clone(),
            None => Msg::new("forms.required"),
        },
    }
}

fn operator(r: &OperatorRefusal) -> Msg {
    match r {
        OperatorRefusal::Exists(u) => Msg::new("auth.exists").arg("username", u),
        OperatorRefusal::Unknown(u) => Msg::new("auth.unknown").arg("username", u),
        OperatorRefusal::NotSelf => Msg::new("auth.not_self"),
        OperatorRefusal::NotSetUp => Msg::new("auth.not_set_up"),
        OperatorRefusal::NewOperator(_, p) => Msg::new(p.key()),
        OperatorRefusal::Ring(e) => Msg::new(e.message_key()).arg("detail", e.detail()),
    }
}

fn reason(r: &Reason, lang: Lang) -> Msg {
    match r {
        Reason::Case(c) => case(c),
        Reason::Close(c) => close(c, lang),
        Reason::Internship(i) => internship(i, lang),
        Reason::Referral(r) => referral(r, lang),
        Reason::Money { refusal, programme } => refusal.msg(lang, |code| {
            programme
                .line(code)
                .map_or_else(|| code.to_string(), |l| l.label.get(lang).to_string())
        }),
        Reason::Plan(p) => plan(p, lang),
        Reason::Merge(m) => Msg::new(m.message_key()),
        Reason::Form(p) => form(p),
        Reason::NoConsent => Msg::new("referral.no_consent"),
        Reason::NoPartner => Msg::new("referral.no_partner"),
        Reason::ReasonRequired => Msg::new("case.reason_required"),
        Reason::ProgrammeInvalid(b) => {
            Msg::new("plan.programme_invalid").arg("detail", breaches(b, lang))
        }
        Reason::ProgrammeCodeTaken(c) => Msg::new("plan.programme_code_taken").arg("code", c),
        Reason::OpenCase => Msg::new("gdpr.open_case"),
        Reason::NoPerson(id) => Msg::new("cli.not_found").arg("id", id),
        Reason::Operator(o) => operator(o),
        Reason::Access(a) => access(a),
    }
}

fn access(r: &AccessRefusal) -> Msg {
    match r {
        AccessRefusal::Wrong { .. } => Msg::new("auth.wrong"),
        AccessRefusal::TooSoon(w) => Msg::new("auth.wait_first").arg("secs", w.as_secs().max(1)),
        AccessRefusal::RingMissing(path) => {
            Msg::new("auth.ring_missing").arg("path", path.display())
        }
        AccessRefusal::RegisterMissing(path) => {
            Msg::new("auth.register_missing").arg("path", path.display())
        }
        AccessRefusal::NotThisDesk(path) => {
            Msg::new("auth.not_this_desk").arg("path", path.display())
        }
        AccessRefusal::AlreadySetUp => Msg::new("auth.already_set_up"),
        AccessRefusal::DeskRequired => Msg::new("auth.desk_required"),
        AccessRefusal::NoRandom => Msg::new("auth.no_random"),
        AccessRefusal::Removed => Msg::new("auth.removed"),
        AccessRefusal::WrongRecovery => Msg::new("auth.wrong_recovery"),
    }
}

/// A programme's broken rules, each in the operator's words, in one line.
fn breaches(all: &[Breach], lang: Lang) -> String {
    let i18n = I18n::new(lang);
    let said: Vec<String> = all.iter().map(|b| i18n.msg(&breach(b))).collect();
    said.join("; ")
}

fn breach(b: &Breach) -> Msg {
    match b {
        Breach::EmptyCode => Msg::new("plan.breach.empty_code"),
        Breach::TotalNotPositive => Msg::new("plan.breach.total_not_positive"),
        Breach::NoLines => Msg::new("plan.breach.no_lines"),
        Breach::LineWithoutCode(n) => Msg::new("plan.breach.line_without_code").arg("n", n),
        Breach::LineTwice(c) => Msg::new("plan.breach.line_twice").line("line", c),
        Breach::NegativeBudget(c) => Msg::new("plan.breach.negative_budget").line("line", c),
        Breach::HoursWithoutCost(c) => Msg::new("plan.breach.hours_without_cost").line("line", c),
        Breach::InternshipWithoutAllowance => Msg::new("plan.breach.internship_without_allowance"),
        Breach::AllowanceWithoutInternship => Msg::new("plan.breach.allowance_without_internship"),
        Breach::MonthsNotPositive => Msg::new("plan.breach.months_not_positive"),
        Breach::NegativePreliminaryHours => Msg::new("plan.breach.negative_preliminary_hours"),
    }
}

#[cfg(test)]
#[path = "failure_tests.rs"]
mod tests;
