//! Bulk loading of whole cases (the demo generator): partners, then for each case its step
//! forms, plan actions, budget and ledger, referrals with their history, internship with its
//! months, follow-ups and closure, in one transaction with cached statements. The rows are
//! the ones the services write one by one; each created record gets one journal line on its
//! case's timeline.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, TransactionBehavior, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::codec::{parse_ts, parse_uuid, ts};
use super::journal::{self, Line};
use super::{Store, StoreResult};

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn day_opt(d: Option<NaiveDate>) -> Option<String> {
    d.map(day)
}

/// A partner of the local network.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerRow {
    pub id: Uuid,
    pub name: String,
    pub name_key: String,
    pub kind: String,
    pub territory: String,
    pub data: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionRow {
    pub kind: String,
    pub title: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BudgetRow {
    pub line: String,
    pub budget_cents: i64,
    pub committed_cents: i64,
    pub paid_cents: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    pub line: String,
    /// `commit`, `release` or `pay`.
    pub kind: &'static str,
    pub cents: i64,
    pub minutes: Option<i64>,
    pub on_date: NaiveDate,
    pub note: String,
    pub internship: Option<(Uuid, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReferralRow {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub service: String,
    pub reason: String,
    pub created_on: NaiveDate,
    /// Every status the referral went through with its date and note, oldest first; the
    /// last is the current one.
    pub events: Vec<(String, NaiveDate, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InternshipRow {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub tutor: String,
    pub start_on: NaiveDate,
    pub planned_end_on: NaiveDate,
    pub weekly_hours: i64,
    pub monthly_allowance_cents: i64,
    pub status: String,
    pub status_reason: String,
    pub status_on: Option<NaiveDate>,
    pub data: Map<String, Value>,
    /// Month `YYYY-MM`, hours attended, days absent.
    pub months: Vec<(String, i64, i64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpRow {
    pub id: Uuid,
    pub due_on: NaiveDate,
    pub kind: String,
    pub done_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub note: String,
    pub previous_id: Option<Uuid>,
}

/// Everything that happened in one case after its intake.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseRows {
    pub case_id: Uuid,
    pub opened_at: DateTime<Utc>,
    pub operator: String,
    /// Step forms (`orientation`, `assessment`, `action_plan`, `closure`) with their time.
    pub forms: Vec<(String, Map<String, Value>, DateTime<Utc>)>,
    pub actions: Vec<ActionRow>,
    /// The programme the case is enrolled in, its total and its lines as copied at
    /// enrolment.
    pub programme: Option<(Uuid, i64, Vec<BudgetRow>)>,
    pub ledger: Vec<LedgerRow>,
    pub referrals: Vec<ReferralRow>,
    pub internship: Option<InternshipRow>,
    pub follow_ups: Vec<FollowUpRow>,
    /// Steps that left "todo": step code, status, when done.
    pub steps: Vec<(String, String, Option<DateTime<Utc>>)>,
    /// Closed at, outcome code, outcome date.
    pub closure: Option<(DateTime<Utc>, String, NaiveDate)>,
}

/// A case as the demo generator sees it: whose, opened when, the person's birth date.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSeed {
    pub case_id: Uuid,
    pub person_id: Uuid,
    pub opened_at: DateTime<Utc>,
    pub birth_date: Option<NaiveDate>,
}

impl Store {
    /// The open cases no operator was assigned to yet, oldest person activity first.
    pub fn fresh_cases(&self) -> StoreResult<Vec<CaseSeed>> {
        let mut st = self.conn.prepare(
            "SELECT c.id, c.person_id, c.opened_at, p.birth_date
             FROM cases c JOIN people p ON p.id = c.person_id
             WHERE c.closed_at IS NULL AND p.deleted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM changes j
                               WHERE j.case_id = c.id AND j.field = 'operator')
             ORDER BY p.activity_seq",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (c, p, at, birth) = row?;
            out.push(CaseSeed {
                case_id: parse_uuid(&c)?,
                person_id: parse_uuid(&p)?,
                opened_at: parse_ts(&at)?,
                birth_date: birth.and_then(|b| NaiveDate::parse_from_str(&b, "%Y-%m-%d").ok()),
            });
        }
        Ok(out)
    }

    /// The partners there are: id and kind.
    pub fn partner_kinds(&self) -> StoreResult<Vec<(Uuid, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT id, kind FROM partners WHERE deleted_at IS NULL ORDER BY name_key")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind) = row?;
            out.push((parse_uuid(&id)?, kind));
        }
        Ok(out)
    }

    /// Adds partners (ids already there are skipped) with a journal line each.
    pub fn import_partners(
        &mut self,
        partners: &[PartnerRow],
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let at = ts(now);
        let mut added = 0;
        for p in partners {
            let n = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO partners
                     (id, name, name_key, kind, territory, data, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                )?
                .execute(params![
                    p.id.to_string(),
                    p.name,
                    p.name_key,
                    p.kind,
                    p.territory,
                    serde_json::to_string(&p.data)?,
                    at
                ])?;
            if n == 1 {
                created(&tx, "partner", p.id, &p.data, &at, by, None)?;
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Writes the rows of many cases in one transaction. Returns how many cases were written.
    pub fn import_case_rows(
        &mut self,
        cases: impl IntoIterator<Item = CaseRows>,
        by: &str,
    ) -> StoreResult<u64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut n = 0;
        for c in cases {
            write_case(&tx, &c, by)?;
            n += 1;
        }
        tx.commit()?;
        if n > 0 {
            self.conn.execute_batch("PRAGMA optimize")?;
        }
        Ok(n)
    }
}

/// One journal line for a created record on its case's timeline.
fn created(
    conn: &Connection,
    entity: &str,
    id: Uuid,
    value: &impl serde::Serialize,
    at: &str,
    by: &str,
    case_id: Option<Uuid>,
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
            case_id,
        },
    )
}

fn write_case(conn: &Connection, c: &CaseRows, by: &str) -> StoreResult<()> {
    let case = c.case_id.to_string();
    let on_case = Some(c.case_id);
    conn.prepare_cached("UPDATE cases SET operator = ?2 WHERE id = ?1")?
        .execute(params![case, c.operator])?;
    let first = ts(c.opened_at);
    journal::write(
        conn,
        &Line {
            entity: journal::CASE,
            entity_id: c.case_id,
            field: Some("operator"),
            old_value: None,
            new_value: Some(&serde_json::to_string(&c.operator)?),
            at: &first,
            by,
            case_id: on_case,
        },
    )?;
    for (form, doc, at) in &c.forms {
        let at = ts(*at);
        conn.prepare_cached(
            "INSERT OR REPLACE INTO case_forms (case_id, form, data, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![case, form, serde_json::to_string(doc)?, at, by])?;
        created(conn, form, c.case_id, doc, &at, by, on_case)?;
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
        .execute(params![case, programme.to_string(), total])?;
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
            Some((i, m)) => (Some(i.to_string()), Some(m.clone())),
            None => (None, None),
        };
        conn.prepare_cached(
            "INSERT INTO ledger (id, case_id, line, kind, cents, minutes, on_date, note,
                                 internship_id, month, at, by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            id.to_string(),
            case,
            l.line,
            l.kind,
            l.cents,
            l.minutes,
            day(l.on_date),
            l.note,
            internship,
            month,
            at,
            by
        ])?;
        let line = serde_json::json!({ "line": l.line, "kind": l.kind, "cents": l.cents });
        created(conn, "ledger", id, &line, &at, by, on_case)?;
    }
    for r in &c.referrals {
        write_referral(conn, &case, r, by)?;
        let first = r.events.first().map_or(r.created_on, |e| e.1);
        let summary = serde_json::json!({ "partner_id": r.partner_id, "service": r.service });
        created(
            conn,
            "referral",
            r.id,
            &summary,
            &ts(noon(first)),
            by,
            on_case,
        )?;
    }
    if let Some(i) = &c.internship {
        write_internship(conn, &case, i)?;
        created(
            conn,
            "internship",
            i.id,
            &i.data,
            &ts(noon(i.start_on)),
            by,
            on_case,
        )?;
    }
    for f in &c.follow_ups {
        conn.prepare_cached(
            "INSERT INTO follow_ups
             (id, case_id, due_on, kind, done_on, outcome, note, previous_id, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            f.id.to_string(),
            case,
            day(f.due_on),
            f.kind,
            day_opt(f.done_on),
            f.outcome,
            f.note,
            f.previous_id.map(|p| p.to_string()),
            ts(noon(f.done_on.unwrap_or(f.due_on)))
        ])?;
        let summary = serde_json::json!({ "due_on": day(f.due_on), "kind": f.kind });
        created(
            conn,
            "follow_up",
            f.id,
            &summary,
            &ts(noon(f.due_on)),
            by,
            on_case,
        )?;
    }
    for (step, status, done_at) in &c.steps {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO case_steps (case_id, step, status, done_at)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![case, step, status, done_at.map(ts)])?;
    }
    if let Some((closed_at, outcome, outcome_on)) = &c.closure {
        conn.prepare_cached(
            "UPDATE cases SET closed_at = ?2, outcome = ?3, outcome_on = ?4 WHERE id = ?1",
        )?
        .execute(params![case, ts(*closed_at), outcome, day(*outcome_on)])?;
    }
    Ok(())
}

fn write_referral(conn: &Connection, case: &str, r: &ReferralRow, by: &str) -> StoreResult<()> {
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
        r.id.to_string(),
        case,
        r.partner_id.to_string(),
        r.service,
        r.reason,
        status,
        day(r.created_on),
        day_opt(on("sent")),
        day_opt(answered),
        day(*status_on),
        ts(noon(*status_on))
    ])?;
    for (seq, (status, on_date, note)) in r.events.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO referral_events (referral_id, seq, status, on_date, note, at, by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            r.id.to_string(),
            seq as i64,
            status,
            day(*on_date),
            note,
            ts(noon(*on_date)),
            by
        ])?;
    }
    Ok(())
}

