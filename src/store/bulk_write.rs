//! Writing one demo case's rows (see [`super::bulk`]): each table as its service writes it,
//! with a journal line per created record on the case's timeline.

use rusqlite::{Connection, params};
use uuid::Uuid;

use super::StoreResult;
use super::bulk::{CaseRows, InternshipRow, ReferralRow, noon};
use super::codec::{At, Id, at_text, id as key, ts};
use super::journal::{self, Line, Run};

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn day_opt(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(day)
}

/// One journal line for a created record outside any case (a partner).
pub(super) fn created(
    conn: &Connection,
    entity: &str,
    id: Uuid,
    value: &impl serde::Serialize,
    at: &str,
    by: &str,
) -> StoreResult<()> {
    journal::write(
        conn,
        &Line {
            entity,
            entity_id: id,
            field: None,
            old_value: None,
            new_value: Some(&serde_json::to_string(value)?),
            at,
            by,
            case_id: None,
        },
    )
}

/// The journal lines of one case, on its timeline, under one audit entry.
struct CaseLines<'a> {
    conn: &'a Connection,
    run: Run,
    by: &'a str,
    case_id: Uuid,
}

impl CaseLines<'_> {
    fn line(
        &mut self,
        entity: &str,
        id: Uuid,
        field: Option<&str>,
        value: &impl serde::Serialize,
        at: &str,
    ) -> StoreResult<()> {
        self.run.write(
            self.conn,
            &Line {
                entity,
                entity_id: id,
                field,
                old_value: None,
                new_value: Some(&serde_json::to_string(value)?),
                at,
                by: self.by,
                case_id: Some(self.case_id),
            },
        )
    }

    /// A created record's line.
    fn created(
        &mut self,
        entity: &str,
        id: Uuid,
        value: &impl serde::Serialize,
        at: &str,
    ) -> StoreResult<()> {
        self.line(entity, id, None, value, at)
    }
}

pub(super) fn write_case(conn: &Connection, c: &CaseRows, by: &str) -> StoreResult<()> {
    let case = key(c.case_id);
    let mut lines = CaseLines {
        conn,
        run: Run::default(),
        by,
        case_id: c.case_id,
    };
    conn.prepare_cached("UPDATE cases SET operator = ?2 WHERE id = ?1")?
        .execute(params![case, c.operator])?;
    let first = ts(c.opened_at);
    lines.line(
        journal::CASE,
        c.case_id,
        Some("operator"),
        &c.operator,
        &first,
    )?;
    for (form, doc, at) in &c.forms {
        let at = ts(*at);
        conn.prepare_cached(
            "INSERT OR REPLACE INTO case_forms (case_id, form, data, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            case,
            form,
            super::compact::pack(&serde_json::to_string(doc)?),
            at_text(&at),
            by
        ])?;
        lines.created(form, c.case_id, doc, &at)?;
    }
    for (i, a) in c.actions.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO plan_actions (case_id, position, kind, title, owner, due_on, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            case,
            i as i64,
            a.kind,
            a.title,
            a.owner,
            day_opt(a.due_on),
            a.status
        ])?;
    }
    if let Some((programme, total, lines)) = &c.programme {
        conn.prepare_cached(
            "UPDATE cases SET programme_id = ?2, budget_total_cents = ?3 WHERE id = ?1",
        )?
        .execute(params![case, key(*programme), total])?;
        for (i, l) in lines.iter().enumerate() {
            conn.prepare_cached(
                "INSERT INTO case_budget
                 (case_id, line, position, budget_cents, committed_cents, paid_cents)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                case,
                l.line,
                i as i64,
                l.budget_cents,
                l.committed_cents,
                l.paid_cents
            ])?;
        }
    }
    for l in &c.ledger {
        let id = Uuid::now_v7();
        let at = ts(noon(l.on_date));
        let (internship, month) = match &l.internship {
            Some((i, m)) => (Some(key(*i)), Some(m.clone())),
            None => (None, None),
        };
        conn.prepare_cached(
            "INSERT INTO ledger (id, case_id, line, kind, cents, minutes, on_date, note,
                                 internship_id, month, at, by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            key(id),
            case,
            l.line,
            l.kind,
            l.cents,
            l.minutes,
            day(l.on_date),
            l.note,
            internship,
            month,
            at_text(&at),
            by
        ])?;
        let line = serde_json::json!({ "line": l.line, "kind": l.kind, "cents": l.cents });
        lines.created("ledger", id, &line, &at)?;
    }
    for r in &c.referrals {
        write_referral(conn, &case, r, by)?;
        let first = r.events.first().map_or(r.created_on, |e| e.1);
        let summary = serde_json::json!({ "partner_id": r.partner_id, "service": r.service });
        lines.created("referral", r.id, &summary, &ts(noon(first)))?;
    }
    if let Some(i) = &c.internship {
        write_internship(conn, &case, i)?;
        lines.created("internship", i.id, &i.data, &ts(noon(i.start_on)))?;
    }
    for f in &c.follow_ups {
        conn.prepare_cached(
            "INSERT INTO follow_ups
             (id, case_id, due_on, kind, done_on, outcome, note, previous_id, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            key(f.id),
            case,
            day(f.due_on),
            f.kind,
            day_opt(f.done_on),
            f.outcome,
            f.note,
            f.previous_id.map(key),
            At(noon(f.done_on.unwrap_or(f.due_on)))
        ])?;
        let summary = serde_json::json!({ "due_on": day(f.due_on), "kind": f.kind });
        // Scheduled before it was due; a pending one was scheduled by now, never later.
        let scheduled = noon(f.due_on - chrono::Duration::days(14)).min(chrono::Utc::now());
        lines.created("follow_up", f.id, &summary, &ts(scheduled))?;
    }
    for (step, status, done_at) in &c.steps {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO case_steps (case_id, step, status, done_at)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![case, step, status, done_at.map(At)])?;
    }
    if let Some((closed_at, outcome, outcome_on)) = &c.closure {
        conn.prepare_cached(
            "UPDATE cases SET closed_at = ?2, outcome = ?3, outcome_on = ?4 WHERE id = ?1",
        )?
        .execute(params![case, At(*closed_at), outcome, day(*outcome_on)])?;
    }
    lines.run.seal(conn)
}

