//! Merging two records of one person (coordinators): the survivor takes in the other's
//! names, missing facts, cases and tax codes; the other stays hidden and its id resolves to
//! the survivor. The latest merge can be undone until the next one.

use serde_json::{Map, Value};
use uuid::Uuid;

use super::auth::require;
use super::people::record_from_document;
use crate::domain::merge::merged_document;
use crate::i18n::Msg;
use crate::service::stamp::Stamp;
use crate::store::{MergeRefused, Role, Store};

fn refused(r: MergeRefused) -> Msg {
    Msg::new(r.message_key())
}

fn document(store: &Store, id: Uuid) -> Result<Map<String, Value>, Msg> {
    store
        .person(id)
        .map_err(|e| e.msg())?
        .map(|p| p.record.data)
        .ok_or_else(|| refused(MergeRefused::NotFound))
}

/// Merges `merged` into `survivor`.
pub fn merge<'a>(
    store: &mut Store,
    survivor: Uuid,
    merged: Uuid,
    by: impl Into<Stamp<'a>>,
) -> Result<(), Msg> {
    let by: Stamp = by.into();
    require(store, by.by, Role::Coordinator)?;
    if survivor == merged {
        return Err(refused(MergeRefused::SamePerson));
    }
    let keep = document(store, survivor)?;
    let other = document(store, merged)?;
    let rec = record_from_document(survivor, merged_document(&keep, &other));
    store
        .merge_people(&rec, merged, by.by, by.at)
        .map_err(|e| e.msg())?
        .map(|_| ())
        .map_err(refused)
}

/// Undoes the latest merge when `survivor` took it in; returns the record shown again.
pub fn undo_last<'a>(
    store: &mut Store,
    survivor: Uuid,
    by: impl Into<Stamp<'a>>,
) -> Result<Uuid, Msg> {
    let by: Stamp = by.into();
    require(store, by.by, Role::Coordinator)?;
    let last = store
        .last_merge()
        .map_err(|e| e.msg())?
        .filter(|m| !m.undone && m.survivor == survivor)
        .ok_or_else(|| refused(MergeRefused::NothingToUndo))?;
    let restored = record_from_document(survivor, last.before);
    store
        .undo_last_merge(&restored, by.by, by.at)
        .map_err(|e| e.msg())?
        .map_err(refused)
}
