//! The register's search, run on every keystroke.
//!
//! No scoring: `people_fts`'s rowid is the activity sequence, so `ORDER BY rowid DESC`
//! streams the most recently active first and stops at the page's end. Two passes give
//! whole-word matches before prefix-only ones. Each pass yields only rowids; the page's
//! people are then read in one query.

use std::collections::HashMap;

use rusqlite::params;

use super::codec::{At, Id, displayed, name_pairs, parse_date_opt};
use super::search_query::{self, FtsQuery};
use super::{Store, StoreResult};
use crate::domain::person::{Count, PersonSummary, SearchPage};

/// Counting stops here: beyond it the register shows "1.000+".
pub const COUNT_CAP: u64 = 1000;
/// Rows a register asks for when its query changes: a screenful at 80x24 and 100x30. Each
/// person on the page is read from pages of their own (their record, names and case): over
/// a million people scattered matches cost a fifth of a millisecond each from a cold cache,
/// so the first answer to a keystroke reads no more people than it draws.
pub const FIRST_PAGE: u64 = 25;
/// The largest page served.
const MAX_LIMIT: u64 = 1000;

fn i64_of(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Store {
    /// A page of the people matching `query`: every word of it starts a word of a name,
    /// a code, a phone or a permit number, in any order, accents and case aside. Whole-word
    /// matches first, then prefix matches, each most recently active first. An empty query
    /// lists everyone, most recently active first. `with_count` adds the number of matches
    /// (exact up to [`COUNT_CAP`], "at least" beyond).
    pub fn search(
        &self,
        query: &str,
        offset: u64,
        limit: u64,
        with_count: bool,
    ) -> StoreResult<SearchPage> {
        let limit = limit.min(MAX_LIMIT);
        let (seqs, total) = match search_query::build(query) {
            None => (
                self.recent_seqs(offset, limit)?,
                if with_count {
                    Some(self.count_all()?)
                } else {
                    None
                },
            ),
            Some(q) => (
                self.matching_seqs(&q, offset, limit)?,
                if with_count {
                    Some(self.count_matches(&q)?)
                } else {
                    None
                },
            ),
        };
        Ok(SearchPage {
            offset,
            rows: self.summaries(&seqs)?,
            total,
        })
    }

    /// Rows of one pass, most recently active first.
    fn pass_seqs(&self, p: &Pass, offset: u64, limit: u64) -> StoreResult<Vec<i64>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let sql = format!("{} ORDER BY rowid DESC LIMIT ?2 OFFSET ?3", p.sql);
        let mut st = self.conn.prepare_cached(&sql)?;
        let (l, o) = (i64_of(limit), i64_of(offset));
        let rows = match &p.other {
            None => st
                .query_map(params![p.query, l, o], |r| r.get(0))?
                .collect::<Result<Vec<i64>, _>>()?,
            Some(x) => st
                .query_map(params![p.query, l, o, x], |r| r.get(0))?
                .collect::<Result<Vec<i64>, _>>()?,
        };
        Ok(rows)
    }

    /// Matches of one pass, counting at most `cap`.
    fn pass_count(&self, p: &Pass, cap: u64) -> StoreResult<u64> {
        let sql = format!("SELECT count(*) FROM ({} LIMIT ?2)", p.sql);
        let mut st = self.conn.prepare_cached(&sql)?;
        // `?3` (the offset) is not in a count: SQLite binds it and ignores it.
        let n: i64 = match &p.other {
            None => st.query_row(params![p.query, i64_of(cap)], |r| r.get(0))?,
            Some(x) => st.query_row(params![p.query, i64_of(cap), None::<i64>, x], |r| r.get(0))?,
        };
        Ok(n.max(0) as u64)
    }

    /// The page's activity sequences across the passes: each pass is read only once the
    /// ones before it are exhausted, and skipped whole while the page starts past its end.
    fn matching_seqs(&self, q: &FtsQuery, offset: u64, limit: u64) -> StoreResult<Vec<i64>> {
        let mut seqs = Vec::new();
        let mut skip = offset;
        for p in passes(q) {
            let want = limit - seqs.len() as u64;
            if want == 0 {
                break;
            }
            let got = self.pass_seqs(&p, skip, want)?;
            if got.is_empty() && skip > 0 {
                // The page starts past this pass: count it to know where the next starts.
                skip -= self.pass_count(&p, skip)?.min(skip);
                continue;
            }
            skip = 0;
            seqs.extend(got);
        }
        Ok(seqs)
    }

    fn count_matches(&self, q: &FtsQuery) -> StoreResult<Count> {
        let mut n = 0;
        let any = passes(q)
            .into_iter()
            .find(|p| p.first_of_any)
            .map(|p| Pass {
                query: q.any.clone(),
                ..p
            });
        // Passes 1 and 2 are counted together: their union is `any`.
        for p in any
            .into_iter()
            .chain(passes(q).into_iter().filter(|p| !p.first_of_any))
        {
            n += self.pass_count(&p, COUNT_CAP + 1 - n.min(COUNT_CAP))?;
            if n > COUNT_CAP {
                break;
            }
        }
        Ok(capped(n))
    }

    fn recent_seqs(&self, offset: u64, limit: u64) -> StoreResult<Vec<i64>> {
        let mut st = self.conn.prepare_cached(
            "SELECT activity_seq FROM people WHERE deleted_at IS NULL
             ORDER BY activity_seq DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = st
            .query_map(params![i64_of(limit), i64_of(offset)], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(rows)
    }

    fn count_all(&self) -> StoreResult<Count> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM people WHERE deleted_at IS NULL LIMIT ?1)",
            params![i64_of(COUNT_CAP + 1)],
            |r| r.get(0),
        )?;
        Ok(capped(n.max(0) as u64))
    }

    /// The register lines of these people (soft-deleted ones skipped), in the given order.
    pub(crate) fn summaries(&self, seqs: &[i64]) -> StoreResult<Vec<PersonSummary>> {
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let mut st = self.conn.prepare_cached(
            "SELECT p.activity_seq, p.id, p.birth_date, p.birth_country, p.tax_code,
                p.permit_expiry, p.last_activity_at,
                (SELECT json_group_array(json_array(n.surname, n.given) ORDER BY n.position)
                 FROM person_names n WHERE n.person_id = p.id),
                (SELECT CASE WHEN c.closed_at IS NOT NULL THEN json_quote('closed') ELSE
                    (SELECT json_group_array(s.step) FROM case_steps s
                     WHERE s.case_id = c.id AND s.status <> 'todo') END
                 FROM cases c WHERE c.person_id = p.id
                 ORDER BY c.closed_at IS NULL DESC, c.opened_at DESC LIMIT 1)
             FROM people p
             WHERE p.activity_seq IN (SELECT value FROM json_each(?1))
               AND p.deleted_at IS NULL",
        )?;
        let raw = st
            .query_map(params![serde_json::to_string(seqs)?], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Id>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, At>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut by_seq = HashMap::with_capacity(raw.len());
        for (seq, id, birth, country, tax, expiry, activity, names, case) in raw {
            let names = displayed(&name_pairs(names)?);
            by_seq.insert(
                seq,
                PersonSummary {
                    id: id.0,
                    names,
                    birth_date: parse_date_opt(birth)?,
                    birth_country: country,
                    tax_code: tax,
                    permit_expiry: parse_date_opt(expiry)?,
                    last_activity_at: activity.0,
                    case: super::cases::state_of_column(case)?,
                },
            );
        }
        Ok(seqs.iter().filter_map(|s| by_seq.remove(s)).collect())
    }
}

