//! What a rule raises: the facts read from the database, whose they are, and the agenda
//! item with its reason; the urgency order.

use std::cmp::Ordering;

use chrono::NaiveDate;
use uuid::Uuid;

use super::{
    Due, Group, Kind, budget, follow_up, internship, patto, permit, plan_action, referral,
};
use super::{asylum_work, uam_conversion};
use crate::config::Config;
use crate::domain::date::format_date;
use crate::i18n::Msg;

/// The thresholds of the rules, from the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub permit_warning_days: i64,
    pub referral_answer_days: i64,
    pub internship_ending_days: i64,
    pub budget_alert_percent: i64,
}

impl Rules {
    pub fn from_config(c: &Config) -> Rules {
        Rules {
            permit_warning_days: c.permit_warning_days,
            referral_answer_days: c.referral_answer_days,
            internship_ending_days: c.internship_ending_days,
            budget_alert_percent: c.budget_alert_percent,
        }
    }
}

/// A raw fact read from the database, one variant per rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    FollowUp {
        due_on: NaiveDate,
        done_on: Option<NaiveDate>,
    },
    Permit {
        expiry: NaiveDate,
    },
    Patto {
        did_on: NaiveDate,
        patto_on: Option<NaiveDate>,
        on_benefit: bool,
    },
    AsylumWork {
        applied_on: NaiveDate,
        legal_status: Option<String>,
    },
    UamConversion {
        birth: NaiveDate,
    },
    Referral {
        sent_on: NaiveDate,
        partner: String,
    },
    Internship {
        status: String,
        planned_end_on: NaiveDate,
        partner: Option<String>,
    },
    PlanAction {
        status: String,
        due_on: NaiveDate,
        title: String,
    },
    Budget {
        line: String,
        budget_cents: i64,
        committed_cents: i64,
    },
}

impl Fact {
    pub fn kind(&self) -> Kind {
        match self {
            Fact::FollowUp { .. } => Kind::FollowUp,
            Fact::Permit { .. } => Kind::Permit,
            Fact::Patto { .. } => Kind::Patto,
            Fact::AsylumWork { .. } => Kind::AsylumWork,
            Fact::UamConversion { .. } => Kind::UamConversion,
            Fact::Referral { .. } => Kind::Referral,
            Fact::Internship { .. } => Kind::Internship,
            Fact::PlanAction { .. } => Kind::PlanAction,
            Fact::Budget { .. } => Kind::Budget,
        }
    }
}

/// Whose the fact is: the person and their open case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub person_id: Uuid,
    pub person: String,
    pub case_id: Uuid,
    pub operator: String,
}

/// One line of the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    pub person_id: Uuid,
    pub person: String,
    pub case_id: Uuid,
    pub operator: String,
    pub due: Due,
    pub reason: Msg,
}

/// Applies the fact's rule: the item to raise, or none.
pub fn evaluate(subject: Subject, fact: &Fact, today: NaiveDate, rules: &Rules) -> Option<Item> {
    let (due, reason) = match fact {
        Fact::FollowUp { due_on, done_on } => {
            let due = follow_up(*due_on, *done_on, today)?;
            (due, Msg::new("agenda.reason.follow_up"))
        }
        Fact::Permit { expiry } => {
            let due = permit(*expiry, today, rules.permit_warning_days)?;
            let key = if *expiry < today {
                "agenda.reason.permit_expired"
            } else {
                "agenda.reason.permit_expiring"
            };
            (due, Msg::new(key))
        }
        Fact::Patto {
            did_on,
            patto_on,
            on_benefit,
        } => {
            let due = patto(*did_on, *patto_on, *on_benefit, today)?;
            let key = if *on_benefit {
                "agenda.reason.patto_benefit"
            } else {
                "agenda.reason.patto"
            };
            (due, Msg::new(key).arg("did", format_date(*did_on)))
        }
        Fact::AsylumWork {
            applied_on,
            legal_status,
        } => {
            let due = asylum_work(*applied_on, legal_status.as_deref(), today)?;
            (
                due,
                Msg::new("agenda.reason.asylum_work").arg("applied", format_date(*applied_on)),
            )
        }
        Fact::UamConversion { birth } => {
            let due = uam_conversion(*birth, today)?;
            let key = if due.overdue() {
                "agenda.reason.uam_late"
            } else {
                "agenda.reason.uam"
            };
            (due, Msg::new(key))
        }
        Fact::Referral { sent_on, partner } => {
            let due = referral(*sent_on, today, rules.referral_answer_days)?;
            (
                due,
                Msg::new("agenda.reason.referral")
                    .arg("partner", partner)
                    .arg("sent", format_date(*sent_on)),
            )
        }
        Fact::Internship {
            status,
            planned_end_on,
            partner,
        } => {
            let due = internship(status, *planned_end_on, today, rules.internship_ending_days)?;
            let msg = match partner {
                Some(p) => Msg::new("agenda.reason.internship_at").arg("partner", p),
                None => Msg::new("agenda.reason.internship"),
            };
            (due, msg)
        }
        Fact::PlanAction {
            status,
            due_on,
            title,
        } => {
            let due = plan_action(status, *due_on, today)?;
            (
                due,
                Msg::new("agenda.reason.plan_action").arg("title", title),
            )
        }
        Fact::Budget {
            line,
            budget_cents,
            committed_cents,
        } => {
            let due = budget(
                *budget_cents,
                *committed_cents,
                rules.budget_alert_percent,
                today,
            )?;
            let percent = i128::from(*committed_cents) * 100 / i128::from((*budget_cents).max(1));
            (
                due,
                Msg::new("agenda.reason.budget")
                    .line("line", line)
                    .money("committed", *committed_cents)
                    .money("budget", *budget_cents)
                    .arg("percent", percent),
            )
        }
    };
    let reason = reason.arg("date", format_date(due.on));
    Some(Item {
        kind: fact.kind(),
        person_id: subject.person_id,
        person: subject.person,
        case_id: subject.case_id,
        operator: subject.operator,
        due,
        reason,
    })
}

/// Urgency: by group (overdue within a month, today, this week, later, to check); within a
/// group by due date (the most late first), but the records to check most recent first (the
/// oldest ones matter least); ties by kind order, then by person name.
pub fn urgency(a: &Item, b: &Item) -> Ordering {
    let (ga, gb) = (a.due.group(), b.due.group());
    let by_date = if ga == Group::ToCheck {
        b.due.on.cmp(&a.due.on)
    } else {
        a.due.on.cmp(&b.due.on)
    };
    ga.cmp(&gb)
        .then(by_date)
        .then(a.kind.cmp(&b.kind))
        .then_with(|| a.person.cmp(&b.person))
        .then(a.case_id.cmp(&b.case_id))
}
