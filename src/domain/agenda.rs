//! The agenda's rules: what an operator must act on, and by when. One small pure function
//! per rule (dates in, `Option<Due>` out); [`evaluate`] turns a stored fact into an item's
//! due date and reason. No SQL, no terminal.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

/// Days after a DID within which the Patto di servizio must be signed.
pub const PATTO_DAYS: u64 = 30;
/// The same for people on unemployment benefit.
pub const PATTO_DAYS_ON_BENEFIT: u64 = 15;
/// An asylum applicant may work this many days after the application.
pub const ASYLUM_WORK_DAYS: u64 = 60;
/// The asylum item is raised this many days before the day work is allowed...
pub const ASYLUM_BEFORE_DAYS: u64 = 14;
/// ...and kept this many days after it.
pub const ASYLUM_AFTER_DAYS: u64 = 30;
/// The legal status code of an asylum applicant (assets/lookups/legal_statuses.toml).
pub const ASYLUM_APPLICANT: &str = "asylum_applicant";
/// A former unaccompanied minor's permit conversion may be requested from this many days
/// before the 18th birthday...
pub const UAM_BEFORE_DAYS: u64 = 90;
/// ...and the item stays (overdue) this many days after it.
pub const UAM_AFTER_DAYS: u64 = 60;

/// The kinds of item, in the order that breaks ties between items due the same day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    FollowUp,
    Permit,
    Patto,
    AsylumWork,
    UamConversion,
    Referral,
    Internship,
    PlanAction,
    Budget,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::FollowUp,
        Kind::Permit,
        Kind::Patto,
        Kind::AsylumWork,
        Kind::UamConversion,
        Kind::Referral,
        Kind::Internship,
        Kind::PlanAction,
        Kind::Budget,
    ];

    /// The stable code (CLI `--kind`, JSON, catalogue keys `agenda.kind.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Kind::FollowUp => "follow_up",
            Kind::Permit => "permit",
            Kind::Patto => "patto",
            Kind::AsylumWork => "asylum_work",
            Kind::UamConversion => "uam_conversion",
            Kind::Referral => "referral",
            Kind::Internship => "internship",
            Kind::PlanAction => "plan_action",
            Kind::Budget => "budget",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// The catalogue key of the kind's short label.
    pub fn label_key(self) -> String {
        format!("agenda.kind.{}", self.code())
    }
}

/// The date by which to act, seen from `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Due {
    pub on: NaiveDate,
    /// `on - today` in days: negative when late, 0 today, positive days left.
    pub days: i64,
}

impl Due {
    pub fn new(on: NaiveDate, today: NaiveDate) -> Due {
        Due {
            on,
            days: (on - today).num_days(),
        }
    }

    pub fn overdue(&self) -> bool {
        self.days < 0
    }

    pub fn is_today(&self) -> bool {
        self.days == 0
    }

    /// Where the item stands on the agenda's first screen.
    pub fn group(&self) -> Group {
        match self.days {
            d if d < -STALE_AFTER_DAYS => Group::ToCheck,
            d if d < 0 => Group::Overdue,
            0 => Group::Today,
            d if d <= WEEK_DAYS => Group::Week,
            _ => Group::Later,
        }
    }
}

/// Items overdue for longer than this are records to check (a permit expired a year ago is
/// a record to update), not today's work: they go to a group of their own, collapsed.
pub const STALE_AFTER_DAYS: i64 = 30;
/// Items due within this many days are "this week".
pub const WEEK_DAYS: i64 = 7;

/// The agenda's groups, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Overdue, by at most [`STALE_AFTER_DAYS`].
    Overdue,
    Today,
    /// Within [`WEEK_DAYS`].
    Week,
    /// Later, within each rule's warning window.
    Later,
    /// Overdue for longer than [`STALE_AFTER_DAYS`].
    ToCheck,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Overdue,
        Group::Today,
        Group::Week,
        Group::Later,
        Group::ToCheck,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Group::Overdue => "overdue",
            Group::Today => "today",
            Group::Week => "week",
            Group::Later => "later",
            Group::ToCheck => "to_check",
        }
    }

    /// The catalogue key of the group's heading.
    pub fn label_key(self) -> String {
        format!("agenda.group.{}", self.code())
    }
}

fn plus(d: NaiveDate, n: u64) -> Option<NaiveDate> {
    d.checked_add_days(Days::new(n))
}

fn minus(d: NaiveDate, n: u64) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(n))
}

fn plus_signed(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        plus(d, n.unsigned_abs())
    } else {
        minus(d, n.unsigned_abs())
    }
}

/// A follow-up not done, due today or before.
pub fn follow_up(due_on: NaiveDate, done_on: Option<NaiveDate>, today: NaiveDate) -> Option<Due> {
    (done_on.is_none() && due_on <= today).then(|| Due::new(due_on, today))
}

/// A permit expired, or expiring within `warning_days`.
pub fn permit(expiry: NaiveDate, today: NaiveDate, warning_days: i64) -> Option<Due> {
    let limit = plus_signed(today, warning_days)?;
    (expiry <= limit).then(|| Due::new(expiry, today))
}

