//! Possible duplicates while an intake is typed: names, birth date, sex, tax code and phones
//! so far, checked by the store's duplicate ranking on a worker of its own, so typing never
//! waits. The panel shows who may be the same person and why.

use uuid::Uuid;

use crate::domain::date::parse_date;
use crate::domain::duplicates::{Match, Probe};
use crate::domain::person::Sex;
use crate::forms::{FieldPath, FormState};
use crate::i18n::Msg;
use crate::service::outcome::{Failure, Outcome};
use crate::store::{DupesRequest, DupesWorker};

const LIMIT: usize = 5;

pub struct Dupes {
    worker: Option<DupesWorker>,
    generation: u64,
    pending: Option<u64>,
    asked: Option<Probe>,
    pub matches: Vec<Match>,
    /// Why the check could not answer, until the screen says it.
    problem: Option<Msg>,
}

fn field(state: &FormState, id: &str) -> String {
    state.text(&FieldPath::field(id)).trim().to_string()
}

/// What the form holds so far, as the duplicate check reads it.
fn probe(state: &FormState) -> Probe {
    let phones = ["phone", "phone_alt"]
        .iter()
        .map(|f| field(state, f))
        .filter(|p| !p.is_empty())
        .collect();
    let tax = field(state, "tax_code");
    Probe {
        surname: field(state, "surname"),
        given: field(state, "given_names"),
        birth: parse_date(&field(state, "birth_date")).ok(),
        sex: Sex::from_code(&field(state, "sex")),
        tax_code: (!tax.is_empty()).then_some(tax),
        phones,
    }
}

impl Dupes {
    /// The check on its worker, or the problem to tell when the worker did not start.
    pub fn new(spawned: Outcome<DupesWorker>) -> Dupes {
        let (worker, problem) = match spawned {
            Ok(w) => (Some(w), None),
            Err(f) => {
                tracing::warn!("duplicate check unavailable: {f:?}");
                let detail = match f {
                    Failure::Store(e) => e.to_string(),
                    other => format!("{other:?}"),
                };
                (
                    None,
                    Some(Msg::new("form.dupes_unavailable").arg("detail", detail)),
                )
            }
        };
        Dupes {
            worker,
            generation: 0,
            pending: None,
            asked: None,
            matches: Vec::new(),
            problem,
        }
    }

    /// Why the check could not answer, once: the operator is told, not only the log.
    pub fn take_problem(&mut self) -> Option<Msg> {
        self.problem.take()
    }

    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Asks again when what the check reads changed; takes answers. True when what is shown
    /// changed.
    pub fn tick(&mut self, state: &FormState, own: Uuid) -> bool {
        let mut changed = false;
        let p = probe(state);
        if self.asked.as_ref() != Some(&p) {
            self.asked = Some(p.clone());
            if p.is_empty() {
                self.pending = None;
                changed |= !self.matches.is_empty();
                self.matches.clear();
            } else if let Some(w) = &self.worker {
                self.generation += 1;
                w.request(DupesRequest {
                    generation: self.generation,
                    probe: p,
                    own: Some(own),
                    limit: LIMIT,
                });
                self.pending = Some(self.generation);
            }
        }
        let answers: Vec<_> = match &self.worker {
            Some(w) => std::iter::from_fn(|| w.try_recv()).collect(),
            None => return changed,
        };
        for resp in answers {
            if Some(resp.generation) != self.pending {
                continue;
            }
            self.pending = None;
            match resp.result {
                Ok(m) => self.matches = m,
                Err(e) => {
                    tracing::warn!("duplicate check failed: {e}");
                    self.problem = Some(Msg::new("form.dupes_unavailable").arg("detail", e));
                    self.matches.clear();
                }
            }
            changed = true;
        }
        changed
    }
}
