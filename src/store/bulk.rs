//! Bulk loading of whole cases (the demo generator): partners, then for each case its step
//! forms, plan actions, budget and ledger, referrals with their history, internship with its
//! months, follow-ups and closure, in one transaction with cached statements. The rows are
//! the ones the services write one by one; each created record gets one journal line on its
//! case's timeline.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{TransactionBehavior, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::codec::{At, Id, at_text, id as key, ts};
use super::{Store, StoreResult};

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
    /// The person consented to sharing with the network (referrals need it).
    pub shares: bool,
}

/// Cases written per transaction by [`Store::import_case_rows`].
pub const CASES_PER_COMMIT: usize = 5_000;

impl Store {
    /// The open cases no operator was assigned to yet, oldest person activity first.
    pub fn fresh_cases(&self) -> StoreResult<Vec<CaseSeed>> {
        let mut st = self.conn.prepare(
            "SELECT c.id, c.person_id, c.opened_at, p.birth_date,
                    coalesce(json_extract(p.data, '$.consent_scopes') LIKE '%network_sharing%', 0)
             FROM cases c JOIN people p ON p.id = c.person_id
             WHERE c.closed_at IS NULL AND p.deleted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM changes j
                               WHERE j.case_id = c.id AND j.field = 'operator')
             ORDER BY p.activity_seq",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, Id>(1)?,
                r.get::<_, At>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (c, p, at, birth, shares) = row?;
            out.push(CaseSeed {
                case_id: c.0,
                person_id: p.0,
                opened_at: at.0,
                birth_date: birth.and_then(|b| NaiveDate::parse_from_str(&b, "%Y-%m-%d").ok()),
                shares,
            });
        }
        Ok(out)
    }

    /// The partners there are: id and kind.
    pub fn partner_kinds(&self) -> StoreResult<Vec<(Uuid, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT id, kind FROM partners WHERE deleted_at IS NULL ORDER BY name_key")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind) = row?;
            out.push((id.0, kind));
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
                    key(p.id),
                    p.name,
                    p.name_key,
                    p.kind,
                    p.territory,
                    serde_json::to_string(&p.data)?,
                    at_text(&at)
                ])?;
            if n == 1 {
                super::bulk_write::created(&tx, "partner", p.id, &p.data, &at, by)?;
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Writes the rows of many cases, [`CASES_PER_COMMIT`] to a transaction: each case is
    /// whole or absent, and the write-ahead log stays small (one transaction over a million
    /// cases grew it to gigabytes, and every page read then searched it). Returns how many
    /// cases were written.
    pub fn import_case_rows(
        &mut self,
        cases: impl IntoIterator<Item = CaseRows>,
        by: &str,
    ) -> StoreResult<u64> {
        let n = self.in_bulk(|s| s.write_case_batches(cases, by))?;
        if n > 0 {
            self.conn.execute_batch("PRAGMA optimize")?;
        }
        Ok(n)
    }

    fn write_case_batches(
        &mut self,
        cases: impl IntoIterator<Item = CaseRows>,
        by: &str,
    ) -> StoreResult<u64> {
        let mut n = 0;
        let mut cases = cases.into_iter().peekable();
        while cases.peek().is_some() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let started = std::time::Instant::now();
            for c in cases.by_ref().take(CASES_PER_COMMIT) {
                super::bulk_write::write_case(&tx, &c, by)?;
                n += 1;
            }
            tx.commit()?;
            tracing::debug!(
                cases = n,
                ms = started.elapsed().as_millis(),
                "paths written"
            );
        }
        Ok(n)
    }
}

/// Midday UTC of a date: the time given to records the demo dates by day only.
pub fn noon(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::store::Store;
    use crate::store::codec::id as key;

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
                [key(p.id)],
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