fn write_internship(conn: &Connection, case: &str, i: &InternshipRow) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO internships (id, case_id, partner_id, tutor, start_on, planned_end_on,
                                  weekly_hours, monthly_allowance_cents, status, status_reason,
                                  status_on, data, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        i.id.to_string(),
        case,
        i.partner_id.to_string(),
        i.tutor,
        day(i.start_on),
        day(i.planned_end_on),
        i.weekly_hours,
        i.monthly_allowance_cents,
        i.status,
        i.status_reason,
        day_opt(i.status_on),
        serde_json::to_string(&i.data)?,
        ts(noon(i.status_on.unwrap_or(i.start_on)))
    ])?;
    for (month, hours, absent) in &i.months {
        conn.prepare_cached(
            "INSERT INTO internship_months (internship_id, month, hours, days_absent)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![i.id.to_string(), month, hours, absent])?;
    }
    Ok(())
}

/// Midday UTC of a date: the time given to records the demo dates by day only.
pub fn noon(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::store::Store;

    #[test]
    fn a_demo_desk_with_its_paths_loads_with_every_reference_whole() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut s = Store::open_memory().unwrap();
        crate::demo::run(&mut s, 600, 3, today).unwrap();
        let p = crate::demo::path::tests::puoi();
        s.conn
            .execute(
                "INSERT INTO programmes (id, code, data, updated_at, updated_by)
                 VALUES (?1, 'puoi', '{}', '2026-01-01T00:00:00Z', 'demo')",
                [p.id.to_string()],
            )
            .unwrap();
        let (partners, cases) =
            crate::demo::run_path(&mut s, 3, today, std::slice::from_ref(&p)).unwrap();
        assert_eq!(partners, 36);
        assert_eq!(cases, 600);
        // Run again: nothing new (no case is still fresh, partners are there).
        let again = crate::demo::run_path(&mut s, 3, today, &[p]).unwrap();
        assert_eq!(again.0, 0);
        let count = |sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert!(count("SELECT count(*) FROM referrals") > 50);
        assert!(count("SELECT count(*) FROM internships") > 30);
        assert!(count("SELECT count(*) FROM cases WHERE closed_at IS NOT NULL") > 20);
        let mut fk = s.conn.prepare("PRAGMA foreign_key_check").unwrap();
        assert!(fk.query([]).unwrap().next().unwrap().is_none());
        assert!(count("SELECT count(*) FROM changes WHERE case_id IS NOT NULL") > 1000);
    }
}
