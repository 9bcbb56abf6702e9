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
use crate::service::plan::{self, PlanOverview};
use crate::service::referrals;
use crate::store::Store;
use crate::store::internships::Internship;

impl FormJob {
    /// The lists this job's form offers; `None` when what the job is about is gone (a
    /// referral, a case's plan), so the form cannot be opened or resumed.
    pub fn lookups(&self, store: &Store) -> Option<Lookups> {
        match self {
            FormJob::Enrol { .. } => Some(programmes(store)),
            FormJob::LedgerEntry { case, kind } => {
                let plan = plan::overview(store, *case).ok().flatten()?;
                Some(budget_lines(&plan, *kind))
            }
            FormJob::Referral { .. } => Some(partners(store)),
            FormJob::ReferralStatus { case, referral } => {
                let from = store
                    .referrals_for(*case)
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
                Some(internship_lists(store, *case, *internship)?)
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

fn partners(store: &Store) -> Lookups {
    let list = referrals::partners_lookup(store).unwrap_or_default();
    Lookups::from([("partners".to_string(), list)])
}

fn programmes(store: &Store) -> Lookups {
    let items = store
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
fn internship_lists(store: &Store, case: Uuid, id: Uuid) -> Option<Lookups> {
    let current: Option<Internship> = store
        .internships_for(case)
        .ok()?
        .into_iter()
        .find(|i| i.id == id);
    let mut out = partners(store);
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
