//! A case's steps as the case screen shows them: each status derived from the tables the
//! step fills (its form, the plan's actions, the referrals, the internship, the follow-ups),
//! not from a flag someone has to remember to set.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Step, StepState, StepStatus};

/// Referral statuses that end a referral (anything else is still under way).
pub const REFERRAL_ENDED: [&str; 4] = ["completed", "declined", "no_show", "withdrawn"];
/// Internship statuses that end it.
pub const INTERNSHIP_ENDED: [&str; 2] = ["completed", "interrupted"];

/// What the store read about one case, raw: the pure rules below turn it into steps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepFacts {
    /// The rows of `case_steps` (steps that left `todo`).
    pub stored: Vec<StepState>,
    /// The step forms kept (`case_forms`): form id and when last saved.
    pub forms: Vec<(String, DateTime<Utc>)>,
    /// The PAI's `signed_on`, when the plan document has one.
    pub plan_signed_on: Option<NaiveDate>,
    pub plan_actions: u32,
    pub plan_actions_done: u32,
    /// Referrals counted by status.
    pub referrals: Vec<(String, u32)>,
    /// The latest internship: status and the date it took it.
    pub internship: Option<(String, Option<NaiveDate>)>,
    pub follow_ups_pending: u32,
    pub follow_ups_done: u32,
    pub follow_up_next_due: Option<NaiveDate>,
    pub closed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub outcome_on: Option<NaiveDate>,
}

