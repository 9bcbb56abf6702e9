//! The anonymous counts funders ask for: people by sex, country, status and decade of
//! birth; cases by outcome and programme; steps; money per line; referrals and internships
//! by state. Erasing a person must leave every one of them the same.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Store, StoreResult};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FunderCounts {
    pub people: u64,
    pub by_sex: BTreeMap<String, u64>,
    pub by_birth_country: BTreeMap<String, u64>,
    pub by_citizenship: BTreeMap<String, u64>,
    pub by_legal_status: BTreeMap<String, u64>,
    pub by_birth_decade: BTreeMap<String, u64>,
    pub cases_by_outcome: BTreeMap<String, u64>,
    pub cases_by_programme: BTreeMap<String, u64>,
    pub steps_by_status: BTreeMap<String, u64>,
    pub committed_cents_by_line: BTreeMap<String, i64>,
    pub paid_cents_by_line: BTreeMap<String, i64>,
    pub referrals_by_status: BTreeMap<String, u64>,
    pub internships_by_status: BTreeMap<String, u64>,
}

/// The people counted: everyone but records deleted as mistakes (erased people count).
const COUNTED: &str = "(p.deleted_at IS NULL OR p.erased_at IS NOT NULL)";

impl Store {
    /// Counts for funder reports: people by sex, country, status and decade of birth; cases
    /// by outcome and programme; steps by status; money per line; referrals and internships
    /// by status. The same before and after an erasure.
    pub fn funder_counts(&self) -> StoreResult<FunderCounts> {
        let people = format!("FROM people p WHERE {COUNTED}");
        let of_people = format!("JOIN people p ON p.id = c.person_id WHERE {COUNTED}");
        Ok(FunderCounts {
            people: self
                .conn
                .query_row(&format!("SELECT count(*) {people}"), [], |r| {
                    r.get::<_, i64>(0)
                })? as u64,
            by_sex: self.tally(&format!("SELECT p.sex, count(*) {people} GROUP BY 1"))?,
            by_birth_country: self.tally(&format!(
                "SELECT p.birth_country, count(*) {people} GROUP BY 1"
            ))?,
            by_citizenship: self.tally(&format!(
                "SELECT json_extract(p.data, '$.citizenship'), count(*) {people} GROUP BY 1"
            ))?,
            by_legal_status: self.tally(&format!(
                "SELECT p.legal_status, count(*) {people} GROUP BY 1"
            ))?,
            by_birth_decade: self.tally(&format!(
                "SELECT substr(COALESCE(p.birth_date, json_extract(p.data, '$.birth_year')), 1, 3)
                 || '0', count(*) {people} GROUP BY 1"
            ))?,
            cases_by_outcome: self.tally(&format!(
                "SELECT c.outcome, count(*) FROM cases c {of_people} GROUP BY 1"
            ))?,
            cases_by_programme: self.tally(&format!(
                "SELECT c.programme_id, count(*) FROM cases c {of_people} GROUP BY 1"
            ))?,
            steps_by_status: self.tally(&format!(
                "SELECT s.step || ':' || s.status, count(*) FROM case_steps s
                 JOIN cases c ON c.id = s.case_id {of_people} GROUP BY 1"
            ))?,
            committed_cents_by_line: self.sums(&format!(
                "SELECT b.line, sum(b.committed_cents) FROM case_budget b
                 JOIN cases c ON c.id = b.case_id {of_people} GROUP BY 1"
            ))?,
            paid_cents_by_line: self.sums(&format!(
                "SELECT b.line, sum(b.paid_cents) FROM case_budget b
                 JOIN cases c ON c.id = b.case_id {of_people} GROUP BY 1"
            ))?,
            referrals_by_status: self.tally(&format!(
                "SELECT r.status, count(*) FROM referrals r
                 JOIN cases c ON c.id = r.case_id {of_people} GROUP BY 1"
            ))?,
            internships_by_status: self.tally(&format!(
                "SELECT i.status, count(*) FROM internships i
                 JOIN cases c ON c.id = i.case_id {of_people} GROUP BY 1"
            ))?,
        })
    }

    fn tally(&self, sql: &str) -> StoreResult<BTreeMap<String, u64>> {
        Ok(self
            .sums(sql)?
            .into_iter()
            .map(|(k, v)| (k, u64::try_from(v).unwrap_or(0)))
            .collect())
    }

    fn sums(&self, sql: &str) -> StoreResult<BTreeMap<String, i64>> {
        let mut st = self.conn.prepare(sql)?;
        let rows = st.query_map([], |r| {
            Ok((
                label(r.get_ref(0)?),
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A tally's key as text: an id (stored as its 16 bytes) as its UUID text.
fn label(v: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => uuid::Uuid::from_slice(b)
            .map(|u| u.to_string())
            .unwrap_or_default(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Null => String::new(),
    }
}
