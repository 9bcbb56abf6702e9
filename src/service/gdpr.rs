//! The person's rights from the desk: erasure (an administrator's, once every case of the
//! person is closed) and the retention list that leads to it.

use uuid::Uuid;

use crate::i18n::Msg;
use crate::service::auth::allowed;
use crate::service::outcome::{Failure, Outcome, Reason};
use crate::service::stamp::Stamp;
use crate::store::erase::ErasureReport;
use crate::store::{Role, Store};

/// Coded fields that still identify a person: gone with the names (the year of birth is
/// kept by the store for the counts).
const IDENTIFYING: &[&str] = &["birth_date"];

fn scrub(
    form: &str,
    doc: &serde_json::Map<String, serde_json::Value>,
) -> serde_json::Map<String, serde_json::Value> {
    let Some(spec) = crate::forms::form(form) else {
        // A form this build does not know: nothing of it is kept.
        return serde_json::Map::new();
    };
    let mut kept = crate::forms::scrub::scrub(&spec, doc);
    for k in IDENTIFYING {
        kept.remove(*k);
    }
    for v in kept.values_mut() {
        to_month(v);
    }
    kept
}

/// A day kept after erasure becomes the first of its month: the counts by month stay, the
/// exact day (a consent signed, a permit's end) no longer points at one person.
fn to_month(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::String(s) if crate::domain::date::parse_date(s).is_ok() && s.len() == 10 => {
            s.replace_range(8..10, "01");
        }
        Value::Array(items) => items.iter_mut().for_each(to_month),
        Value::Object(m) => m.values_mut().for_each(to_month),
        _ => {}
    }
}

/// [`erase_person`] answered as a language-free message, for the erasure's job.
pub fn erase<'a>(
    store: &mut Store,
    id: Uuid,
    by: impl Into<Stamp<'a>>,
) -> Result<ErasureReport, Msg> {
    erase_person(store, id, by).map_err(|f| match f {
        Failure::Forbidden(role) => crate::service::auth::forbidden(role),
        Failure::Store(e) => e.msg(),
        Failure::Refused(Reason::OpenCase) => Msg::new("gdpr.open_case"),
        _ => Msg::new("cli.not_found").arg("id", id),
    })
}

/// Erases the person `id` (see `store::erase`). Administrators only; a person with an open
/// case is refused (close it first).
pub fn erase_person<'a>(
    store: &mut Store,
    id: Uuid,
    by: impl Into<Stamp<'a>>,
) -> Outcome<ErasureReport> {
    let by: Stamp = by.into();
    allowed(store, by, Role::Administrator)?;
    if store.has_open_case(id)? {
        return Err(Reason::OpenCase.into());
    }
    // Records merged into this one hold the same person's data: they go too.
    let mut ids = vec![id];
    ids.extend(store.merged_into(id)?);
    store
        .erase_people(&ids, &scrub, by.by, by.at)?
        .into_iter()
        .next()
        .flatten()
        .ok_or(Failure::Refused(Reason::NoPerson(id)))
}

/// Erases every person of `ids` who has no open case (the retention list's action), with
/// one rewrite of the file at the end. Returns how many were erased.
pub fn erase_all<'a>(store: &mut Store, ids: &[Uuid], by: impl Into<Stamp<'a>>) -> Outcome<usize> {
    let by: Stamp = by.into();
    allowed(store, by, Role::Administrator)?;
    let mut closed = Vec::with_capacity(ids.len());
    for id in ids {
        if !store.has_open_case(*id)? {
            closed.push(*id);
            closed.extend(store.merged_into(*id)?);
        }
    }
    let done = store.erase_people(&closed, &scrub, by.by, by.at)?;
    // The people asked for (records merged into them are erased with them, not counted).
    Ok(closed
        .iter()
        .zip(&done)
        .filter(|(id, r)| ids.contains(id) && r.is_some())
        .count())
}
