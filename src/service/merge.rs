//! Merging two records of one person (coordinators): the survivor takes in the other's
//! names, missing facts, cases and tax codes; the other stays hidden and its id resolves to
//! the survivor. The latest merge can be undone until the next one.

use serde_json::{Map, Value};
use uuid::Uuid;

use super::auth::allowed;
use super::people::record_from_document;
use crate::domain::merge::merged_document;
use crate::service::outcome::{Outcome, settled};
use crate::service::stamp::Stamp;
use crate::store::{MergeRefused, Role, Store};

fn document(store: &Store, id: Uuid) -> Outcome<Map<String, Value>> {
    store
        .person(id)?
        .map(|p| p.record.data)
        .ok_or_else(|| MergeRefused::NotFound.into())
}

/// Merges `merged` into `survivor`.
pub fn merge<'a>(
    store: &mut Store,
    survivor: Uuid,
    merged: Uuid,
    by: impl Into<Stamp<'a>>,
) -> Outcome<()> {
    let by: Stamp = by.into();
    allowed(store, by, Role::Coordinator)?;
    if survivor == merged {
        return Err(MergeRefused::SamePerson.into());
    }
    let keep = document(store, survivor)?;
    let other = document(store, merged)?;
    let rec = record_from_document(survivor, merged_document(&keep, &other));
    settled(store.merge_people(&rec, merged, by.by, by.at)).map(drop)
}

/// Undoes the latest merge when `survivor` took it in; returns the record shown again.
pub fn undo_last<'a>(store: &mut Store, survivor: Uuid, by: impl Into<Stamp<'a>>) -> Outcome<Uuid> {
    let by: Stamp = by.into();
    allowed(store, by, Role::Coordinator)?;
    let last = store
        .last_merge()?
        .filter(|m| !m.undone && m.survivor == survivor)
        .ok_or(MergeRefused::NothingToUndo)?;
    let restored = record_from_document(survivor, last.before);
    settled(store.undo_last_merge(&restored, by.by, by.at))
}
