//! Possible duplicates of a person being registered: the people sharing a block with them
//! (a pair of their names, or a name and the birth date: `people_keys`), or their tax code or
//! a phone (`people_fts`), read a page at a time and scored by `domain::duplicates`.

use std::collections::HashMap;

use rusqlite::params;
use uuid::Uuid;

use super::codec::{At, Id, displayed, name_pairs, parse_date_opt};
use super::search_index::{alnum_upper, phone_forms};
use super::{Store, StoreResult, search_keys};
use crate::domain::case::CaseState;
use crate::domain::duplicates::{self, Candidate, Match, Probe};
use crate::domain::names;
use crate::domain::person::{PersonSummary, Sex};

/// At most this many people are read from the blocks of name pairs, and as many from the
/// blocks of a name with the birth date (the most recently active first). A pair block
/// larger than this is a very common pair ("Mohamed Ali"); with the birth date typed its own
/// small block holds the same person whatever the pair's size.
const BLOCK_LIMIT: u64 = 50;
/// At most this many from the tax code and phones.
const CODES_LIMIT: u64 = 20;

fn quoted(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" OR ")
}

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
        let mut seqs: Vec<i64> = Vec::new();
        let keys = names::probe_keys(&probe.surname, &probe.given, probe.birth);
        let (born, mut pairs): (Vec<String>, Vec<String>) =
            keys.into_iter().partition(|k| k.starts_with('b'));
        if pairs.is_empty() && born.is_empty() {
            // One name typed so far: the people whose names sound like it (keys of three
            // letters or more), so the panel answers from the first word on.
            pairs = names::latin_words(&format!("{} {}", probe.surname, probe.given))
                .iter()
                .flat_map(|w| names::word_keys(w))
                .filter(|k| k.len() > 3)
                .collect();
        }
        for block in [born, pairs] {
            if block.is_empty() {
                continue;
            }
            for s in search_keys::seqs(&self.conn, &quoted(&block), 0, BLOCK_LIMIT)? {
                if !seqs.contains(&s) {
                    seqs.push(s);
                }
            }
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
        let (candidates, seq_of) = self.candidates(&seqs)?;
        let mut ranked = duplicates::rank(probe, &candidates);
        ranked.retain(|m| Some(m.person.id) != own);
        ranked.truncate(limit);
        // Only the few shown are read whole (their register line, with the case's state).
        let shown: Vec<i64> = ranked
            .iter()
            .filter_map(|m| seq_of.get(&m.person.id).copied())
            .collect();
        let mut whole: HashMap<Uuid, PersonSummary> = self
            .summaries(&shown)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        for m in &mut ranked {
            if let Some(p) = whole.remove(&m.person.id) {
                m.person = p;
            }
        }
        Ok(ranked)
    }

    /// What scoring needs of each person, read in one query: names, birth date, sex, phones
    /// and tax codes (the register line is read only for the few shown). With each
    /// person's activity sequence.
    fn candidates(&self, seqs: &[i64]) -> StoreResult<(Vec<Candidate>, HashMap<Uuid, i64>)> {
        if seqs.is_empty() {
            return Ok((Vec::new(), HashMap::new()));
        }
        let mut st = self.conn.prepare_cached(
            "SELECT p.activity_seq, p.id, p.birth_date, p.sex, p.last_activity_at,
                (SELECT json_group_array(json_array(n.surname, n.given) ORDER BY n.position)
                 FROM person_names n WHERE n.person_id = p.id),
                (SELECT json_group_array(f.number) FROM person_phones f
                 WHERE f.person_id = p.id),
                (SELECT json_group_array(t.code) FROM person_tax_codes t
                 WHERE t.person_id = p.id)
             FROM people p
             WHERE p.activity_seq IN (SELECT value FROM json_each(?1))
               AND p.deleted_at IS NULL",
        )?;
        let rows = st
            .query_map(params![serde_json::to_string(seqs)?], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Id>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, At>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let json = |s: Option<String>| -> StoreResult<Vec<String>> {
            Ok(match s {
                Some(j) => serde_json::from_str(&j)?,
                None => Vec::new(),
            })
        };
        let mut by_seq: HashMap<i64, Candidate> = HashMap::with_capacity(rows.len());
        for (seq, id, birth, sex, activity, names, phones, codes) in rows {
            let names = name_pairs(names)?;
            let summary = PersonSummary {
                id: id.0,
                names: displayed(&names),
                birth_date: parse_date_opt(birth)?,
                birth_country: None,
                tax_code: None,
                permit_expiry: None,
                last_activity_at: activity.0,
                case: CaseState::default(),
            };
            let c = Candidate {
                summary,
                names,
                sex: sex.as_deref().and_then(Sex::from_code),
                tax_codes: json(codes)?,
                phones: json(phones)?,
            };
            by_seq.insert(seq, c);
        }
        let mut seq_of = HashMap::with_capacity(by_seq.len());
        let mut out = Vec::with_capacity(by_seq.len());
        // In the order found: the most recently active first, which breaks ties.
        for s in seqs {
            if let Some(c) = by_seq.remove(s) {
                seq_of.insert(c.summary.id, *s);
                out.push(c);
            }
        }
        Ok((out, seq_of))
    }
}
