//! Possible duplicates while an intake is typed: the register's own search over the names
//! typed so far, on its own worker so typing never waits.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::date::parse_date;
use crate::domain::person::PersonSummary;
use crate::forms::{FieldPath, FormState};
use crate::store::{SearchRequest, SearchWorker, Store};

const LIMIT: u64 = 6;

pub struct Dupes {
    worker: Option<SearchWorker>,
    generation: u64,
    pending: Option<(u64, bool)>,
    asked: String,
    pub matches: Vec<PersonSummary>,
    /// The birth date typed, to mark matches born the same day.
    pub birth: Option<NaiveDate>,
}

fn names_query(state: &FormState) -> (String, String) {
    let surname = state.text(&FieldPath::field("surname")).trim().to_string();
    let given = state
        .text(&FieldPath::field("given_names"))
        .trim()
        .to_string();
    (surname, given)
}

impl Dupes {
    pub fn new(store: &Store) -> Dupes {
        let worker = store
            .reopen()
            .and_then(SearchWorker::spawn)
            .map_err(|e| tracing::warn!("duplicate search off: {e}"))
            .ok();
        Dupes {
            worker,
            generation: 0,
            pending: None,
            asked: String::new(),
            matches: Vec::new(),
            birth: None,
        }
    }

    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    fn ask(&mut self, query: String, fallback: bool) {
        let Some(w) = &self.worker else { return };
        self.generation += 1;
        w.request(SearchRequest {
            generation: self.generation,
            query,
            offset: 0,
            limit: LIMIT,
            with_count: false,
        });
        self.pending = Some((self.generation, fallback));
    }

    /// Asks again when the names changed; takes answers. True when what is shown changed.
    pub fn tick(&mut self, state: &FormState, own: Uuid) -> bool {
        let mut changed = false;
        let birth = parse_date(state.text(&FieldPath::field("birth_date"))).ok();
        if birth != self.birth {
            self.birth = birth;
            changed = true;
        }
        let (surname, given) = names_query(state);
        let query = format!("{surname} {given}").trim().to_string();
        if query != self.asked {
            self.asked = query.clone();
            if query.chars().count() < 2 {
                self.pending = None;
                changed |= !self.matches.is_empty();
                self.matches.clear();
            } else {
                // Without a surname yet, the given names alone still find someone.
                self.ask(query, !surname.is_empty() && !given.is_empty());
            }
        }
        let answers: Vec<_> = match &self.worker {
            Some(w) => std::iter::from_fn(|| w.try_recv()).collect(),
            None => return changed,
        };
        for resp in answers {
            let Some((generation, fallback)) = self.pending else {
                continue;
            };
            if resp.generation != generation {
                continue;
            }
            self.pending = None;
            let mut rows = resp.result.map(|p| p.rows).unwrap_or_default();
            rows.retain(|r| r.id != own);
            if rows.is_empty() && fallback {
                // No one with every name: try the surname alone (typos in given names).
                self.ask(surname.clone(), false);
            }
            // Born the same day first.
            rows.sort_by_key(|r| r.birth_date != self.birth || self.birth.is_none());
            self.matches = rows;
            changed = true;
        }
        changed
    }
}
