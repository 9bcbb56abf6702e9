//! Erasure (GDPR art. 17), which must leave the anonymous counts of `funder` unchanged.
//! The person's row stays, hidden, with only coded values (sex, country, status,
//! year of birth); names, identifiers, contacts, free text and documents go from every
//! table, the search index, the drafts and the journal's values, and `secure_delete` then
//! `VACUUM` leave no trace of them in free pages. The audit trail holds ids and field names
//! only and is not touched: its chain stays whole.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::codec::{Id, at_text, id as key, ts};
use super::journal::{self, Line};
use super::{Store, StoreError, StoreResult, search_index};

mod rewrite;

/// Turns a form's document into what may stay after erasure (coded values only).
pub type Scrub<'a> = &'a dyn Fn(&str, &Map<String, Value>) -> Map<String, Value>;

/// What an erasure cleared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ErasureReport {
    pub cases: u64,
    pub forms: u64,
    pub journal_lines: u64,
    pub drafts: u64,
    pub texts: u64,
    /// The write-ahead log was emptied; false when another program was reading the file
    /// (its old pages go at the next checkpoint, which every later write attempts).
    pub wal_emptied: bool,
}

/// The person's records: cases, and the records of those cases.
const CASES: &str = "SELECT id FROM cases WHERE person_id = ?1";

