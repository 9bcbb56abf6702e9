//! A person's case: the path through the desk, step by step.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The steps of the path, in order (DOMAIN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Intake,
    Orientation,
    Assessment,
    ActionPlan,
    Referral,
    Internship,
    FollowUp,
    Closure,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Intake,
        Step::Orientation,
        Step::Assessment,
        Step::ActionPlan,
        Step::Referral,
        Step::Internship,
        Step::FollowUp,
        Step::Closure,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Intake => "intake",
            Step::Orientation => "orientation",
            Step::Assessment => "assessment",
            Step::ActionPlan => "action_plan",
            Step::Referral => "referral",
            Step::Internship => "internship",
            Step::FollowUp => "follow_up",
            Step::Closure => "closure",
        }
    }

    pub fn from_code(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Todo,
    InProgress,
    Done,
}

impl StepStatus {
    pub fn code(self) -> &'static str {
        match self {
            StepStatus::Todo => "todo",
            StepStatus::InProgress => "in_progress",
            StepStatus::Done => "done",
        }
    }

    pub fn from_code(code: &str) -> Option<StepStatus> {
        [StepStatus::Todo, StepStatus::InProgress, StepStatus::Done]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepState {
    pub step: Step,
    pub status: StepStatus,
    pub done_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: Uuid,
    pub person_id: Uuid,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Who opened the case (or took it over).
    #[serde(default)]
    pub operator: String,
    #[serde(default)]
    pub programme_id: Option<Uuid>,
    /// The closure outcome code (`closure_outcomes`) and its date, once closed.
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub outcome_on: Option<NaiveDate>,
    pub steps: Vec<StepState>,
}

impl CaseSummary {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// The furthest step of the path the case has reached (started or done).
    pub fn current_step(&self) -> Step {
        current_step(&self.steps)
    }
}

/// Where a person stands, for a register row: the open case's furthest step, or closed, or
/// no case at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "step")]
pub enum CaseState {
    Open(Step),
    Closed,
    #[default]
    NoCase,
}

/// The furthest step, in path order, that has left `todo`; intake when none has.
pub fn current_step(steps: &[StepState]) -> Step {
    steps
        .iter()
        .filter(|s| s.status != StepStatus::Todo)
        .map(|s| s.step)
        .max_by_key(|s| Step::ALL.iter().position(|x| x == s))
        .unwrap_or(Step::Intake)
}

/// The steps of a case just opened by a saved intake: intake done, the rest to do.
pub fn steps_after_intake(now: DateTime<Utc>) -> Vec<StepState> {
    Step::ALL
        .into_iter()
        .map(|step| {
            let done = step == Step::Intake;
            StepState {
                step,
                status: if done {
                    StepStatus::Done
                } else {
                    StepStatus::Todo
                },
                done_at: done.then_some(now),
            }
        })
        .collect()
}

pub mod closure;
mod overview;
pub use overview::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_intake_is_done_first() {
        for s in Step::ALL {
            assert_eq!(Step::from_code(s.code()), Some(s));
        }
        let steps = steps_after_intake(Utc::now());
        assert_eq!(steps[0].status, StepStatus::Done);
        assert!(steps[1..].iter().all(|s| s.status == StepStatus::Todo));
        assert_eq!(current_step(&steps), Step::Intake);
    }

    #[test]
    fn the_current_step_is_the_furthest_started_even_with_gaps() {
        let mut steps = steps_after_intake(Utc::now());
        steps[5].status = StepStatus::InProgress;
        steps[1].status = StepStatus::Done;
        assert_eq!(current_step(&steps), Step::Internship);
        assert_eq!(current_step(&[]), Step::Intake);
    }
}
