//! A person's cases: opening another, the step forms kept whole (orientation, assessment),
//! closing with an outcome and reopening with a reason, and what the case screen and
//! `case show` read (the overview, the timeline). A closed case refuses every change.

mod dossier;
pub(crate) mod timeline;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

pub use dossier::{CaseDossier, Money, dossier};
pub use timeline::{Names, Timeline, TimelineEvent, timeline};

use super::documents::{ClosureDoc, ReopenDoc, decode};
use crate::domain::case::closure::{OpenWork, Settlement};
use crate::domain::case::{CaseSummary, Step, StepOverview, derive_steps};
use crate::forms::{self, FormState};
use crate::service::outcome::{Failure, FormProblem, Outcome, Reason, settled};
use crate::service::stamp::Stamp;
use crate::store::{CaseRefusal, Closure, Store, StoreError};

/// How many journal lines the case screen shows, newest first.
pub const TIMELINE_LIMIT: u32 = 200;

/// The step forms this part saves into `case_forms` (the others have their own verbs).
pub const STEP_FORMS: [Step; 2] = [Step::Orientation, Step::Assessment];

/// Everything the case screen's header and steps show, read in one call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseOverview {
    pub case: CaseSummary,
    /// The person's name as the register shows it.
    pub person_name: String,
    /// The programme's code, when the case is enrolled in one.
    pub programme: Option<String>,
    /// The eight steps in path order, statuses derived from their tables.
    pub steps: Vec<StepOverview>,
}

/// Checks `doc` against the compiled form `form`; the first field in error.
pub(crate) fn validate(form: &str, doc: &Map<String, Value>, today: NaiveDate) -> Outcome<()> {
    let spec = forms::form(form).ok_or_else(|| FormProblem::UnknownForm(form.into()))?;
    let state = FormState::from_document(spec, doc, today);
    match state.errors().first() {
        None => Ok(()),
        Some(issue) => Err(FormProblem::Invalid {
            form: form.into(),
            field: issue.path.field.clone(),
        }
        .into()),
    }
}

/// Opens a new case for a person whose cases are all closed; `by` is its operator.
pub fn open_case<'a>(store: &mut Store, person: Uuid, by: impl Into<Stamp<'a>>) -> Outcome<Uuid> {
    let by: Stamp = by.into();
    settled(store.open_case(person, by.by, by.at))
}

/// Saves the orientation or assessment form of an open case (the step becomes done).
/// Returns the ids of the fields that changed.
pub fn save_step_form<'a>(
    store: &mut Store,
    case: Uuid,
    step: Step,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
) -> Outcome<Vec<String>> {
    let by: Stamp = by.into();
    save_step_form_checked(store, case, step, doc, today, by, None)
}

/// As [`save_step_form`], refused (a conflict, nothing written) when someone else saved
/// the form after `opened`.
pub fn save_step_form_checked<'a>(
    store: &mut Store,
    case: Uuid,
    step: Step,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
    opened: Option<DateTime<Utc>>,
) -> Outcome<Vec<String>> {
    let by: Stamp = by.into();
    if !STEP_FORMS.contains(&step) {
        return Err(FormProblem::UnknownForm(step.code().into()).into());
    }
    if !store.case_is_open(case)? {
        return Err(CaseRefusal::Closed.into());
    }
    validate(step.code(), doc, today)?;
    settled(store.save_case_form_checked(case, step.code(), Some(step), doc, by.by, by.at, opened))
}

/// What the closure form says of the open work (see `assets/forms/closure.toml`).
pub fn settlement(doc: &Map<String, Value>) -> Settlement {
    settlement_of(decode(doc))
}

fn settlement_of(d: ClosureDoc) -> Settlement {
    Settlement {
        internship_completed: d.internship_completed,
        internship_reason: d.internship_reason,
        settle_referrals: d.settle_referrals,
        release_unpaid: d.release_unpaid,
        reason: d.open_work_reason,
    }
}

/// What is still open on a case: the closure screen lists it before the form.
pub fn open_work(store: &Store, case: Uuid) -> Result<OpenWork, StoreError> {
    store.open_work(case)
}

/// Closes an open case with a valid closure document (`assets/forms/closure.toml`): its open
/// work settled as the form says (the internship ended, referrals withdrawn or completed,
/// unpaid money released) or confirmed with a reason, all in one step.
pub fn close_case<'a>(
    store: &mut Store,
    case: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
) -> Outcome<()> {
    let by: Stamp = by.into();
    if !store.case_is_open(case)? {
        return Err(CaseRefusal::Closed.into());
    }
    validate(Step::Closure.code(), doc, today)?;
    let mut d: ClosureDoc = decode(doc);
    let outcome = d.outcome.take().ok_or_else(|| FormProblem::Invalid {
        form: "closure".into(),
        field: "outcome".into(),
    })?;
    let on = d.outcome_date.unwrap_or(today);
    let s = settlement_of(d);
    let closure = Closure {
        doc,
        outcome: &outcome,
        on,
        settlement: &s,
    };
    settled(store.close_case_settled(case, &closure, today, by.by, by.at))
}

/// Reopens a closed case for `reason` (required); refused while the person has another
/// open case.
pub fn reopen_case<'a>(
    store: &mut Store,
    case: Uuid,
    reason: &str,
    on: Option<NaiveDate>,
    by: impl Into<Stamp<'a>>,
) -> Outcome<()> {
    let by: Stamp = by.into();
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Reason::ReasonRequired.into());
    }
    settled(store.reopen_case(case, reason, on, by.by, by.at))
}

/// Reopens from a valid reopen form document (`reason`, `date`).
pub fn reopen_from_doc<'a>(
    store: &mut Store,
    case: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
) -> Outcome<()> {
    let by: Stamp = by.into();
    validate("reopen", doc, today)?;
    let d: ReopenDoc = decode(doc);
    reopen_case(store, case, &d.reason, d.date, by)
}

/// The case, its person, its programme and its eight steps, in one call.
pub fn overview(store: &Store, case: Uuid) -> Outcome<CaseOverview> {
    let (summary, facts) = store
        .case_facts(case)?
        .ok_or(Failure::Refused(Reason::Case(CaseRefusal::NotFound)))?;
    let person_name = store
        .person(summary.person_id)?
        .map(|p| p.record.display_name())
        .unwrap_or_default();
    let programme = match summary.programme_id {
        Some(p) => store.programme_code(p)?,
        None => None,
    };
    Ok(CaseOverview {
        steps: derive_steps(&facts),
        case: summary,
        person_name,
        programme,
    })
}

/// The case a person's page opens with Enter: the open one, else the newest.
pub fn case_to_open(cases: &[CaseSummary]) -> Option<Uuid> {
    cases
        .iter()
        .find(|c| c.is_open())
        .or_else(|| cases.iter().max_by_key(|c| c.opened_at))
        .map(|c| c.id)
}
