//! A referral to a partner of the network and its lifecycle:
//! drafted → sent → accepted / declined → in progress → completed / no-show, and withdrawn
//! (revoked by the desk) from any state before an outcome. Each change keeps its date, which
//! never goes backwards nor into the future.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Drafted,
    Sent,
    Accepted,
    Declined,
    InProgress,
    Completed,
    NoShow,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Drafted,
        Status::Sent,
        Status::Accepted,
        Status::Declined,
        Status::InProgress,
        Status::Completed,
        Status::NoShow,
        Status::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Drafted => "drafted",
            Status::Sent => "sent",
            Status::Accepted => "accepted",
            Status::Declined => "declined",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::NoShow => "no_show",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The states a referral may move to from this one.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Drafted => &[Sent, Withdrawn],
            Sent => &[Accepted, Declined, Withdrawn],
            Accepted => &[InProgress, NoShow, Withdrawn],
            InProgress => &[Completed, NoShow],
            Declined | Completed | NoShow | Withdrawn => &[],
        }
    }

    pub fn is_final(self) -> bool {
        self.next().is_empty()
    }

    /// The partner answered (accepted or declined).
    pub fn is_answer(self) -> bool {
        matches!(self, Status::Accepted | Status::Declined)
    }
}

/// Why a change of status was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotAllowed { from: Status, to: Status },
    InFuture,
    BeforeLast(NaiveDate),
}

impl Refusal {
    /// The message for the operator; `label` names a state in their language.
    pub fn msg(&self, label: impl Fn(&str) -> String) -> Msg {
        match self {
            Refusal::NotAllowed { from, to } => Msg::new("referral.refused.move")
                .arg("from", label(from.code()))
                .arg("to", label(to.code())),
            Refusal::InFuture => Msg::new("referral.refused.future"),
            Refusal::BeforeLast(d) => Msg::new("referral.refused.before")
                .arg("date", crate::domain::date::format_date(*d)),
        }
    }
}

/// Checks a change from `from` (entered on `last`) to `to` on `on`.
pub fn check_move(
    from: Status,
    to: Status,
    last: NaiveDate,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if !from.next().contains(&to) {
        return Err(Refusal::NotAllowed { from, to });
    }
    if on > today {
        return Err(Refusal::InFuture);
    }
    if on < last {
        return Err(Refusal::BeforeLast(last));
    }
    Ok(())
}

/// A referral sent and not answered for longer than `answer_days` is overdue.
pub fn is_overdue(
    status: Status,
    sent_on: Option<NaiveDate>,
    today: NaiveDate,
    answer_days: i64,
) -> bool {
    status == Status::Sent && sent_on.is_some_and(|s| (today - s).num_days() > answer_days)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use Status::*;

    fn d(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n)
    }

    #[test]
    fn every_pair_of_states_is_allowed_or_refused_as_the_table_says() {
        let allowed = [
            (Drafted, Sent),
            (Drafted, Withdrawn),
            (Sent, Accepted),
            (Sent, Declined),
            (Sent, Withdrawn),
            (Accepted, InProgress),
            (Accepted, NoShow),
            (Accepted, Withdrawn),
            (InProgress, Completed),
            (InProgress, NoShow),
        ];
        for from in Status::ALL {
            for to in Status::ALL {
                let ok = check_move(from, to, d(0), d(1), d(5)).is_ok();
                assert_eq!(ok, allowed.contains(&(from, to)), "{from:?} -> {to:?}");
            }
        }
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn dates_never_go_back_nor_ahead_of_today() {
        assert_eq!(
            check_move(Drafted, Sent, d(3), d(2), d(5)),
            Err(Refusal::BeforeLast(d(3)))
        );
        assert_eq!(
            check_move(Drafted, Sent, d(3), d(6), d(5)),
            Err(Refusal::InFuture)
        );
        assert!(check_move(Drafted, Sent, d(3), d(3), d(5)).is_ok());
    }

    #[test]
    fn a_referral_unanswered_for_longer_than_the_limit_is_overdue() {
        assert!(!is_overdue(Sent, Some(d(0)), d(10), 10));
        assert!(is_overdue(Sent, Some(d(0)), d(11), 10));
        assert!(!is_overdue(Accepted, Some(d(0)), d(30), 10));
        assert!(!is_overdue(Sent, None, d(30), 10));
    }

    proptest! {
        #[test]
        fn a_random_walk_never_leaves_a_final_state(picks in proptest::collection::vec(0usize..8, 0..30)) {
            let mut s = Drafted;
            let mut on = d(0);
            for p in picks {
                let to = Status::ALL[p];
                let was_final = s.is_final();
                if check_move(s, to, on, on + chrono::Duration::days(1), d(1000)).is_ok() {
                    prop_assert!(!was_final);
                    s = to;
                    on += chrono::Duration::days(1);
                }
            }
        }
    }
}
