//! The run-time lists a job's form chooses from (`@` lookups): partners, programmes, a
//! case's budget lines with what is left, the states a referral or an internship may move
//! to, an internship's months. Read from the store when the form opens or is resumed.

use uuid::Uuid;

use super::FormJob;
use crate::domain::internship;
use crate::domain::money::OpKind;
use crate::domain::referral::Status;
use crate::forms::Lookups;
use crate::i18n::{Lang, money};
use crate::lookups::{Lookup, LookupItem, lookup};
use crate::service::desk::Desk;
use crate::service::plan::PlanOverview;
use crate::store::internships::Internship;

impl FormJob {
    /// The lists this job's form offers; `None` when what the job is about is gone (a
    /// referral, a case's plan), so the form cannot be opened or resumed.
    pub fn lookups(&self, desk: &Desk) -> Option<Lookups> {
        match self {
            FormJob::Enrol { .. } => Some(programmes(desk)),
            FormJob::LedgerEntry { case, kind } => {
                let plan = desk.plan_overview(*case).ok().flatten()?;
                Some(budget_lines(&plan, *kind))
            }
            FormJob::Referral { .. } => Some(partners(desk)),
            FormJob::ReferralStatus { case, referral } => {
                let from = desk
                    .referrals(*case)
                    .ok()?
                    .into_iter()
                    .find(|r| r.id == *referral)?
                    .status;
                Some(next_states(from))
            }
            FormJob::Internship {
                case, internship, ..
            }
            | FormJob::InternshipStatus { case, internship }
            | FormJob::InternshipExtend { case, internship }
            | FormJob::Attendance { case, internship }
            | FormJob::AllowancePayment { case, internship } => {
                Some(internship_lists(desk, *case, *internship)?)
            }
            _ => Some(Lookups::new()),
        }
    }
}

fn item(code: &str, it: String, en: String) -> LookupItem {
    LookupItem {
        code: code.to_string(),
        it,
        en,
        belfiore: None,
    }
}

fn partners(desk: &Desk) -> Lookups {
    let list = desk.partners_lookup().unwrap_or_default();
    Lookups::from([("partners".to_string(), list)])
}

fn programmes(desk: &Desk) -> Lookups {
    let items = desk
        .programmes()
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let total = |l: Lang| money(p.programme.total_cents, l);
            let name = |l: Lang| format!("{} ({})", p.programme.name.get(l), total(l));
            item(&p.programme.code, name(Lang::It), name(Lang::En))
        })
        .collect();
    Lookups::from([("programmes".to_string(), Lookup { items })])
}

/// The case's budget lines, each with what is left (or payable) beside its name.
fn budget_lines(plan: &PlanOverview, kind: OpKind) -> Lookups {
    let Some(view) = &plan.budget else {
        return Lookups::new();
    };
    let items = view
        .budget
        .lines
        .iter()
        .map(|l| {
            let room = match kind {
                OpKind::Commit => l.left().min(view.budget.left()),
                OpKind::Pay | OpKind::Release => l.payable(),
            };
            let label = |lang: Lang| {
                format!(
                    "{} ({})",
                    crate::words::money::budget_line(view, &l.code, lang),
                    money(room, lang)
                )
            };
            item(&l.code, label(Lang::It), label(Lang::En))
        })
        .collect();
    Lookups::from([("budget_lines".to_string(), Lookup { items })])
}

/// The states a referral in `from` may move to, as a choice list.
fn next_states(from: Status) -> Lookups {
    let all = lookup("referral_statuses");
    let items = from
        .next()
        .iter()
        .filter_map(|s| all.get(s.code()).cloned())
        .collect();
    Lookups::from([("referral_next".to_string(), Lookup { items })])
}

/// Partners, and for an internship already set up the states it may move to and its months.
fn internship_lists(desk: &Desk, case: Uuid, id: Uuid) -> Option<Lookups> {
    let current: Option<Internship> = desk
        .internships(case)
        .ok()?
        .into_iter()
        .find(|i| i.id == id);
    let mut out = partners(desk);
    if let Some(i) = current {
        let all = lookup("internship_statuses");
        let next = i
            .status
            .next()
            .iter()
            .filter_map(|s| all.get(s.code()).cloned())
            .collect();
        out.insert("internship_next".into(), Lookup { items: next });
        let months = internship::months(i.start_on, i.planned_end_on)
            .into_iter()
            .map(|m| item(&m, m.clone(), m.clone()))
            .collect();
        out.insert("internship_months".into(), Lookup { items: months });
    }
    Some(out)
}
