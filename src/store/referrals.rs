//! Referrals of a case to partners, with the history of their states. Every change is one
//! transaction: the referral's row, an event, a journal line on the case's timeline.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use uuid::Uuid;

use super::cases::{CaseRefusal, case_open};
use super::codec::{Id, at_text, date, id as key, parse_date_opt, ts};
use super::journal::{self, Line};
use super::{Store, StoreError, StoreResult};
use crate::domain::referral::{Refusal, Status, check_move};

/// A referral as the case's screen lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Referral {
    pub id: Uuid,
    pub case_id: Uuid,
    pub partner_id: Uuid,
    pub partner: String,
    pub service: String,
    pub reason: String,
    pub status: Status,
    pub created_on: NaiveDate,
    pub sent_on: Option<NaiveDate>,
    pub answered_on: Option<NaiveDate>,
    pub status_on: NaiveDate,
}

/// One change of state, with its date and note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralEvent {
    pub status: Status,
    pub on: NaiveDate,
    pub note: String,
    pub by: String,
}

/// Why a referral was not created or changed.
#[derive(Debug, Clone, PartialEq)]
pub enum ReferralRefusal {
    Case(CaseRefusal),
    Move(Refusal),
    NotFound,
}

fn status_of(s: &str) -> StoreResult<Status> {
    Status::from_code(s).ok_or_else(|| StoreError::Other(format!("bad referral status {s}")))
}

#[allow(clippy::too_many_arguments)]
fn event(
    conn: &Connection,
    id: Uuid,
    seq: i64,
    status: Status,
    on: NaiveDate,
    note: &str,
    at: &str,
    by: &str,
) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO referral_events (referral_id, seq, status, on_date, note, at, by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        key(id),
        seq,
        status.code(),
        date(on),
        note,
        at_text(at),
        by
    ])?;
    Ok(())
}

