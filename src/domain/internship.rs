//! The internship (tirocinio): its lifecycle, its dates and its months.
//! planned → active | interrupted; active → suspended | completed | interrupted;
//! suspended → active | interrupted; completed and interrupted are final. Suspending and
//! interrupting need a reason.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::date::format_date;
use crate::i18n::{Lang, Msg, money};

#[path = "internship_rules.rs"]
pub mod rules;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    Active,
    Suspended,
    Completed,
    Interrupted,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::Active,
        Status::Suspended,
        Status::Completed,
        Status::Interrupted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Active => "active",
            Status::Suspended => "suspended",
            Status::Completed => "completed",
            Status::Interrupted => "interrupted",
        }
    }

    pub fn from_code(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Planned => &[Active, Interrupted],
            Active => &[Suspended, Completed, Interrupted],
            Suspended => &[Active, Interrupted],
            Completed | Interrupted => &[],
        }
    }

    pub fn needs_reason(self) -> bool {
        matches!(self, Status::Suspended | Status::Interrupted)
    }

    /// Still running (or about to): the agenda watches its end.
    pub fn is_running(self) -> bool {
        matches!(self, Status::Planned | Status::Active | Status::Suspended)
    }
}

/// Why a change to an internship, its attendance or its allowance was refused, with the
/// figures the operator needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotAllowed {
        from: Status,
        to: Status,
    },
    ReasonNeeded,
    InFuture,
    /// An extension must move the end later, by at most the programme's extendable months.
    BadExtension {
        latest: NaiveDate,
    },
    /// Active only on or after the start date.
    BeforeStart {
        start: NaiveDate,
        on: NaiveDate,
    },
    /// The programme asks `needed` hours of preliminary services first.
    PreliminaryHours {
        done_minutes: i64,
        needed: i64,
    },
    /// Not a month (`YYYY-MM`).
    BadMonth(String),
    OutsideInternship {
        month: String,
        start: NaiveDate,
        end: NaiveDate,
    },
    /// The month (as far as the internship goes) begins on `from`, after the date given.
    MonthNotBegun {
        month: String,
        from: NaiveDate,
    },
    NegativeAttendance,
    TooManyHours {
        month: String,
        hours: i64,
        max: i64,
        days: i64,
        weekly: i64,
    },
    TooManyAbsences {
        month: String,
        absent: i64,
        days: i64,
    },
    AlreadyPaid {
        month: String,
    },
    NoAttendance {
        month: String,
    },
    OverMonthly {
        month: String,
        cents: i64,
        monthly: i64,
    },
}

use crate::domain::money::month_text;

impl Refusal {
    /// The message for the operator in `lang` (states named, money and dates written as
    /// that language writes them).
    pub fn msg(&self, lang: Lang) -> Msg {
        let state = |s: &Status| {
            crate::lookups::lookup("internship_statuses")
                .label_of(s.code(), lang)
                .to_string()
        };
        let eur = |c: &i64| money(*c, lang);
        match self {
            Refusal::NotAllowed { from, to } => Msg::new("internship.refused.move")
                .arg("from", state(from))
                .arg("to", state(to)),
            Refusal::ReasonNeeded => Msg::new("internship.refused.reason"),
            Refusal::InFuture => Msg::new("internship.refused.future"),
            Refusal::BadExtension { latest } => {
                Msg::new("internship.refused.extension").arg("latest", format_date(*latest))
            }
            Refusal::BeforeStart { start, on } => Msg::new("internship.rules.before_start")
                .arg("start", format_date(*start))
                .arg("on", format_date(*on)),
            Refusal::PreliminaryHours {
                done_minutes,
                needed,
            } => Msg::new("internship.rules.preliminary")
                .arg("needed", needed)
                .arg("done", done_minutes / 60),
            Refusal::BadMonth(m) => Msg::new("internship.rules.bad_month").arg("month", m),
            Refusal::OutsideInternship { month, start, end } => {
                Msg::new("internship.rules.outside")
                    .arg("month", month_text(month))
                    .arg("start", format_date(*start))
                    .arg("end", format_date(*end))
            }
            Refusal::MonthNotBegun { month, from } => Msg::new("internship.rules.not_begun")
                .arg("month", month_text(month))
                .arg("from", format_date(*from)),
            Refusal::NegativeAttendance => Msg::new("internship.rules.negative"),
            Refusal::TooManyHours {
                month,
                hours,
                max,
                days,
                weekly,
            } => Msg::new("internship.rules.hours")
                .arg("month", month_text(month))
                .arg("hours", hours)
                .arg("max", max)
                .arg("days", days)
                .arg("weekly", weekly),
            Refusal::TooManyAbsences {
                month,
                absent,
                days,
            } => Msg::new("internship.rules.absences")
                .arg("month", month_text(month))
                .arg("absent", absent)
                .arg("days", days),
            Refusal::AlreadyPaid { month } => {
                Msg::new("internship.rules.paid").arg("month", month_text(month))
            }
            Refusal::NoAttendance { month } => {
                Msg::new("internship.rules.no_attendance").arg("month", month_text(month))
            }
            Refusal::OverMonthly {
                month,
                cents,
                monthly,
            } => Msg::new("internship.rules.over_monthly")
                .arg("month", month_text(month))
                .arg("amount", eur(cents))
                .arg("monthly", eur(monthly)),
        }
    }
}

