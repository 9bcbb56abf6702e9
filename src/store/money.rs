//! Programmes, a case's budget lines and its ledger. Every commitment, release or payment
//! is one ledger row, the line's running figures in `case_budget` and one journal line, in
//! one transaction, after [`Budget::apply`] has accepted it.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use uuid::Uuid;

use super::codec::{At, Id, at_text, id as key, parse_date_opt, ts};
use super::journal::{self, Line};
use super::{Store, StoreError, StoreResult};
use crate::domain::money::{Budget, Line as BudgetLine, Op, OpKind, Refusal};
use crate::domain::programme::Programme;

/// A programme as stored, with its id.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredProgramme {
    pub id: Uuid,
    pub programme: Programme,
}

/// One row of a case's ledger.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LedgerEntry {
    pub id: Uuid,
    pub line: String,
    pub kind: OpKind,
    pub cents: i64,
    pub minutes: Option<i64>,
    pub on_date: NaiveDate,
    pub note: String,
    pub internship_id: Option<Uuid>,
    pub month: Option<String>,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// What a money operation records beside its amount.
#[derive(Debug, Clone, PartialEq)]
pub struct Movement<'a> {
    pub op: Op,
    pub minutes: Option<i64>,
    pub on_date: NaiveDate,
    pub note: &'a str,
    /// An allowance payment's internship and month (`YYYY-MM`).
    pub link: Option<(Uuid, String)>,
}

/// Why enrolment was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum EnrolRefusal {
    /// Money has already moved on the case's current programme.
    MoneyMoved,
    UnknownProgramme,
    /// The programme asks a signed PAI first.
    PaiNotSigned,
}

#[path = "money_apply.rs"]
mod apply;

pub(crate) use apply::{apply_movement, enrolment};

fn read_programme(id: Uuid, data: &str) -> StoreResult<StoredProgramme> {
    Ok(StoredProgramme {
        id,
        programme: serde_json::from_str(data)?,
    })
}