impl Store {
    /// The consent scopes of the person a case belongs to (intake's `consent_scopes`).
    pub fn consent_scopes_of_case(&self, case: Uuid) -> StoreResult<Vec<String>> {
        let raw: Option<Option<String>> = self
            .conn
            .prepare_cached(
                "SELECT json_extract(p.data, '$.consent_scopes') FROM cases c
                 JOIN people p ON p.id = c.person_id WHERE c.id = ?1",
            )?
            .query_row(params![key(case)], |r| r.get(0))
            .optional()?;
        Ok(raw
            .flatten()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    /// Drafts a referral of an open case to a partner.
    #[allow(clippy::too_many_arguments)]
    pub fn create_referral(
        &mut self,
        case: Uuid,
        partner: Uuid,
        service: &str,
        reason: &str,
        on: NaiveDate,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<Uuid, ReferralRefusal>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Err(r) = case_open(&tx, case)? {
            return Ok(Err(ReferralRefusal::Case(r)));
        }
        let id = Uuid::now_v7();
        let at = ts(now);
        tx.prepare_cached(
            "INSERT INTO referrals (id, case_id, partner_id, service, reason, status, created_on,
                                    status_on, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'drafted', ?6, ?6, ?7)",
        )?
        .execute(params![
            key(id),
            key(case),
            key(partner),
            service,
            reason,
            date(on),
            at_text(&at)
        ])?;
        event(&tx, id, 0, Status::Drafted, on, "", &at, by)?;
        let value = serde_json::json!({ "partner_id": partner, "service": service });
        journal::write(
            &tx,
            &Line {
                entity: "referral",
                entity_id: id,
                field: None,
                old_value: None,
                new_value: Some(&value.to_string()),
                at: &at,
                by,
                case_id: Some(case),
            },
        )?;
        tx.commit()?;
        Ok(Ok(id))
    }

    /// Moves a referral to `to` on `on` with a note, if its lifecycle and dates allow it.
    #[allow(clippy::too_many_arguments)]
    pub fn move_referral(
        &mut self,
        id: Uuid,
        to: Status,
        on: NaiveDate,
        note: &str,
        today: NaiveDate,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<(), ReferralRefusal>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let answer = move_referral_in(&tx, id, to, on, note, today, by, now)?;
        if answer.is_ok() {
            tx.commit()?;
        }
        Ok(answer)
    }

    /// The case a referral belongs to.
    pub fn referral_case(&self, id: Uuid) -> StoreResult<Option<Uuid>> {
        let case: Option<Id> = self
            .conn
            .prepare_cached("SELECT case_id FROM referrals WHERE id = ?1")?
            .query_row(params![key(id)], |r| r.get(0))
            .optional()?;
        Ok(case.map(|c| c.0))
    }

    /// The referrals of a case, newest first, with their partner's name.
    pub fn referrals_for(&self, case: Uuid) -> StoreResult<Vec<Referral>> {
        let mut st = self.conn.prepare_cached(
            "SELECT r.id, r.case_id, r.partner_id, p.name, r.service, r.reason, r.status,
                    r.created_on, r.sent_on, r.answered_on, r.status_on
             FROM referrals r JOIN partners p ON p.id = r.partner_id
             WHERE r.case_id = ?1 ORDER BY r.created_on DESC, r.id DESC",
        )?;
        type Raw = (
            Id,
            Id,
            Id,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows = st.query_map(params![key(case)], |r| {
            Ok::<Raw, _>((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (id, case, partner_id, partner, service, reason, status, created, sent, ans, on) =
                r?;
            let created_on = parse_date_opt(created)?.unwrap_or_default();
            out.push(Referral {
                id: id.0,
                case_id: case.0,
                partner_id: partner_id.0,
                partner,
                service,
                reason,
                status: status_of(&status)?,
                created_on,
                sent_on: parse_date_opt(sent)?,
                answered_on: parse_date_opt(ans)?,
                status_on: parse_date_opt(on)?.unwrap_or(created_on),
            });
        }
        Ok(out)
    }

    /// The states a referral went through, oldest first.
    pub fn referral_events(&self, id: Uuid) -> StoreResult<Vec<ReferralEvent>> {
        let mut st = self.conn.prepare_cached(
            "SELECT status, on_date, note, by FROM referral_events
             WHERE referral_id = ?1 ORDER BY seq",
        )?;
        let rows = st.query_map(params![key(id)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (status, on, note, by) = r?;
            out.push(ReferralEvent {
                status: status_of(&status)?,
                on: parse_date_opt(on)?.unwrap_or_default(),
                note,
                by,
            });
        }
        Ok(out)
    }
}

/// The change of state inside the caller's transaction (closing a case settles its open
/// work with it).
#[allow(clippy::too_many_arguments)]
pub(crate) fn move_referral_in(
    conn: &Connection,
    id: Uuid,
    to: Status,
    on: NaiveDate,
    note: &str,
    today: NaiveDate,
    by: &str,
    now: DateTime<Utc>,
) -> StoreResult<Result<(), ReferralRefusal>> {
    let head: Option<(Id, String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT case_id, status, status_on, answered_on FROM referrals WHERE id = ?1",
        )?
        .query_row(params![key(id)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((case, from, last, answered)) = head else {
        return Ok(Err(ReferralRefusal::NotFound));
    };
    let case = case.0;
    if let Err(r) = case_open(conn, case)? {
        return Ok(Err(ReferralRefusal::Case(r)));
    }
    let from = status_of(&from)?;
    let last = parse_date_opt(Some(last))?.unwrap_or(on);
    if let Err(r) = check_move(from, to, last, on, today) {
        return Ok(Err(ReferralRefusal::Move(r)));
    }
    let at = ts(now);
    let answered = match answered {
        Some(a) => Some(a),
        None if to.is_answer() => Some(date(on)),
        None => None,
    };
    conn.prepare_cached(
        "UPDATE referrals SET status = ?2, status_on = ?3, answered_on = ?4, updated_at = ?5,
           sent_on = CASE WHEN ?2 = 'sent' THEN ?3 ELSE sent_on END
         WHERE id = ?1",
    )?
    .execute(params![
        key(id),
        to.code(),
        date(on),
        answered,
        at_text(&at)
    ])?;
    let seq: i64 = conn
        .prepare_cached("SELECT count(*) FROM referral_events WHERE referral_id = ?1")?
        .query_row(params![key(id)], |r| r.get(0))?;
    event(conn, id, seq, to, on, note, &at, by)?;
    journal::write(
        conn,
        &Line {
            entity: "referral",
            entity_id: id,
            field: Some("status"),
            old_value: Some(&serde_json::to_string(from.code())?),
            new_value: Some(&serde_json::to_string(to.code())?),
            at: &at,
            by,
            case_id: Some(case),
        },
    )?;
    Ok(Ok(()))
}