/// Checks a change of state on `on` with `reason`.
pub fn check_move(
    from: Status,
    to: Status,
    reason: &str,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if !from.next().contains(&to) {
        return Err(Refusal::NotAllowed { from, to });
    }
    if to.needs_reason() && reason.trim().is_empty() {
        return Err(Refusal::ReasonNeeded);
    }
    if on > today {
        return Err(Refusal::InFuture);
    }
    Ok(())
}

/// The planned end of an internship starting on `start` and lasting `months`.
pub fn default_end(start: NaiveDate, months: u32) -> NaiveDate {
    start
        .checked_add_months(Months::new(months))
        .unwrap_or(start)
}

/// Checks moving the planned end to `new_end`: later than now, and no later than the
/// first planned end plus `extendable` months.
pub fn check_extension(
    first_end: NaiveDate,
    current_end: NaiveDate,
    new_end: NaiveDate,
    extendable: u32,
) -> Result<(), Refusal> {
    let latest = default_end(first_end, extendable);
    if new_end <= current_end || new_end > latest {
        return Err(Refusal::BadExtension { latest });
    }
    Ok(())
}

/// The months an internship covers, as `YYYY-MM`, from its start to its planned end.
pub fn months(start: NaiveDate, end: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let mut m = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    while m <= end && out.len() < 48 {
        out.push(m.format("%Y-%m").to_string());
        match m.checked_add_months(Months::new(1)) {
            Some(next) => m = next,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use Status::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_pair_of_states_is_allowed_or_refused_as_the_table_says() {
        let allowed = [
            (Planned, Active),
            (Planned, Interrupted),
            (Active, Suspended),
            (Active, Completed),
            (Active, Interrupted),
            (Suspended, Active),
            (Suspended, Interrupted),
        ];
        for from in Status::ALL {
            for to in Status::ALL {
                let ok = check_move(from, to, "why", d(2026, 1, 1), d(2026, 1, 2)).is_ok();
                assert_eq!(ok, allowed.contains(&(from, to)), "{from:?} -> {to:?}");
            }
        }
        assert_eq!(
            check_move(Active, Suspended, " ", d(2026, 1, 1), d(2026, 1, 2)),
            Err(Refusal::ReasonNeeded)
        );
        assert_eq!(
            check_move(Active, Completed, "", d(2026, 1, 3), d(2026, 1, 2)),
            Err(Refusal::InFuture)
        );
    }

    #[test]
    fn ends_and_extensions_follow_the_calendar() {
        assert_eq!(default_end(d(2026, 1, 31), 1), d(2026, 2, 28));
        assert_eq!(default_end(d(2027, 8, 31), 6), d(2028, 2, 29));
        assert_eq!(default_end(d(2026, 3, 1), 6), d(2026, 9, 1));
        let first = d(2026, 9, 1);
        assert!(check_extension(first, first, d(2027, 3, 1), 6).is_ok());
        assert_eq!(
            check_extension(first, first, d(2027, 3, 2), 6),
            Err(Refusal::BadExtension {
                latest: d(2027, 3, 1)
            })
        );
        assert!(check_extension(first, d(2026, 12, 1), d(2026, 11, 1), 6).is_err());
        assert_eq!(
            months(d(2026, 3, 15), d(2026, 9, 15)),
            [
                "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"
            ]
        );
    }

    proptest! {
        #[test]
        fn a_random_walk_never_leaves_a_final_state(picks in proptest::collection::vec(0usize..5, 0..30)) {
            let mut s = Planned;
            for p in picks {
                let to = Status::ALL[p];
                let was_final = s.next().is_empty();
                if check_move(s, to, "r", d(2026, 1, 1), d(2026, 1, 1)).is_ok() {
                    prop_assert!(!was_final);
                    s = to;
                }
            }
        }
    }
}
