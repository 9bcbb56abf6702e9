//! Money moved on a demo case, kept within the endowment's rules.

use chrono::NaiveDate;
use uuid::Uuid;

use super::path::ProgrammeInfo;
use crate::store::bulk::{BudgetRow, LedgerRow};

/// Money moved on a case, kept within the rules: never more committed than a line or the
/// total allow, never more paid than committed.
pub(crate) struct Money {
    total: i64,
    pub lines: Vec<BudgetRow>,
    pub ledger: Vec<LedgerRow>,
}

impl Money {
    pub fn new(p: &ProgrammeInfo) -> Money {
        Money {
            total: p.total_cents,
            lines: p
                .lines
                .iter()
                .map(|l| BudgetRow {
                    line: l.code.clone(),
                    budget_cents: l.budget_cents,
                    committed_cents: 0,
                    paid_cents: 0,
                })
                .collect(),
            ledger: Vec::new(),
        }
    }

    fn committed(&self) -> i64 {
        self.lines.iter().map(|l| l.committed_cents).sum()
    }

    /// Commits up to `cents` (what the line and the total still allow); returns how much.
    pub fn commit(&mut self, line: &str, cents: i64, on: NaiveDate, minutes: Option<i64>) -> i64 {
        let room_total = self.total - self.committed();
        let Some(l) = self.lines.iter_mut().find(|l| l.line == line) else {
            return 0;
        };
        let c = cents
            .min(l.budget_cents - l.committed_cents)
            .min(room_total);
        if c <= 0 {
            return 0;
        }
        l.committed_cents += c;
        self.ledger.push(LedgerRow {
            line: line.into(),
            kind: "commit",
            cents: c,
            minutes: minutes.filter(|_| c == cents),
            on_date: on,
            note: String::new(),
            internship: None,
        });
        c
    }

    pub fn pay(&mut self, line: &str, cents: i64, on: NaiveDate, link: Option<(Uuid, String)>) {
        let Some(l) = self.lines.iter_mut().find(|l| l.line == line) else {
            return;
        };
        let c = cents.min(l.committed_cents - l.paid_cents);
        if c <= 0 {
            return;
        }
        l.paid_cents += c;
        self.ledger.push(LedgerRow {
            line: line.into(),
            kind: "pay",
            cents: c,
            minutes: None,
            on_date: on,
            note: String::new(),
            internship: link,
        });
    }
}
