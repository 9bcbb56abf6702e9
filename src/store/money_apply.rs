//! A movement of money applied inside the caller's transaction, after the programme's rules
//! (a signed PAI, the allowance month by month, a month paid once) and the budget's rules.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use uuid::Uuid;

use super::super::codec::{at_text, date, id as key, ts};
use super::super::journal::{self, Line};
use super::super::{StoreError, StoreResult};
use super::{Movement, budget_of};
use crate::domain::money::{Budget, OpKind, Refusal};
use crate::domain::programme::Programme;

/// The programme a case is enrolled in (as stored) and its budget.
pub(crate) fn enrolment(conn: &Connection, case: Uuid) -> StoreResult<Option<(Programme, Budget)>> {
    let Some((pid, budget)) = budget_of(conn, case)? else {
        return Ok(None);
    };
    let data: String = conn
        .prepare_cached("SELECT data FROM programmes WHERE id = ?1")?
        .query_row(params![key(pid)], |r| r.get(0))?;
    Ok(Some((serde_json::from_str(&data)?, budget)))
}

/// Applies a movement inside the caller's transaction after the programme's rules and the
/// budget's have accepted it: the line's figures, the ledger row and the journal line.
pub(crate) fn apply_movement(
    conn: &Connection,
    case: Uuid,
    m: &Movement<'_>,
    by: &str,
    at: DateTime<Utc>,
) -> StoreResult<Result<Budget, Refusal>> {
    let case_key = key(case);
    let Some((programme, mut budget)) = enrolment(conn, case)? else {
        return Ok(Err(Refusal::UnknownLine(m.op.line.clone())));
    };
    let spends = matches!(m.op.kind, OpKind::Commit | OpKind::Pay);
    if spends
        && programme.rules.requires_signed_pai
        && !super::super::cases::plan_signed(conn, case)?
    {
        return Ok(Err(Refusal::PaiNotSigned));
    }
    let allowance = programme
        .allowance_line()
        .is_some_and(|l| l.code == m.op.line);
    if allowance
        && m.op.kind == OpKind::Pay
        && m.link.is_none()
        && programme.rules.allowance_needs_attendance
    {
        return Ok(Err(Refusal::AllowanceByMonth {
            line: m.op.line.clone(),
        }));
    }
    if let (OpKind::Pay, Some((internship, month))) = (m.op.kind, &m.link) {
        let paid: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM ledger WHERE internship_id = ?1 AND month = ?2
                 AND kind = 'pay'",
            )?
            .query_row(params![key(*internship), month], |r| r.get(0))?;
        if paid > 0 {
            return Ok(Err(Refusal::MonthPaid {
                month: month.clone(),
            }));
        }
    }
    if let Err(r) = budget.apply(&m.op) {
        return Ok(Err(r));
    }
    let line = budget
        .line(&m.op.line)
        .ok_or_else(|| StoreError::Other("line vanished".into()))?;
    conn.prepare_cached(
        "UPDATE case_budget SET committed_cents = ?3, paid_cents = ?4
         WHERE case_id = ?1 AND line = ?2",
    )?
    .execute(params![case_key, line.code, line.committed, line.paid])?;
    let id = Uuid::now_v7();
    let at = ts(at);
    let (internship, month) = match &m.link {
        Some((i, mo)) => (Some(key(*i)), Some(mo.clone())),
        None => (None, None),
    };
    conn.prepare_cached(
        "INSERT INTO ledger (id, case_id, line, kind, cents, minutes, on_date, note,
                             internship_id, month, at, by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        key(id),
        case_key,
        m.op.line,
        m.op.kind.code(),
        m.op.cents,
        m.minutes,
        date(m.on_date),
        m.note,
        internship,
        month,
        at_text(&at),
        by
    ])?;
    let value = serde_json::json!({
        "line": m.op.line, "kind": m.op.kind.code(), "cents": m.op.cents,
        "on_date": date(m.on_date),
    });
    journal::write(
        conn,
        &Line {
            entity: "ledger",
            entity_id: id,
            field: None,
            old_value: None,
            new_value: Some(&value.to_string()),
            at: &at,
            by,
            case_id: Some(case),
        },
    )?;
    Ok(Ok(budget))
}