impl Store {
    /// Whether the person has an open case (erasure waits for it to be closed).
    pub fn has_open_case(&self, person: Uuid) -> StoreResult<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM cases WHERE person_id = ?1 AND closed_at IS NULL)",
            [key(person)],
            |r| r.get(0),
        )?)
    }

    /// Erases the person `id` (see the module's notes). `scrub` keeps a form's coded values;
    /// `birth_year` is what stays of the date of birth.
    pub fn erase_person(
        &mut self,
        id: Uuid,
        scrub: Scrub<'_>,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<ErasureReport>> {
        Ok(self.erase_people(&[id], scrub, by, now)?.pop().flatten())
    }

    /// Erases each of `ids` (one transaction each), then rewrites the file once. `None`
    /// for an id with nobody (left) to erase.
    pub fn erase_people(
        &mut self,
        ids: &[Uuid],
        scrub: Scrub<'_>,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<Option<ErasureReport>>> {
        self.conn.execute_batch("PRAGMA secure_delete = ON;")?;
        let mut out = Vec::with_capacity(ids.len());
        let mut failed = None;
        for id in ids {
            match self.erase_in_transaction(*id, scrub, by, now) {
                Ok(r) => out.push(r),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let _ = self.conn.execute_batch("PRAGMA secure_delete = OFF;");
        if out.iter().any(Option::is_some) {
            // Free pages rewritten, then the WAL emptied: the old values are nowhere in the
            // file (even when a later erasure failed).
            self.conn.execute_batch(
                "INSERT INTO people_fts (people_fts) VALUES ('optimize');
                 INSERT INTO people_keys (people_keys) VALUES ('optimize');",
            )?;
            self.rewrite()?;
            let busy: i64 = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
            for r in out.iter_mut().flatten() {
                r.wal_emptied = busy == 0;
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    fn erase_in_transaction(
        &mut self,
        id: Uuid,
        scrub: Scrub<'_>,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<ErasureReport>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let pid = key(id);
        let row: Option<(i64, String, Option<String>)> = tx
            .query_row(
                "SELECT activity_seq, data, birth_date FROM people
                 WHERE id = ?1 AND erased_at IS NULL",
                [&pid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((seq, data, birth)) = row else {
            return Ok(None);
        };
        let open: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM cases WHERE person_id = ?1 AND closed_at IS NULL)",
            [&pid],
            |r| r.get(0),
        )?;
        if open {
            return Err(StoreError::Other("the person has an open case".into()));
        }
        // A merge's undo keeps the survivor's document as it was: it goes with the person.
        tx.execute(
            "DELETE FROM person_merges WHERE survivor = ?1 OR merged = ?1",
            [&pid],
        )?;
        let mut report = ErasureReport::default();
        let doc: Map<String, Value> = serde_json::from_str(&data)?;
        let mut kept = scrub("intake", &doc);
        if let Some(year) = birth.as_deref().and_then(|b| b.get(..4)) {
            kept.insert("birth_year".into(), Value::String(year.into()));
        }
        let at = ts(now);
        tx.execute(
            "UPDATE people SET display_name = '', birth_date = NULL, tax_code = NULL,
                permit_number = NULL, data = ?2, erased_at = ?3,
                permit_expiry = substr(permit_expiry, 1, 8) || '01',
                deleted_at = COALESCE(deleted_at, ?3), updated_at = ?3
             WHERE id = ?1",
            params![pid, serde_json::to_string(&kept)?, at_text(&at)],
        )?;
        for t in ["person_names", "person_phones", "person_tax_codes"] {
            report.texts +=
                tx.execute(&format!("DELETE FROM {t} WHERE person_id = ?1"), [&pid])? as u64;
        }
        search_index::delete(&tx, seq)?;
        report.cases = tx.query_row(
            "SELECT count(*) FROM cases WHERE person_id = ?1",
            [&pid],
            |r| r.get::<_, i64>(0),
        )? as u64;
        report.forms = scrub_documents(&tx, &pid, scrub)?;
        report.texts += clear_texts(&tx, &pid)?;
        report.drafts = tx.execute(
            &format!(
                "DELETE FROM drafts WHERE subject_id = ?1 OR subject_id IN ({CASES})
                 OR subject_id IN (SELECT id FROM referrals WHERE case_id IN ({CASES}))
                 OR subject_id IN (SELECT id FROM internships WHERE case_id IN ({CASES}))
                 OR subject_id IN (SELECT id FROM follow_ups WHERE case_id IN ({CASES}))
                 OR instr(data, ?2) > 0"
            ),
            params![pid, id.to_string()],
        )? as u64;
        report.journal_lines = tx.execute(
            &format!(
                "UPDATE changes SET old_value = NULL, new_value = NULL
                 WHERE (entity_id = ?1
                        OR case_id IN ({CASES}) OR entity_id IN ({CASES}))
                   AND (old_value IS NOT NULL OR new_value IS NOT NULL)"
            ),
            [&pid],
        )? as u64;
        journal::write(
            &tx,
            &Line {
                entity: journal::PERSON,
                entity_id: id,
                field: Some("erased"),
                old_value: None,
                new_value: None,
                at: &at,
                by,
                case_id: None,
            },
        )?;
        tx.commit()?;
        Ok(Some(report))
    }
}

/// Each stored document of the person's cases keeps only what `scrub` keeps.
fn scrub_documents(tx: &Transaction<'_>, pid: &Id, scrub: Scrub<'_>) -> StoreResult<u64> {
    let mut n = 0;
    let forms: Vec<(Id, String, StoreResult<Option<String>>)> = tx
        .prepare(&format!(
            "SELECT case_id, form, data FROM case_forms WHERE case_id IN ({CASES})"
        ))?
        .query_map([pid], |r| {
            Ok((r.get(0)?, r.get(1)?, super::compact::unpack(r.get_ref(2)?)))
        })?
        .collect::<Result<_, _>>()?;
    for (case, form, data) in forms {
        let kept = scrub(&form, &serde_json::from_str(&data?.unwrap_or_default())?);
        tx.execute(
            "UPDATE case_forms SET data = ?3 WHERE case_id = ?1 AND form = ?2",
            params![
                case,
                form,
                super::compact::pack(&serde_json::to_string(&kept)?)
            ],
        )?;
        n += 1;
    }
    let internships: Vec<(Id, String)> = tx
        .prepare(&format!(
            "SELECT id, data FROM internships WHERE case_id IN ({CASES})"
        ))?
        .query_map([pid], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, data) in internships {
        let kept = scrub("internship", &serde_json::from_str(&data)?);
        tx.execute(
            "UPDATE internships SET data = ?2 WHERE id = ?1",
            params![id, serde_json::to_string(&kept)?],
        )?;
        n += 1;
    }
    Ok(n)
}

/// Free text in the columns of the person's case records.
fn clear_texts(tx: &Transaction<'_>, pid: &Id) -> StoreResult<u64> {
    let updates = [
        format!("UPDATE plan_actions SET title = '', owner = '' WHERE case_id IN ({CASES})"),
        format!("UPDATE ledger SET note = '' WHERE case_id IN ({CASES})"),
        format!("UPDATE referrals SET service = '', reason = '' WHERE case_id IN ({CASES})"),
        format!(
            "UPDATE referral_events SET note = '' WHERE referral_id IN
             (SELECT id FROM referrals WHERE case_id IN ({CASES}))"
        ),
        format!("UPDATE internships SET tutor = '', status_reason = '' WHERE case_id IN ({CASES})"),
        format!(
            "UPDATE internship_months SET note = '' WHERE internship_id IN
             (SELECT id FROM internships WHERE case_id IN ({CASES}))"
        ),
        format!("UPDATE follow_ups SET note = '' WHERE case_id IN ({CASES})"),
    ];
    let mut n = 0;
    for sql in &updates {
        n += tx.execute(sql, [pid])? as u64;
    }
    Ok(n)
}
