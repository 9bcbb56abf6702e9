//! The endowment's money: a case's budget lines with what is committed and paid on each, in
//! integer cents, and the rules every operation must pass. Pure: the store applies
//! [`Budget::apply`] inside the write transaction and saves the result only when it passes.
//!
//! Rules: on every line 0 ≤ paid ≤ committed ≤ budget; the sum of commitments never passes
//! the programme's total (which may be less than the sum of the lines: PUOI PLUS pays "up
//! to" its total). A release gives back a commitment not yet paid. A refused operation
//! changes nothing.

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg, money};

/// One budget line of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub code: String,
    pub budget: i64,
    pub committed: i64,
    pub paid: i64,
}

impl Line {
    /// What can still be committed on this line (the total may allow less).
    pub fn left(&self) -> i64 {
        self.budget - self.committed
    }

    /// Committed and not yet paid.
    pub fn payable(&self) -> i64 {
        self.committed - self.paid
    }
}

/// A case's budget: the programme's total and the lines copied at enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub total: i64,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    Commit,
    Release,
    Pay,
}

impl OpKind {
    pub fn code(self) -> &'static str {
        match self {
            OpKind::Commit => "commit",
            OpKind::Release => "release",
            OpKind::Pay => "pay",
        }
    }

    pub fn from_code(s: &str) -> Option<OpKind> {
        [OpKind::Commit, OpKind::Release, OpKind::Pay]
            .into_iter()
            .find(|k| k.code() == s)
    }
}

/// An operation on one line, in cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    pub kind: OpKind,
    pub line: String,
    pub cents: i64,
}

/// Why an operation was refused, with the figures the operator needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotPositive,
    UnknownLine(String),
    /// Committing would pass the line's budget by `over` cents.
    LineOverspend {
        line: String,
        over: i64,
        left: i64,
    },
    /// Committing would pass the programme's total by `over` cents.
    TotalOverspend {
        over: i64,
        left: i64,
    },
    /// Paying more than is committed and unpaid on the line.
    BeyondCommitted {
        line: String,
        over: i64,
        payable: i64,
    },
    /// Releasing more than is committed and unpaid on the line.
    ReleaseBelowPaid {
        line: String,
        over: i64,
        payable: i64,
    },
    /// The programme asks a signed PAI before money is committed or paid.
    PaiNotSigned,
    /// This internship month's allowance is already paid.
    MonthPaid {
        month: String,
    },
    /// The programme pays the allowance month by month, from the internship.
    AllowanceByMonth {
        line: String,
    },
}

/// `2026-03` as the operator reads it: `03/2026`.
pub fn month_text(month: &str) -> String {
    match month.split_once('-') {
        Some((y, m)) => format!("{m}/{y}"),
        None => month.to_string(),
    }
}

impl Refusal {
    /// The message for the operator in `lang`; `label` names a line in that language.
    pub fn msg(&self, lang: Lang, label: impl Fn(&str) -> String) -> Msg {
        let eur = |c: &i64| money(*c, lang);
        match self {
            Refusal::NotPositive => Msg::new("plan.refused.not_positive"),
            Refusal::UnknownLine(l) => Msg::new("plan.refused.unknown_line").arg("line", l),
            Refusal::LineOverspend { line, over, left } => Msg::new("plan.refused.line")
                .arg("line", label(line))
                .arg("over", eur(over))
                .arg("left", eur(left)),
            Refusal::TotalOverspend { over, left } => Msg::new("plan.refused.total")
                .arg("over", eur(over))
                .arg("left", eur(left)),
            Refusal::BeyondCommitted {
                line,
                over,
                payable,
            } => Msg::new("plan.refused.pay")
                .arg("line", label(line))
                .arg("over", eur(over))
                .arg("payable", eur(payable)),
            Refusal::ReleaseBelowPaid {
                line,
                over,
                payable,
            } => Msg::new("plan.refused.release")
                .arg("line", label(line))
                .arg("over", eur(over))
                .arg("payable", eur(payable)),
            Refusal::PaiNotSigned => Msg::new("plan.rules.pai_not_signed"),
            Refusal::MonthPaid { month } => {
                Msg::new("internship.rules.paid").arg("month", month_text(month))
            }
            Refusal::AllowanceByMonth { line } => {
                Msg::new("plan.rules.allowance_by_month").arg("line", label(line))
            }
        }
    }
}

impl Budget {
    pub fn committed(&self) -> i64 {
        self.lines.iter().map(|l| l.committed).sum()
    }

    pub fn paid(&self) -> i64 {
        self.lines.iter().map(|l| l.paid).sum()
    }

    /// What can still be committed in all: the total less the commitments.
    pub fn left(&self) -> i64 {
        self.total - self.committed()
    }

    pub fn line(&self, code: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.code == code)
    }

    /// The budget after `op`, or why it is refused (then `self` is unchanged).
    pub fn apply(&mut self, op: &Op) -> Result<(), Refusal> {
        if op.cents <= 0 {
            return Err(Refusal::NotPositive);
        }
        let room_total = self.left();
        let line = self
            .lines
            .iter_mut()
            .find(|l| l.code == op.line)
            .ok_or_else(|| Refusal::UnknownLine(op.line.clone()))?;
        match op.kind {
            OpKind::Commit => {
                if op.cents > line.left() {
                    return Err(Refusal::LineOverspend {
                        line: op.line.clone(),
                        over: op.cents - line.left(),
                        left: line.left(),
                    });
                }
                if op.cents > room_total {
                    return Err(Refusal::TotalOverspend {
                        over: op.cents - room_total,
                        left: room_total,
                    });
                }
                line.committed += op.cents;
            }
            OpKind::Pay => {
                if op.cents > line.payable() {
                    return Err(Refusal::BeyondCommitted {
                        line: op.line.clone(),
                        over: op.cents - line.payable(),
                        payable: line.payable(),
                    });
                }
                line.paid += op.cents;
            }
            OpKind::Release => {
                if op.cents > line.payable() {
                    return Err(Refusal::ReleaseBelowPaid {
                        line: op.line.clone(),
                        over: op.cents - line.payable(),
                        payable: line.payable(),
                    });
                }
                line.committed -= op.cents;
            }
        }
        Ok(())
    }

    /// True when every rule holds (a budget read from the database is checked with it).
    pub fn is_consistent(&self) -> bool {
        self.lines
            .iter()
            .all(|l| 0 <= l.paid && l.paid <= l.committed && l.committed <= l.budget)
            && self.committed() <= self.total
    }
}

/// The cost of `minutes` of a service at `unit_cost` cents an hour, rounded half up to the
/// cent, in integers.
pub fn cost_of_minutes(unit_cost: i64, minutes: i64) -> i64 {
    (unit_cost.saturating_mul(minutes) + 30) / 60
}

/// A share of a budget in whole percent, rounded down (0 for an empty budget).
pub fn used_percent(used: i64, budget: i64) -> i64 {
    if budget <= 0 {
        0
    } else {
        used.saturating_mul(100) / budget
    }
}

#[cfg(test)]
#[path = "money_tests.rs"]
mod tests;
