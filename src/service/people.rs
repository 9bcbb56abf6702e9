//! Registering and changing people: from an intake document to the stored record.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::case::CaseSummary;
use crate::domain::person::{PersonName, PersonRecord, Sex, StoredPerson};
use crate::domain::taxcode;
use crate::forms::{self, FormState, Issue};
use crate::service::documents::{IntakeDoc, decode};
use crate::service::outcome::{FormProblem, Outcome, settled};
use crate::service::stamp::Stamp;
use crate::store::{SaveOutcome, Store};

/// The searchable projection of an intake document (field ids of `assets/forms/intake.toml`).
pub fn record_from_document(id: Uuid, doc: Map<String, Value>) -> PersonRecord {
    let d: IntakeDoc = decode(&doc);
    let mut names = vec![PersonName {
        surname: d.surname,
        given: d.given_names,
        kind: "document".into(),
    }];
    for (surname, given, kind) in d.name_variants {
        if surname.is_empty() && given.is_empty() {
            continue;
        }
        names.push(PersonName {
            surname,
            given,
            kind: kind.unwrap_or_else(|| "variant".into()),
        });
    }
    let tax_code = d.tax_code.map(|t| match taxcode::parse(&t) {
        Ok(c) => c.as_str().to_string(),
        Err(_) => t,
    });
    PersonRecord {
        id,
        names,
        birth_date: d.birth_date,
        sex: d.sex.and_then(|s| Sex::from_code(&s)),
        birth_country: d.birth_country,
        tax_code,
        phones: d.phones,
        permit_number: d.permit_number,
        permit_expiry: d.permit_expiry,
        data: doc,
    }
}

/// A stored person as printed by `person show --json`: the record, its bookkeeping and its
/// cases.
pub fn person_json(p: &StoredPerson, cases: &[CaseSummary]) -> Value {
    let r = &p.record;
    serde_json::json!({
        "id": r.id,
        "names": r.names.iter().map(PersonName::display).collect::<Vec<_>>(),
        "name_variants": r.names,
        "birth_date": r.birth_date,
        "sex": r.sex.map(Sex::code),
        "birth_country": r.birth_country,
        "tax_code": r.tax_code,
        "phones": r.phones,
        "permit_number": r.permit_number,
        "permit_expiry": r.permit_expiry,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "last_activity_at": p.last_activity_at,
        "data": r.data,
        "cases": cases,
    })
}

/// `now` for the store, truncated to whole milliseconds so it round-trips through text.
pub fn now() -> DateTime<Utc> {
    let n = Utc::now();
    DateTime::from_timestamp_millis(n.timestamp_millis()).unwrap_or(n)
}

/// Saves an intake document as a person (new or changed, by `id`) with an open case, in one
/// transaction, removing the draft `draft` in it.
pub fn save_intake<'a>(
    store: &mut Store,
    id: Uuid,
    doc: Map<String, Value>,
    by: impl Into<Stamp<'a>>,
    draft: Option<Uuid>,
) -> Outcome<SaveOutcome> {
    let by: Stamp = by.into();
    let rec = record_from_document(id, doc);
    Ok(store.save_person(&rec, by.by, by.at, draft)?)
}

/// Saves an intake edited from a version saved at `opened`: refused (nothing written) when
/// the record was saved again since, by anyone.
pub fn save_intake_checked<'a>(
    store: &mut Store,
    id: Uuid,
    doc: Map<String, Value>,
    by: impl Into<Stamp<'a>>,
    draft: Option<Uuid>,
    opened: Option<DateTime<Utc>>,
) -> Outcome<SaveOutcome> {
    let by: Stamp = by.into();
    let rec = record_from_document(id, doc);
    settled(store.save_person_checked(&rec, by.by, by.at, draft, opened))
}

/// `person add --json`: one person from a JSON object keyed by intake field ids, with the
/// validation of the form. Unknown keys, keys given twice and values of the wrong JSON type are
/// errors (a typo must not vanish silently); see [`forms::strict`].
pub fn add_from_json<'a>(
    store: &mut Store,
    text: &str,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
) -> Outcome<Uuid> {
    let by: Stamp = by.into();
    let spec = forms::intake();
    let doc = match forms::strict::read_document(&spec, text) {
        Ok(doc) => doc,
        Err(forms::strict::StrictError::Json(detail)) => {
            return Err(FormProblem::Json(detail).into());
        }
        Err(forms::strict::StrictError::Invalid(issues)) => {
            return Err(FormProblem::Issues(issues).into());
        }
    };
    let state = FormState::from_document(spec, &doc, today);
    let issues: Vec<Issue> = state.errors().into_iter().cloned().collect();
    if !issues.is_empty() {
        return Err(FormProblem::Issues(issues).into());
    }
    let id = Uuid::now_v7();
    save_intake(store, id, state.document(), by, None)?;
    Ok(id)
}
