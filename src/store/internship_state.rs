//! An internship's change of state inside the caller's transaction, with the programme's
//! rules on becoming active (on or after the start, after the preliminary hours).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};
use uuid::Uuid;

use super::super::codec::{at_text, date, id as key, ts};
use super::{Answer, InternshipRefusal, line, open_internship, pay};
use crate::domain::internship::rules::check_activation;
use crate::domain::internship::{Status, check_move};

/// The change of state inside the caller's transaction (closing a case settles its open
/// work with it).
#[allow(clippy::too_many_arguments)]
pub(crate) fn move_internship_in(
    conn: &Connection,
    id: Uuid,
    to: Status,
    on: NaiveDate,
    reason: &str,
    today: NaiveDate,
    by: &str,
    now: DateTime<Utc>,
) -> Answer<()> {
    let i = match open_internship(conn, id)? {
        Ok(i) => i,
        Err(r) => return Ok(Err(r)),
    };
    if let Err(r) = check_move(i.status, to, reason, on, today) {
        return Ok(Err(InternshipRefusal::Move(r)));
    }
    if to == Status::Active {
        let needed = pay::rules_of(conn, i.case_id)?.map_or(0, |r| r.preliminary_hours);
        let done = pay::preliminary_minutes(conn, i.case_id)?;
        if let Err(r) = check_activation(i.start_on, on, done, needed) {
            return Ok(Err(InternshipRefusal::Move(r)));
        }
    }
    let at = ts(now);
    conn.prepare_cached(
        "UPDATE internships SET status = ?2, status_reason = ?3, status_on = ?4,
           updated_at = ?5 WHERE id = ?1",
    )?
    .execute(params![
        key(id),
        to.code(),
        reason.trim(),
        date(on),
        at_text(&at)
    ])?;
    let value = serde_json::json!({ "status": to.code(), "on": date(on), "reason": reason });
    line(
        conn,
        id,
        i.case_id,
        Some("status"),
        &value.to_string(),
        &at,
        by,
    )?;
    Ok(Ok(()))
}
