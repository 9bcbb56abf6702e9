//! The typed values of the forms the services read, one per form.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Doc, FromDoc};

/// `assets/forms/intake.toml`: what the register's record is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeDoc {
    pub surname: String,
    pub given_names: String,
    /// Other spellings: (surname, given, kind).
    pub name_variants: Vec<(String, String, Option<String>)>,
    pub tax_code: Option<String>,
    pub phones: Vec<String>,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<String>,
    pub birth_country: Option<String>,
    pub permit_number: Option<String>,
    pub permit_expiry: Option<NaiveDate>,
}

impl FromDoc for IntakeDoc {
    const FORM: &'static str = "intake";
    fn read(d: &Doc<'_>) -> IntakeDoc {
        IntakeDoc {
            surname: d.text("surname"),
            given_names: d.text("given_names"),
            name_variants: d.rows("name_variants", |r| {
                (r.text("surname"), r.text("given"), r.opt_text("kind"))
            }),
            tax_code: d.opt_text("tax_code"),
            phones: ["phone", "phone_alt"]
                .iter()
                .filter_map(|k| d.opt_text(k))
                .collect(),
            birth_date: d.date("birth_date"),
            sex: d.opt_text("sex"),
            birth_country: d.opt_text("birth_country"),
            permit_number: d.opt_text("permit_number"),
            permit_expiry: d.date("permit_expiry"),
        }
    }
}

/// `internship.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct InternshipDoc {
    pub host: Option<Uuid>,
    pub tutor: String,
    pub start_on: Option<NaiveDate>,
    pub planned_end_on: Option<NaiveDate>,
    pub weekly_hours: Option<i64>,
    pub monthly_allowance: Option<i64>,
}

impl FromDoc for InternshipDoc {
    const FORM: &'static str = "internship";
    fn read(d: &Doc<'_>) -> InternshipDoc {
        InternshipDoc {
            host: d.id("host"),
            tutor: d.text("tutor"),
            start_on: d.date("start_on"),
            planned_end_on: d.date("planned_end_on"),
            weekly_hours: d.int("weekly_hours"),
            monthly_allowance: d.int("monthly_allowance"),
        }
    }
}

/// `internship_status.toml` and `referral_status.toml` share a shape: a status, its date and
/// why.
#[derive(Debug, Clone, PartialEq)]
pub struct InternshipStatusDoc {
    pub status: String,
    pub on_date: Option<NaiveDate>,
    pub reason: String,
}

impl FromDoc for InternshipStatusDoc {
    const FORM: &'static str = "internship_status";
    fn read(d: &Doc<'_>) -> InternshipStatusDoc {
        InternshipStatusDoc {
            status: d.text("status"),
            on_date: d.date("on_date"),
            reason: d.text("reason"),
        }
    }
}

/// `internship_extend.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtendDoc {
    pub planned_end_on: Option<NaiveDate>,
}

impl FromDoc for ExtendDoc {
    const FORM: &'static str = "internship_extend";
    fn read(d: &Doc<'_>) -> ExtendDoc {
        ExtendDoc {
            planned_end_on: d.date("planned_end_on"),
        }
    }
}

/// `attendance.toml`: a month's hours.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceDoc {
    pub month: String,
    pub hours: Option<i64>,
    pub days_absent: Option<i64>,
    pub note: String,
}

impl FromDoc for AttendanceDoc {
    const FORM: &'static str = "attendance";
    fn read(d: &Doc<'_>) -> AttendanceDoc {
        AttendanceDoc {
            month: d.text("month"),
            hours: d.int("hours"),
            days_absent: d.int("days_absent"),
            note: d.text("note"),
        }
    }
}

/// `allowance_payment.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct AllowancePaymentDoc {
    pub month: String,
    pub amount: Option<i64>,
    pub on_date: Option<NaiveDate>,
}

impl FromDoc for AllowancePaymentDoc {
    const FORM: &'static str = "allowance_payment";
    fn read(d: &Doc<'_>) -> AllowancePaymentDoc {
        AllowancePaymentDoc {
            month: d.text("month"),
            amount: d.int("amount"),
            on_date: d.date("on_date"),
        }
    }
}

