//! A case's timeline as typed events: the journal lines of one save (same record, same
//! instant, same operator) make one event. What each event is called, and what changed in it,
//! is said at the edge (`crate::words::timeline`), in the operator's language.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::TIMELINE_LIMIT;
use crate::service::outcome::Outcome;
use crate::store::{JournalEntry, Store};

/// How many journal lines of a case are read to build its newest events.
const LINES_READ: u32 = 4_000;

/// One event of a case's timeline: the lines of one save, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEvent {
    /// The newest journal line of the event.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub by: String,
    pub entity: String,
    pub entity_id: Uuid,
    /// The field, when the event changed exactly one.
    pub field: Option<String>,
    pub lines: Vec<JournalEntry>,
}

/// A case's newest events (newest first) and the names they refer to by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    pub events: Vec<TimelineEvent>,
    pub names: Names,
}

/// What the journal names by id, read once per timeline: partners of referrals, hosts of
/// internships, months paid, programmes' names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    pub referrals: HashMap<Uuid, (String, String)>,
    pub hosts: HashMap<Uuid, String>,
    pub months: HashMap<Uuid, String>,
    pub programmes: HashMap<String, crate::domain::programme::Names>,
}

impl Names {
    pub(crate) fn read(store: &Store, case: Uuid) -> crate::store::StoreResult<Names> {
        let mut n = Names::default();
        for r in store.referrals_for(case)? {
            n.referrals.insert(r.id, (r.partner, r.service));
        }
        for i in store.internships_for(case)? {
            n.hosts.insert(i.id, i.host);
        }
        for l in store.ledger(case, LINES_READ as usize)? {
            if let Some(m) = l.month {
                n.months.insert(l.id, m);
            }
        }
        for p in store.programmes()? {
            n.programmes
                .insert(p.programme.code.clone(), p.programme.name);
        }
        Ok(n)
    }
}

/// A line that can share its event with others: a field of a form (`data.<id>`) or a
/// column of the person. A created record, a status, a payment… is an event of its own.
fn groupable(e: &JournalEntry) -> bool {
    match e.field.as_deref() {
        Some(f) if f.starts_with("data.") => true,
        Some("erased" | "deleted_at") | None => false,
        Some(_) => e.entity == "person",
    }
}

/// Whether `e` belongs to the save `g` (whose newest line is last): same record, same
/// instant, same operator, written just before, a field the save has not changed yet. The
/// journal has no transaction id; a save is one transaction, so its lines are numbered
/// one after the other, and two saves of one record in the same millisecond still differ by
/// a field changed twice.
fn same_save(g: &[JournalEntry], e: &JournalEntry) -> bool {
    let Some(a) = g.last() else {
        return false;
    };
    groupable(a)
        && groupable(e)
        && a.entity == e.entity
        && a.entity_id == e.entity_id
        && a.at == e.at
        && a.by == e.by
        && a.seq == e.seq + 1
        && g.iter().all(|x| x.field != e.field)
}

/// Journal lines (newest first) grouped into saves, each save oldest line first. The
/// closure form saved with the case's closing joins that event.
pub(crate) fn group(entries: Vec<JournalEntry>) -> Vec<Vec<JournalEntry>> {
    let mut groups: Vec<Vec<JournalEntry>> = Vec::new();
    for e in entries {
        match groups.last_mut() {
            Some(g) if same_save(g, &e) => g.push(e),
            _ => groups.push(vec![e]),
        }
    }
    for g in &mut groups {
        g.reverse();
    }
    let mut out: Vec<Vec<JournalEntry>> = Vec::with_capacity(groups.len());
    for g in groups {
        let joins = |prev: &Vec<JournalEntry>| {
            let (Some(a), Some(b)) = (prev.first(), g.first()) else {
                return false;
            };
            let closing =
                |x: &JournalEntry| x.entity == "case" && x.field.as_deref() == Some("closed");
            let closure_form = |x: &JournalEntry| x.entity == "closure";
            a.at == b.at
                && a.by == b.by
                && ((closing(a) && closure_form(b)) || (closure_form(a) && closing(b)))
        };
        match out.last_mut() {
            Some(prev) if joins(prev) => {
                // The closing line leads: its event says the case is closed.
                if prev.first().is_some_and(|x| x.entity == "closure") {
                    let mut merged = g;
                    merged.append(prev);
                    *prev = merged;
                } else {
                    prev.extend(g);
                }
            }
            _ => out.push(g),
        }
    }
    out
}

/// One event from the journal lines of one save (oldest first).
pub(crate) fn event(g: &[JournalEntry]) -> Option<TimelineEvent> {
    let first = g.first()?;
    let newest = g.iter().map(|e| e.seq).max().unwrap_or(first.seq);
    Some(TimelineEvent {
        seq: newest,
        at: first.at,
        by: first.by.clone(),
        entity: first.entity.clone(),
        entity_id: first.entity_id,
        field: if g.len() == 1 {
            first.field.clone()
        } else {
            None
        },
        lines: g.to_vec(),
    })
}

/// The journal lines about the case's person while the case was open (the intake and its
/// later edits), newest first.
fn person_lines(store: &Store, case: Uuid) -> crate::store::StoreResult<Vec<JournalEntry>> {
    let Some(c) = store.case(case)? else {
        return Ok(Vec::new());
    };
    let mut lines: Vec<JournalEntry> = store
        .journal_for("person", c.person_id)?
        .into_iter()
        .filter(|e| e.at >= c.opened_at && c.closed_at.is_none_or(|end| e.at <= end))
        .collect();
    lines.reverse();
    Ok(lines)
}

/// The newest events of a case's timeline, newest first.
pub fn timeline(store: &Store, case: Uuid) -> Outcome<Timeline> {
    let mut lines = store.changes_by_case(case, LINES_READ)?;
    let full = lines.len() as u32 == LINES_READ;
    lines.extend(person_lines(store, case)?);
    lines.sort_by(|a, b| b.at.cmp(&a.at).then(b.seq.cmp(&a.seq)));
    let names = Names::read(store, case)?;
    let mut groups = group(lines);
    if full {
        // The oldest save read may be cut in two by the limit: it is left out.
        groups.pop();
    }
    let events = groups
        .iter()
        .take(TIMELINE_LIMIT as usize)
        .filter_map(|g| event(g))
        .collect();
    Ok(Timeline { events, names })
}