/// One pass of a search: its rows query (no order, no limit; `?1` the match, `?4` the
/// other), and for counting whether it is pass 1 (counted with pass 2, as `any`).
struct Pass {
    sql: &'static str,
    query: String,
    other: Option<String>,
    first_of_any: bool,
}

const FTS: &str = "SELECT rowid FROM people_fts WHERE people_fts MATCH ?1";
const FTS_BORN: &str = "SELECT rowid FROM people_fts WHERE people_fts MATCH ?1 \
    AND rowid IN (SELECT rowid FROM people_keys WHERE people_keys MATCH ?4)";
const KEYS: &str = "SELECT rowid FROM people_keys WHERE people_keys MATCH ?1";
const KEYS_NOT: &str = "SELECT rowid FROM people_keys WHERE people_keys MATCH ?1 \
    AND rowid NOT IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?4)";

/// Whole words, then prefixes, then names that sound alike; with a birth date typed, each
/// pass keeps only the people born that day. The third pass for counting is `any` (the
/// first two together) and is marked so.
fn passes(q: &FtsQuery) -> Vec<Pass> {
    let quoted = |k: &str| format!("\"{k}\"");
    let mut v = Vec::new();
    if q.whole.is_empty() {
        if let Some(b) = &q.birth {
            v.push(Pass {
                sql: KEYS,
                query: quoted(b),
                other: None,
                first_of_any: false,
            });
        }
        return v;
    }
    let (sql, other) = match &q.birth {
        None => (FTS, None),
        Some(b) => (FTS_BORN, Some(quoted(b))),
    };
    v.push(Pass {
        sql,
        query: q.whole.clone(),
        other: other.clone(),
        first_of_any: true,
    });
    v.push(Pass {
        sql,
        query: q.rest.clone(),
        other: other.clone(),
        first_of_any: true,
    });
    if let Some(s) = &q.sounds {
        let query = match &q.birth {
            None => s.clone(),
            Some(b) => format!("({s}) AND {}", quoted(b)),
        };
        v.push(Pass {
            sql: KEYS_NOT,
            query,
            other: Some(q.any.clone()),
            first_of_any: false,
        });
    }
    v
}

fn capped(n: u64) -> Count {
    if n > COUNT_CAP {
        Count::AtLeast(COUNT_CAP)
    } else {
        Count::Exact(n)
    }
}
