//! What an internship's month may hold and when its allowance may be paid. Pure: the store
//! reads the internship, the month's attendance and the months already paid, and asks here
//! inside its write transaction.
//!
//! A month holds the hours the internship's weekly hours allow over the days of that month
//! that fall inside the internship and have begun (today counts): 20 h a week over 3 days is
//! at most 9 hours. Attendance is never recorded for days to come. An allowance month is
//! paid once, no more than the internship's monthly allowance, on or after its first day,
//! and (when the programme says so) only once its attendance is recorded.

use chrono::{Datelike, Months, NaiveDate};

use super::Refusal;

/// A month as `YYYY-MM`, or `None` when the text is not one.
pub fn parse_month(month: &str) -> Option<NaiveDate> {
    let (y, m) = month.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

fn last_day(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first)
}

/// The internship's dates and weekly hours, as the rules read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub weekly_hours: i64,
}

/// The days of `month` inside the internship and not after `today`.
fn days_held(month: &str, span: Span, today: NaiveDate) -> Result<i64, Refusal> {
    let first = parse_month(month).ok_or_else(|| Refusal::BadMonth(month.to_string()))?;
    let last = last_day(first);
    if last < span.start || first > span.end {
        return Err(Refusal::OutsideInternship {
            month: month.to_string(),
            start: span.start,
            end: span.end,
        });
    }
    let from = first.max(span.start);
    if from > today {
        return Err(Refusal::MonthNotBegun {
            month: month.to_string(),
            from,
        });
    }
    let to = last.min(span.end).min(today);
    Ok((to - from).num_days() + 1)
}

/// The most hours a month can hold so far: the weekly hours over its days, rounded up.
pub fn month_capacity(month: &str, span: Span, today: NaiveDate) -> Result<i64, Refusal> {
    let days = days_held(month, span, today)?;
    Ok((span.weekly_hours.max(0) * days + 6) / 7)
}

/// Checks a month's attendance before it is recorded.
pub fn check_attendance(
    month: &str,
    hours: i64,
    days_absent: i64,
    span: Span,
    today: NaiveDate,
) -> Result<(), Refusal> {
    let days = days_held(month, span, today)?;
    let max = (span.weekly_hours.max(0) * days + 6) / 7;
    if hours < 0 || days_absent < 0 {
        return Err(Refusal::NegativeAttendance);
    }
    if hours > max {
        return Err(Refusal::TooManyHours {
            month: month.to_string(),
            hours,
            max,
            days,
            weekly: span.weekly_hours,
        });
    }
    if days_absent > days {
        return Err(Refusal::TooManyAbsences {
            month: month.to_string(),
            absent: days_absent,
            days,
        });
    }
    Ok(())
}

/// What a month's payment is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayFacts<'a> {
    pub span: Span,
    pub monthly_allowance: i64,
    /// The hours recorded for the month, if any.
    pub attendance: Option<i64>,
    /// The months of this internship already paid.
    pub paid_months: &'a [String],
    pub needs_attendance: bool,
}

/// Checks paying `cents` of the allowance for `month` on `on`.
pub fn check_payment(
    month: &str,
    cents: i64,
    on: NaiveDate,
    today: NaiveDate,
    f: &PayFacts<'_>,
) -> Result<(), Refusal> {
    if on > today {
        return Err(Refusal::InFuture);
    }
    if f.paid_months.iter().any(|m| m == month) {
        return Err(Refusal::AlreadyPaid {
            month: month.to_string(),
        });
    }
    // The month must have begun by the payment's date, not only by today.
    days_held(month, f.span, on)?;
    if f.monthly_allowance > 0 && cents > f.monthly_allowance {
        return Err(Refusal::OverMonthly {
            month: month.to_string(),
            cents,
            monthly: f.monthly_allowance,
        });
    }
    if f.needs_attendance && f.attendance.is_none() {
        return Err(Refusal::NoAttendance {
            month: month.to_string(),
        });
    }
    Ok(())
}

/// Checks that an internship starting on `start` may become active on `on`, with
/// `preliminary_minutes` of preliminary services delivered against the `needed_hours`
/// the programme asks.
pub fn check_activation(
    start: NaiveDate,
    on: NaiveDate,
    preliminary_minutes: i64,
    needed_hours: i64,
) -> Result<(), Refusal> {
    if on < start {
        return Err(Refusal::BeforeStart { start, on });
    }
    if preliminary_minutes < needed_hours.saturating_mul(60) {
        return Err(Refusal::PreliminaryHours {
            done_minutes: preliminary_minutes,
            needed: needed_hours,
        });
    }
    Ok(())
}

/// The month `YYYY-MM` of a day.
pub fn month_of(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

#[cfg(test)]
#[path = "internship_rules_tests.rs"]
mod tests;
