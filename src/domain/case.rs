//! A person's case: the path through the desk, step by step.

use chrono::{DateTime, Utc};
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
    pub steps: Vec<StepState>,
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
    }
}