pub(super) fn budget_of(conn: &Connection, case: Uuid) -> StoreResult<Option<(Uuid, Budget)>> {
    let case = key(case);
    type Head = (Option<Id>, Option<String>, Option<i64>);
    let head: Option<Head> = conn
        .prepare_cached(
            "SELECT c.programme_id, p.data, c.budget_total_cents FROM cases c
             LEFT JOIN programmes p ON p.id = c.programme_id WHERE c.id = ?1",
        )?
        .query_row(params![case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((Some(pid), Some(data), total)) = head else {
        return Ok(None);
    };
    // The total copied at enrolment; the programme's own for cases enrolled before it was.
    let total = match total {
        Some(t) => t,
        None => serde_json::from_str::<Programme>(&data)?.total_cents,
    };
    let lines = conn
        .prepare_cached(
            "SELECT line, budget_cents, committed_cents, paid_cents FROM case_budget
             WHERE case_id = ?1 ORDER BY position",
        )?
        .query_map(params![case], |r| {
            Ok(BudgetLine {
                code: r.get(0)?,
                budget: r.get(1)?,
                committed: r.get(2)?,
                paid: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some((pid.0, Budget { total, lines })))
}

impl Store {
    /// Adds the programmes whose code is not there yet; returns how many.
    pub fn ensure_programmes(&mut self, shipped: &[Programme], by: &str) -> StoreResult<u64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let at = ts(Utc::now());
        let mut added = 0;
        for p in shipped {
            let id = Uuid::now_v7();
            let data = serde_json::to_string(p)?;
            let n = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO programmes (id, code, data, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![key(id), p.code, data, at_text(&at), by])?;
            if n == 1 {
                journal::write(
                    &tx,
                    &Line {
                        entity: "programme",
                        entity_id: id,
                        field: None,
                        old_value: None,
                        new_value: Some(&data),
                        at: &at,
                        by,
                        case_id: None,
                    },
                )?;
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Every programme, by code.
    pub fn programmes(&self) -> StoreResult<Vec<StoredProgramme>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, data FROM programmes ORDER BY code")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|r| {
            let (id, data) = r?;
            read_programme(id.0, &data)
        })
        .collect()
    }

    /// Replaces a programme's figures (a coordinator's edit); enrolled cases keep the lines
    /// they copied. Journaled as the whole programme before and after.
    pub fn save_programme(&mut self, id: Uuid, p: &Programme, by: &str) -> StoreResult<bool> {
        Ok(matches!(
            self.save_programme_checked(id, p, by, Utc::now(), None)?,
            Ok(true)
        ))
    }

    /// As [`Store::save_programme`], refused (the newer save's time and author returned,
    /// nothing written) when the programme was saved by someone else after `opened`.
    pub fn save_programme_checked(
        &mut self,
        id: Uuid,
        p: &Programme,
        by: &str,
        at: DateTime<Utc>,
        opened: Option<DateTime<Utc>>,
    ) -> StoreResult<Result<bool, (DateTime<Utc>, String)>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(newer) = super::stale::saved_after(&tx, "programmes", "programme", id, opened)?
        {
            return Ok(Err(newer));
        }
        let old: Option<String> = tx
            .prepare_cached("SELECT data FROM programmes WHERE id = ?1")?
            .query_row(params![key(id)], |r| r.get(0))
            .optional()?;
        let Some(old) = old else {
            return Ok(Ok(false));
        };
        let data = serde_json::to_string(p)?;
        let at = ts(at);
        tx.prepare_cached(
            "UPDATE programmes SET code = ?2, data = ?3, updated_at = ?4, updated_by = ?5
             WHERE id = ?1",
        )?
        .execute(params![key(id), p.code, data, at_text(&at), by])?;
        journal::write(
            &tx,
            &Line {
                entity: "programme",
                entity_id: id,
                field: Some("data"),
                old_value: Some(&old),
                new_value: Some(&data),
                at: &at,
                by,
                case_id: None,
            },
        )?;
        tx.commit()?;
        Ok(Ok(true))
    }

    /// The programme a case is enrolled in and its budget; `None` when not enrolled.
    pub fn budget(&self, case: Uuid) -> StoreResult<Option<(StoredProgramme, Budget)>> {
        let Some((pid, budget)) = budget_of(&self.conn, case)? else {
            return Ok(None);
        };
        let data: String = self
            .conn
            .prepare_cached("SELECT data FROM programmes WHERE id = ?1")?
            .query_row(params![key(pid)], |r| r.get(0))?;
        Ok(Some((read_programme(pid, &data)?, budget)))
    }

    /// Enrols a case in a programme, copying its lines. Refused once money has moved.
    pub fn enrol(
        &mut self,
        case: Uuid,
        programme: Uuid,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Result<(), EnrolRefusal>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let case_key = key(case);
        let moved: i64 = tx
            .prepare_cached("SELECT count(*) FROM ledger WHERE case_id = ?1")?
            .query_row(params![case_key], |r| r.get(0))?;
        if moved > 0 {
            return Ok(Err(EnrolRefusal::MoneyMoved));
        }
        let data: Option<String> = tx
            .prepare_cached("SELECT data FROM programmes WHERE id = ?1")?
            .query_row(params![key(programme)], |r| r.get(0))
            .optional()?;
        let Some(data) = data else {
            return Ok(Err(EnrolRefusal::UnknownProgramme));
        };
        let p: Programme = serde_json::from_str(&data)?;
        if p.rules.requires_signed_pai && !super::cases::plan_signed(&tx, case)? {
            return Ok(Err(EnrolRefusal::PaiNotSigned));
        }
        tx.prepare_cached("DELETE FROM case_budget WHERE case_id = ?1")?
            .execute(params![case_key])?;
        for (i, l) in p.lines.iter().enumerate() {
            tx.prepare_cached(
                "INSERT INTO case_budget (case_id, line, position, budget_cents) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![case_key, l.code, i as i64, l.budget_cents])?;
        }
        tx.prepare_cached(
            "UPDATE cases SET programme_id = ?2, budget_total_cents = ?3 WHERE id = ?1",
        )?
        .execute(params![case_key, key(programme), p.total_cents])?;
        let at = ts(at);
        journal::write(
            &tx,
            &Line {
                entity: journal::CASE,
                entity_id: case,
                field: Some("programme"),
                old_value: None,
                new_value: Some(&serde_json::to_string(&p.code)?),
                at: &at,
                by,
                case_id: Some(case),
            },
        )?;
        tx.commit()?;
        Ok(Ok(()))
    }

    /// Records a commitment, release or payment if the rules allow it; otherwise nothing
    /// is written and the refusal says why.
    pub fn move_money(
        &mut self,
        case: Uuid,
        m: &Movement<'_>,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Result<Budget, Refusal>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let answer = apply_movement(&tx, case, m, by, at)?;
        if answer.is_ok() {
            tx.commit()?;
        }
        Ok(answer)
    }

    /// The newest `limit` ledger rows of a case, newest first.
    pub fn ledger(&self, case: Uuid, limit: usize) -> StoreResult<Vec<LedgerEntry>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, line, kind, cents, minutes, on_date, note, internship_id, month, at, by
             FROM ledger WHERE case_id = ?1 ORDER BY on_date DESC, at DESC LIMIT ?2",
        )?;
        let rows = st.query_map(params![key(case), limit as i64], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<Id>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, At>(9)?,
                r.get::<_, String>(10)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, line, kind, cents, minutes, on, note, internship, month, at, by) = row?;
            out.push(LedgerEntry {
                id: id.0,
                line,
                kind: OpKind::from_code(&kind)
                    .ok_or_else(|| StoreError::Other(format!("bad ledger kind {kind}")))?,
                cents,
                minutes,
                on_date: parse_date_opt(on)?.unwrap_or_default(),
                note,
                internship_id: internship.map(|i| i.0),
                month,
                at: at.0,
                by,
            });
        }
        Ok(out)
    }
}
