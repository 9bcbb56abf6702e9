//! The register's page check as the front ends run it: at login on a small file (in
//! `auth`), beside the app on a large one, in full on demand (`Desk::check_register`).

use crate::service::outcome::Outcome;
use crate::store::Store;
use crate::store::health::Depth;

/// The page cache of the check's own connection, in KiB: it reads each page once.
const CHECK_CACHE_KIB: i64 = 2048;

/// A quick page check of `store`'s file on a connection of its own, to run on another
/// thread: the problems found, none when the file is whole.
pub fn quick_check_beside(
    store: &Store,
) -> Outcome<impl FnOnce() -> Outcome<Vec<String>> + Send + use<>> {
    let other = store.reopen()?;
    other.set_cache_kib(CHECK_CACHE_KIB)?;
    Ok(move || Ok(other.check_pages(Depth::Quick)?))
}
