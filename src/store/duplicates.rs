//! Possible duplicates of a person being registered: the people sharing a block with them
//! (a pair of their names, or a name and the birth date: `people_keys`), or their tax code or
//! a phone (`people_fts`), read a page at a time and scored by `domain::duplicates`.

use std::collections::HashMap;

use rusqlite::params;
use uuid::Uuid;

use super::search_index::{alnum_upper, phone_forms};
use super::{Store, StoreResult, search_keys};
use crate::domain::duplicates::{self, Candidate, Match, Probe};
use crate::domain::names;
use crate::domain::person::Sex;

/// At most this many people are read from the name blocks (the most recently active
/// first); a block larger than this is a very common name, which the score sorts out.
const BLOCK_LIMIT: u64 = 200;
/// At most this many from the tax code and phones.
const CODES_LIMIT: u64 = 20;

fn quoted(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" OR ")
}

type Extra = (Option<Sex>, Vec<(String, String)>, Vec<String>, Vec<String>);

impl Store {
    /// The people who may be `probe`, likeliest first, at most `limit`, `own` left out (the
    /// record being edited).
    pub fn possible_duplicates(
        &self,
        probe: &Probe,
        own: Option<Uuid>,
        limit: usize,
    ) -> StoreResult<Vec<Match>> {
        if probe.is_empty() {
            return Ok(Vec::new());
        }
        let mut seqs = Vec::new();
        let keys = names::probe_keys(&probe.surname, &probe.given, probe.birth);
        if !keys.is_empty() {
            seqs = search_keys::seqs(&self.conn, &quoted(&keys), 0, BLOCK_LIMIT)?;
        }
        let mut codes: Vec<String> = Vec::new();
        if let Some(t) = probe.tax_code.as_deref().map(alnum_upper)
            && t.len() >= 11
        {
            codes.push(t);
        }
        for p in &probe.phones {
            codes.extend(phone_forms(p).into_iter().filter(|f| f.len() >= 6));
        }
        if !codes.is_empty() {
            let fts = format!("codes : ({})", quoted(&codes));
            let mut st = self.conn.prepare_cached(
                "SELECT rowid FROM people_fts WHERE people_fts MATCH ?1
                 ORDER BY rowid DESC LIMIT ?2",
            )?;
            let found = st
                .query_map(params![fts, CODES_LIMIT as i64], |r| r.get::<_, i64>(0))?
                .collect::<Result<Vec<i64>, _>>()?;
            for s in found {
                if !seqs.contains(&s) {
                    seqs.push(s);
                }
            }
        }
        let candidates = self.candidates(&seqs)?;
        let mut ranked = duplicates::rank(probe, &candidates);
        ranked.retain(|m| Some(m.person.id) != own);
        ranked.truncate(limit);
        Ok(ranked)
    }

    fn candidates(&self, seqs: &[i64]) -> StoreResult<Vec<Candidate>> {
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let summaries = self.summaries(seqs)?;
        let mut st = self.conn.prepare_cached(
            "SELECT p.id, p.sex,
                (SELECT json_group_array(json_array(n.surname, n.given) ORDER BY n.position)
                 FROM person_names n WHERE n.person_id = p.id),
                (SELECT json_group_array(f.number) FROM person_phones f
                 WHERE f.person_id = p.id),
                (SELECT json_group_array(t.code) FROM person_tax_codes t
                 WHERE t.person_id = p.id)
             FROM people p WHERE p.activity_seq IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = st
            .query_map(params![serde_json::to_string(seqs)?], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let json = |s: Option<String>| -> StoreResult<Vec<String>> {
            Ok(match s {
                Some(j) => serde_json::from_str(&j)?,
                None => Vec::new(),
            })
        };
        let mut extra: HashMap<String, Extra> = HashMap::with_capacity(rows.len());
        for (id, sex, names, phones, codes) in rows {
            let names: Vec<(String, String)> = match names {
                Some(j) => serde_json::from_str(&j)?,
                None => Vec::new(),
            };
            let sex = sex.as_deref().and_then(Sex::from_code);
            extra.insert(id, (sex, names, json(phones)?, json(codes)?));
        }
        Ok(summaries
            .into_iter()
            .filter_map(|summary| {
                let (sex, names, phones, tax_codes) = extra.remove(&summary.id.to_string())?;
                Some(Candidate {
                    summary,
                    names,
                    sex,
                    tax_codes,
                    phones,
                })
            })
            .collect())
    }
}