/// `referral.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralDoc {
    pub partner: Option<Uuid>,
    pub service: String,
    pub reason: String,
}

impl FromDoc for ReferralDoc {
    const FORM: &'static str = "referral";
    fn read(d: &Doc<'_>) -> ReferralDoc {
        ReferralDoc {
            partner: d.id("partner"),
            service: d.text("service"),
            reason: d.text("reason"),
        }
    }
}

/// `referral_status.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralStatusDoc {
    pub status: String,
    pub on_date: Option<NaiveDate>,
    pub note: String,
}

impl FromDoc for ReferralStatusDoc {
    const FORM: &'static str = "referral_status";
    fn read(d: &Doc<'_>) -> ReferralStatusDoc {
        ReferralStatusDoc {
            status: d.text("status"),
            on_date: d.date("on_date"),
            note: d.text("note"),
        }
    }
}

/// `partner.toml`: what the service checks (the rest is stored as typed).
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerDoc {
    pub name: String,
}

impl FromDoc for PartnerDoc {
    const FORM: &'static str = "partner";
    fn read(d: &Doc<'_>) -> PartnerDoc {
        PartnerDoc {
            name: d.text("name"),
        }
    }
}

/// `follow_up.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpDoc {
    pub due_on: Option<NaiveDate>,
    pub kind: String,
    pub note: String,
}

impl FromDoc for FollowUpDoc {
    const FORM: &'static str = "follow_up";
    fn read(d: &Doc<'_>) -> FollowUpDoc {
        FollowUpDoc {
            due_on: d.date("due_on"),
            kind: d.text("kind"),
            note: d.text("note"),
        }
    }
}

/// `follow_up_outcome.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpOutcomeDoc {
    pub done_on: Option<NaiveDate>,
    pub outcome: String,
    pub note: String,
    pub next_due_on: Option<NaiveDate>,
    pub next_kind: String,
}

impl FromDoc for FollowUpOutcomeDoc {
    const FORM: &'static str = "follow_up_outcome";
    fn read(d: &Doc<'_>) -> FollowUpOutcomeDoc {
        FollowUpOutcomeDoc {
            done_on: d.date("done_on"),
            outcome: d.text("outcome"),
            note: d.text("note"),
            next_due_on: d.date("next_due_on"),
            next_kind: d.text("next_kind"),
        }
    }
}

/// `closure.toml`: the outcome and what to do with the open work.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosureDoc {
    pub outcome: Option<String>,
    pub outcome_date: Option<NaiveDate>,
    pub internship_completed: bool,
    pub internship_reason: String,
    pub settle_referrals: bool,
    pub release_unpaid: bool,
    pub open_work_reason: String,
}

impl FromDoc for ClosureDoc {
    const FORM: &'static str = "closure";
    fn read(d: &Doc<'_>) -> ClosureDoc {
        ClosureDoc {
            outcome: d.opt_text("outcome"),
            outcome_date: d.date("outcome_date"),
            internship_completed: d.flag("internship_completed"),
            internship_reason: d.text("internship_reason"),
            settle_referrals: d.flag("settle_referrals"),
            release_unpaid: d.flag("release_unpaid"),
            open_work_reason: d.text("open_work_reason"),
        }
    }
}

/// `reopen.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReopenDoc {
    pub reason: String,
    pub date: Option<NaiveDate>,
}

impl FromDoc for ReopenDoc {
    const FORM: &'static str = "reopen";
    fn read(d: &Doc<'_>) -> ReopenDoc {
        ReopenDoc {
            reason: d.text("reason"),
            date: d.date("date"),
        }
    }
}

/// `ledger_entry.toml`: a movement of money, in euros or in hours at the line's cost.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerEntryDoc {
    pub line: String,
    pub amount: Option<i64>,
    pub hours: Option<i64>,
    pub on_date: Option<NaiveDate>,
    pub note: String,
}

impl FromDoc for LedgerEntryDoc {
    const FORM: &'static str = "ledger_entry";
    fn read(d: &Doc<'_>) -> LedgerEntryDoc {
        LedgerEntryDoc {
            line: d.text("line"),
            amount: d.int("amount"),
            hours: d.int("hours"),
            on_date: d.date("on_date"),
            note: d.text("note"),
        }
    }
}