/// What a step shows beside its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepDetail {
    None,
    /// A step form, last saved on this day.
    Form {
        saved_on: NaiveDate,
    },
    Plan {
        signed_on: Option<NaiveDate>,
        actions: u32,
        actions_done: u32,
    },
    Referrals {
        by_status: Vec<(String, u32)>,
    },
    Internship {
        status: String,
        status_on: Option<NaiveDate>,
    },
    FollowUps {
        pending: u32,
        done: u32,
        next_due: Option<NaiveDate>,
    },
    Closure {
        outcome: Option<String>,
        outcome_on: Option<NaiveDate>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepOverview {
    pub step: Step,
    pub status: StepStatus,
    pub detail: StepDetail,
}

fn stored(f: &StepFacts, step: Step) -> StepStatus {
    f.stored
        .iter()
        .find(|s| s.step == step)
        .map(|s| s.status)
        .unwrap_or(StepStatus::Todo)
}

fn form_saved(f: &StepFacts, form: &str) -> Option<NaiveDate> {
    f.forms
        .iter()
        .find(|(id, _)| id == form)
        .map(|(_, at)| at.date_naive())
}

fn one(f: &StepFacts, step: Step) -> StepOverview {
    let (status, detail) = match step {
        Step::Intake => (stored(f, step), StepDetail::None),
        Step::Orientation | Step::Assessment => match form_saved(f, step.code()) {
            Some(saved_on) => (StepStatus::Done, StepDetail::Form { saved_on }),
            None => (StepStatus::Todo, StepDetail::None),
        },
        Step::ActionPlan => {
            let status = if f.plan_signed_on.is_some() {
                StepStatus::Done
            } else if form_saved(f, step.code()).is_some() || f.plan_actions > 0 {
                StepStatus::InProgress
            } else {
                StepStatus::Todo
            };
            let detail = StepDetail::Plan {
                signed_on: f.plan_signed_on,
                actions: f.plan_actions,
                actions_done: f.plan_actions_done,
            };
            (status, detail)
        }
        Step::Referral => {
            let total: u32 = f.referrals.iter().map(|(_, n)| n).sum();
            let open = f
                .referrals
                .iter()
                .any(|(s, n)| *n > 0 && !REFERRAL_ENDED.contains(&s.as_str()));
            let status = match (total, open) {
                (0, _) => StepStatus::Todo,
                (_, true) => StepStatus::InProgress,
                (_, false) => StepStatus::Done,
            };
            let detail = StepDetail::Referrals {
                by_status: f.referrals.clone(),
            };
            (status, detail)
        }
        Step::Internship => match &f.internship {
            None => (StepStatus::Todo, StepDetail::None),
            Some((status, on)) => {
                let s = if INTERNSHIP_ENDED.contains(&status.as_str()) {
                    StepStatus::Done
                } else {
                    StepStatus::InProgress
                };
                let detail = StepDetail::Internship {
                    status: status.clone(),
                    status_on: *on,
                };
                (s, detail)
            }
        },
        Step::FollowUp => {
            let status = match (f.follow_ups_pending, f.follow_ups_done) {
                (0, 0) => StepStatus::Todo,
                (0, _) => StepStatus::Done,
                _ => StepStatus::InProgress,
            };
            let detail = StepDetail::FollowUps {
                pending: f.follow_ups_pending,
                done: f.follow_ups_done,
                next_due: f.follow_up_next_due,
            };
            (status, detail)
        }
        Step::Closure => {
            let status = if f.closed_at.is_some() {
                StepStatus::Done
            } else {
                StepStatus::Todo
            };
            let detail = StepDetail::Closure {
                outcome: f.outcome.clone(),
                outcome_on: f.outcome_on,
            };
            (status, detail)
        }
    };
    StepOverview {
        step,
        status,
        detail,
    }
}

/// The eight steps of a case, in path order, with their derived status.
pub fn derive_steps(f: &StepFacts) -> Vec<StepOverview> {
    Step::ALL.into_iter().map(|s| one(f, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(f: &StepFacts, step: Step) -> StepStatus {
        derive_steps(f)
            .into_iter()
            .find(|s| s.step == step)
            .map(|s| s.status)
            .unwrap()
    }

    #[test]
    fn a_new_case_has_only_intake_done() {
        let f = StepFacts {
            stored: super::super::steps_after_intake(Utc::now()),
            ..StepFacts::default()
        };
        let steps = derive_steps(&f);
        assert_eq!(steps.len(), 8);
        assert_eq!(steps[0].status, StepStatus::Done);
        assert!(steps[1..].iter().all(|s| s.status == StepStatus::Todo));
    }

    #[test]
    fn forms_plan_and_closure_are_read_from_their_tables() {
        let mut f = StepFacts {
            forms: vec![("assessment".into(), Utc::now())],
            plan_actions: 2,
            ..StepFacts::default()
        };
        assert_eq!(status(&f, Step::Orientation), StepStatus::Todo);
        assert_eq!(status(&f, Step::Assessment), StepStatus::Done);
        assert_eq!(status(&f, Step::ActionPlan), StepStatus::InProgress);
        f.plan_signed_on = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert_eq!(status(&f, Step::ActionPlan), StepStatus::Done);
        assert_eq!(status(&f, Step::Closure), StepStatus::Todo);
        f.closed_at = Some(Utc::now());
        assert_eq!(status(&f, Step::Closure), StepStatus::Done);
    }

    #[test]
    fn referrals_internship_and_follow_ups_follow_their_states() {
        let mut f = StepFacts {
            referrals: vec![("completed".into(), 1), ("sent".into(), 1)],
            internship: Some(("suspended".into(), None)),
            follow_ups_pending: 1,
            follow_ups_done: 2,
            ..StepFacts::default()
        };
        assert_eq!(status(&f, Step::Referral), StepStatus::InProgress);
        assert_eq!(status(&f, Step::Internship), StepStatus::InProgress);
        assert_eq!(status(&f, Step::FollowUp), StepStatus::InProgress);
        f.referrals = vec![("completed".into(), 1), ("declined".into(), 2)];
        f.internship = Some(("interrupted".into(), None));
        f.follow_ups_pending = 0;
        assert_eq!(status(&f, Step::Referral), StepStatus::Done);
        assert_eq!(status(&f, Step::Internship), StepStatus::Done);
        assert_eq!(status(&f, Step::FollowUp), StepStatus::Done);
        f.referrals.clear();
        f.follow_ups_done = 0;
        assert_eq!(status(&f, Step::Referral), StepStatus::Todo);
        assert_eq!(status(&f, Step::FollowUp), StepStatus::Todo);
    }
}
