//! The partners of the local network and the figures of the network: referrals sent,
//! accepted, declined, still waiting, and the median days to an answer, per partner.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::codec::{Id, at_text, id as key, ts};
use super::journal::{self, Line};
use super::{Store, StoreResult};
use crate::text::fold;

/// A partner as stored: the form's document and the columns searched and listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredPartner {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub territory: String,
    pub data: Map<String, Value>,
}

/// The network's figures for one partner.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NetworkFigures {
    pub sent: u32,
    pub accepted: u32,
    pub declined: u32,
    pub waiting: u32,
    /// Median days from sending to an answer (accepted or declined), when there was one.
    pub median_days: Option<i64>,
}

fn text(doc: &Map<String, Value>, k: &str) -> String {
    doc.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The search key of a partner: its name and territory, folded, words split at anything
/// that is not a letter or digit (so "l'Impiego" is found by "imp").
pub fn key_of(name: &str, territory: &str) -> String {
    fold(&format!("{name} {territory}"))
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Id, String, String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn stored(raw: (Id, String, String, String, String)) -> StoreResult<StoredPartner> {
    let (id, name, kind, territory, data) = raw;
    Ok(StoredPartner {
        id: id.0,
        name,
        kind,
        territory,
        data: serde_json::from_str(&data)?,
    })
}

impl Store {
    /// Adds a partner (`id` new) or changes one, from the partner form's document.
    pub fn save_partner(
        &mut self,
        id: Uuid,
        doc: &Map<String, Value>,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.save_partner_checked(id, doc, by, now, None)
            .map(|_| ())
    }

    /// As [`Store::save_partner`], but refused (nothing written; the time and author of the
    /// newer save returned) when the partner was saved by someone else after `opened`.
    pub fn save_partner_checked(
        &mut self,
        id: Uuid,
        doc: &Map<String, Value>,
        by: &str,
        now: DateTime<Utc>,
        opened: Option<DateTime<Utc>>,
    ) -> StoreResult<Result<(), (DateTime<Utc>, String)>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(newer) = super::stale::saved_after(&tx, "partners", "partner", id, opened)? {
            return Ok(Err(newer));
        }
        let (name, kind, territory) =
            (text(doc, "name"), text(doc, "kind"), text(doc, "territory"));
        let at = ts(now);
        let old: Option<String> = tx
            .prepare_cached("SELECT data FROM partners WHERE id = ?1")?
            .query_row(params![key(id)], |r| r.get(0))
            .optional()?;
        let data = serde_json::to_string(doc)?;
        tx.prepare_cached(
            "INSERT INTO partners (id, name, name_key, kind, territory, data, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key,
               kind = excluded.kind, territory = excluded.territory, data = excluded.data,
               updated_at = excluded.updated_at",
        )?
        .execute(params![
            key(id),
            name,
            key_of(&name, &territory),
            kind,
            territory,
            data,
            at_text(&at)
        ])?;
        journal::write(
            &tx,
            &Line {
                entity: "partner",
                entity_id: id,
                field: old.as_ref().map(|_| "data"),
                old_value: old.as_deref(),
                new_value: Some(&data),
                at: &at,
                by,
                case_id: None,
            },
        )?;
        tx.commit()?;
        Ok(Ok(()))
    }

    pub fn partner(&self, id: Uuid) -> StoreResult<Option<StoredPartner>> {
        let raw = self
            .conn
            .prepare_cached(
                "SELECT id, name, kind, territory, data FROM partners
                 WHERE id = ?1 AND deleted_at IS NULL",
            )?
            .query_row(params![key(id)], row)
            .optional()?;
        raw.map(stored).transpose()
    }

    /// Partners whose name or territory has a word starting with each word of `query`, or
    /// whose kind is one of `kinds`, by name; at most `limit`.
    pub fn find_partners(
        &self,
        query: &str,
        kinds: &[String],
        limit: usize,
    ) -> StoreResult<Vec<StoredPartner>> {
        let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
        let first = words.first().cloned().unwrap_or_default();
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, kind, territory, data FROM partners
             WHERE deleted_at IS NULL
               AND (?1 = '' OR name_key LIKE ?1 || '%' OR name_key LIKE '% ' || ?1 || '%')
             ORDER BY name_key",
        )?;
        let rows = st.query_map(params![first], row)?;
        let mut out = Vec::new();
        for r in rows {
            let p = stored(r?)?;
            let key = key_of(&p.name, &p.territory);
            let tokens: Vec<&str> = key.split(|c: char| !c.is_alphanumeric()).collect();
            let all = words
                .iter()
                .skip(1)
                .all(|w| tokens.iter().any(|t| t.starts_with(w)));
            if all && (kinds.is_empty() || kinds.contains(&p.kind)) {
                out.push(p);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// The figures of the network for every partner that received a referral.
    pub fn network_figures(&self) -> StoreResult<HashMap<Uuid, NetworkFigures>> {
        let mut st = self.conn.prepare_cached(
            "SELECT partner_id, status, sent_on, answered_on FROM referrals
             WHERE sent_on IS NOT NULL",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, Id>(0)?.0,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut figures: HashMap<Uuid, NetworkFigures> = HashMap::new();
        let mut days: HashMap<Uuid, Vec<i64>> = HashMap::new();
        let date = |s: &Option<String>| {
            s.as_deref()
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        };
        for r in rows {
            let (partner, status, sent, answered) = r?;
            let id = partner;
            let f = figures.entry(id).or_default();
            f.sent += 1;
            match status.as_str() {
                "sent" => f.waiting += 1,
                "declined" => f.declined += 1,
                "withdrawn" => {}
                _ if answered.is_some() => f.accepted += 1,
                _ => {}
            }
            if let (Some(s), Some(a)) = (date(&sent), date(&answered)) {
                days.entry(id).or_default().push((a - s).num_days());
            }
        }
        for (id, mut d) in days {
            d.sort_unstable();
            if let Some(f) = figures.get_mut(&id) {
                f.median_days = d.get(d.len() / 2).copied();
            }
        }
        Ok(figures)
    }
}