/// The day the Patto di servizio is due after a DID: 30 days, 15 on unemployment benefit.
pub fn patto_due(did_on: NaiveDate, on_benefit: bool) -> Option<NaiveDate> {
    let n = if on_benefit {
        PATTO_DAYS_ON_BENEFIT
    } else {
        PATTO_DAYS
    };
    plus(did_on, n)
}

/// A DID with no Patto yet: due DID + 30 days (+ 15 on benefit).
pub fn patto(
    did_on: NaiveDate,
    patto_on: Option<NaiveDate>,
    on_benefit: bool,
    today: NaiveDate,
) -> Option<Due> {
    if patto_on.is_some() {
        return None;
    }
    patto_due(did_on, on_benefit).map(|d| Due::new(d, today))
}

/// The first day an asylum applicant may work.
pub fn asylum_work_from(applied_on: NaiveDate) -> Option<NaiveDate> {
    plus(applied_on, ASYLUM_WORK_DAYS)
}

/// An asylum applicant's 60th day, raised from 14 days before to 30 days after.
pub fn asylum_work(
    applied_on: NaiveDate,
    legal_status: Option<&str>,
    today: NaiveDate,
) -> Option<Due> {
    if legal_status != Some(ASYLUM_APPLICANT) {
        return None;
    }
    let from = asylum_work_from(applied_on)?;
    let window = minus(from, ASYLUM_BEFORE_DAYS)?..=plus(from, ASYLUM_AFTER_DAYS)?;
    window.contains(&today).then(|| Due::new(from, today))
}

/// The day a person born on `birth` turns 18 (born on 29 February: 1 March in a common
/// year, as [`crate::domain::date::age_on`] counts).
pub fn eighteenth_birthday(birth: NaiveDate) -> Option<NaiveDate> {
    let year = birth.year().checked_add(18)?;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

/// A former unaccompanied minor's permit conversion: from 90 days before the 18th birthday
/// to the birthday, then overdue for 60 days.
pub fn uam_conversion(birth: NaiveDate, today: NaiveDate) -> Option<Due> {
    let eighteen = eighteenth_birthday(birth)?;
    let window = minus(eighteen, UAM_BEFORE_DAYS)?..=plus(eighteen, UAM_AFTER_DAYS)?;
    window.contains(&today).then(|| Due::new(eighteen, today))
}

/// A referral sent and not answered for more than `answer_days`: due on the answer day.
pub fn referral(sent_on: NaiveDate, today: NaiveDate, answer_days: i64) -> Option<Due> {
    let answer_by = plus_signed(sent_on, answer_days)?;
    (today > answer_by).then(|| Due::new(answer_by, today))
}

/// An internship active or suspended whose planned end is within `ending_days`.
pub fn internship(
    status: &str,
    planned_end_on: NaiveDate,
    today: NaiveDate,
    ending_days: i64,
) -> Option<Due> {
    if !matches!(status, "active" | "suspended") {
        return None;
    }
    let limit = plus_signed(today, ending_days)?;
    (planned_end_on <= limit).then(|| Due::new(planned_end_on, today))
}

/// An action-plan action still planned or in progress after its due day.
pub fn plan_action(status: &str, due_on: NaiveDate, today: NaiveDate) -> Option<Due> {
    (matches!(status, "planned" | "in_progress") && due_on < today).then(|| Due::new(due_on, today))
}

/// Whether a budget line is used (committed) at or above `percent` of its budget.
pub fn budget_alert(budget_cents: i64, committed_cents: i64, percent: i64) -> bool {
    budget_cents > 0
        && i128::from(committed_cents) * 100 >= i128::from(budget_cents) * i128::from(percent)
}

/// An endowment line over the alert threshold: to look at today.
pub fn budget(
    budget_cents: i64,
    committed_cents: i64,
    percent: i64,
    today: NaiveDate,
) -> Option<Due> {
    budget_alert(budget_cents, committed_cents, percent).then(|| Due::new(today, today))
}

/// The range of birth dates whose 18th birthday falls in the UAM window around `today`
/// (a day wider on each side, for 29 February; [`uam_conversion`] decides).
pub fn uam_birth_range(today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let back = |d: NaiveDate| {
        let y = d.year().checked_sub(18)?;
        NaiveDate::from_ymd_opt(y, d.month(), d.day()).or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
    };
    let lo = back(minus(today, UAM_AFTER_DAYS + 1)?)?;
    let hi = back(plus(today, UAM_BEFORE_DAYS + 1)?)?;
    Some((lo, hi))
}

/// The range of application dates whose asylum item is raised on `today`.
pub fn asylum_applied_range(today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let lo = minus(today, ASYLUM_WORK_DAYS + ASYLUM_AFTER_DAYS)?;
    let hi = minus(today, ASYLUM_WORK_DAYS - ASYLUM_BEFORE_DAYS)?;
    Some((lo, hi))
}

/// `today + days` (negative: before), for the store's date bounds.
pub fn shift(today: NaiveDate, days: i64) -> Option<NaiveDate> {
    plus_signed(today, days)
}

#[path = "agenda_item.rs"]
mod item;
pub use item::{Fact, Item, Rules, Subject, evaluate, urgency};

#[cfg(test)]
#[path = "agenda_tests.rs"]
mod tests;