fn write_referral(conn: &Connection, case: &Id, r: &ReferralRow, by: &str) -> StoreResult<()> {
    let Some((status, status_on, _)) = r.events.last() else {
        return Ok(());
    };
    let on = |s: &str| r.events.iter().find(|e| e.0 == s).map(|e| e.1);
    let answered = r
        .events
        .iter()
        .find(|e| e.0 == "accepted" || e.0 == "declined")
        .map(|e| e.1);
    conn.prepare_cached(
        "INSERT INTO referrals (id, case_id, partner_id, service, reason, status, created_on,
                                sent_on, answered_on, status_on, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        key(r.id),
        case,
        key(r.partner_id),
        r.service,
        r.reason,
        status,
        day(r.created_on),
        day_opt(on("sent")),
        day_opt(answered),
        day(*status_on),
        At(noon(*status_on))
    ])?;
    for (seq, (status, on_date, note)) in r.events.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO referral_events (referral_id, seq, status, on_date, note, at, by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            key(r.id),
            seq as i64,
            status,
            day(*on_date),
            note,
            At(noon(*on_date)),
            by
        ])?;
    }
    Ok(())
}

fn write_internship(conn: &Connection, case: &Id, i: &InternshipRow) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO internships (id, case_id, partner_id, tutor, start_on, planned_end_on,
                                  weekly_hours, monthly_allowance_cents, status, status_reason,
                                  status_on, data, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        key(i.id),
        case,
        key(i.partner_id),
        i.tutor,
        day(i.start_on),
        day(i.planned_end_on),
        i.weekly_hours,
        i.monthly_allowance_cents,
        i.status,
        i.status_reason,
        day_opt(i.status_on),
        serde_json::to_string(&i.data)?,
        At(noon(i.status_on.unwrap_or(i.start_on)))
    ])?;
    for (month, hours, absent) in &i.months {
        conn.prepare_cached(
            "INSERT INTO internship_months (internship_id, month, hours, days_absent)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![key(i.id), month, hours, absent])?;
    }
    Ok(())
}
