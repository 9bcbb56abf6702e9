//! Whether the file at a desk's path is the database its key file belongs to: a key file
//! (or an anchor) says a desk lives there, so a missing, emptied or swapped file is refused
//! rather than taken for a new register; only a setup under way may meet one.

use std::path::Path;

use crate::service::auth::Gate;
use crate::service::outcome::{AccessRefusal, Failure, OperatorRefusal, Outcome, Reason};
use crate::store::anchor::anchor_path;
use crate::store::cipher::{self, FileState};
use crate::vault::{KeyRing, SetupKind, ring_path};

/// What `db` needs before it can be opened. A path where a desk lives (its key file, or
/// the audit anchor, says so) is never taken for a new one: a missing or empty file there
/// is refused, and so is a plain file no setup is encrypting.
pub fn gate(db: &Path) -> Outcome<Gate> {
    let ring = ring_path(db);
    if let Some(r) = KeyRing::load(&ring)? {
        the_desks_file(db, &r)?;
        return Ok(Gate::Login);
    }
    match cipher::file_state(db)? {
        FileState::New if anchor_path(db).exists() => {
            Err(AccessRefusal::RegisterMissing(db.to_path_buf()).into())
        }
        FileState::New => Ok(Gate::Setup),
        FileState::Plain => Ok(Gate::SetupOverPlain),
        FileState::Encrypted => Err(AccessRefusal::RingMissing(ring).into()),
    }
}

/// Whether `db` has no database to log in to: a new path, or a desk whose file was lost
/// or emptied (what a restore may put in place without a login).
pub fn no_database_here(db: &Path) -> bool {
    matches!(
        gate(db),
        Ok(Gate::Setup)
            | Err(Failure::Refused(Reason::Access(
                AccessRefusal::RegisterMissing(_)
            )))
    )
}

/// Whether the file at `db` can be the database `ring` belongs to: an encrypted file (its
/// key is tried at login), or the missing, empty or plain file of a setup under way.
pub(super) fn the_desks_file(db: &Path, ring: &KeyRing) -> Outcome<()> {
    let setup = ring.setup_under_way();
    match cipher::file_state(db)? {
        FileState::Encrypted => Ok(()),
        FileState::New if setup == Some(SetupKind::New) => Ok(()),
        FileState::Plain if setup == Some(SetupKind::Plain) => Ok(()),
        FileState::New => Err(AccessRefusal::RegisterMissing(db.to_path_buf()).into()),
        FileState::Plain => Err(AccessRefusal::NotThisDesk(db.to_path_buf()).into()),
    }
}

/// Clears the mark of a setup that stopped before its end, once its database is made.
pub(super) fn setup_finished(db: &Path) -> Outcome<()> {
    let file = ring_path(db);
    let mut ring = KeyRing::load(&file)?.ok_or(OperatorRefusal::NotSetUp)?;
    if ring.setup_under_way().is_some() {
        ring.set_setup(None);
        // On a full disk the mark stays until a later login; the operator is let in.
        if let Err(e) = ring.save(&file) {
            tracing::warn!("the finished setup not marked in the key file: {e:?}");
        }
    }
    Ok(())
}
