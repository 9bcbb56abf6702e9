//! An administrator's work on operators: adding one (their passphrase wraps the database
//! key), removing one (their entry leaves the key ring), changing a role; and any operator
//! changing their own passphrase, or the recovery code replacing a lost one.

use std::path::Path;

use crate::service::auth::{self, NewOperator, Session, allowed};
use crate::service::outcome::{AccessRefusal, OperatorRefusal, Outcome};
use crate::service::stamp::Stamp;
use crate::store::upgrade::Pending;
use crate::store::{Operator, Role, Store};
use crate::vault::{KeyRing, RecoveryCode, ring_path};

fn ring(db: &Path) -> Outcome<KeyRing> {
    KeyRing::load(&ring_path(db))?.ok_or_else(|| OperatorRefusal::NotSetUp.into())
}

/// The desk's operators (administrators).
pub fn list<'a>(store: &Store, by: impl Into<Stamp<'a>>) -> Outcome<Vec<Operator>> {
    allowed(store, by, Role::Administrator)?;
    Ok(store.operators()?)
}

/// Adds an operator with a role and a first passphrase (checked like any other).
pub fn add<'a>(
    store: &mut Store,
    db: &Path,
    by: impl Into<Stamp<'a>>,
    op: &NewOperator<'_>,
    role: Role,
) -> Outcome<Operator> {
    let by: Stamp = by.into();
    allowed(store, by, Role::Administrator)?;
    if let Some((field, p)) = auth::problems(op, &[], false).into_iter().next() {
        return Err(OperatorRefusal::NewOperator(field, p).into());
    }
    if store.operator(op.username)?.is_some_and(|o| o.active) {
        return Err(OperatorRefusal::Exists(op.username.to_string()).into());
    }
    let key = store.key().cloned().ok_or(OperatorRefusal::NotSetUp)?;
    let mut ring = ring(db)?;
    ring.add(op.username, op.pass, &key)?;
    ring.save(&ring_path(db))?;
    Ok(store.add_operator(op.username, op.name.trim(), role, by.by, by.at)?)
}

/// Removes an operator: their wrapped key leaves the ring (their passphrase no longer opens
/// the database) and they are marked removed (an old copy of the ring is refused too).
pub fn remove<'a>(
    store: &mut Store,
    db: &Path,
    by: impl Into<Stamp<'a>>,
    username: &str,
) -> Outcome<()> {
    let by: Stamp = by.into();
    allowed(store, by, Role::Administrator)?;
    if username == by.by {
        return Err(OperatorRefusal::NotSelf.into());
    }
    if !store.operator(username)?.is_some_and(|o| o.active) {
        return Err(OperatorRefusal::Unknown(username.to_string()).into());
    }
    let mut ring = ring(db)?;
    ring.remove(username);
    ring.save(&ring_path(db))?;
    store.remove_operator(username, by.by, by.at)?;
    Ok(())
}

/// Changes an operator's role (administrators).
pub fn set_role<'a>(
    store: &mut Store,
    by: impl Into<Stamp<'a>>,
    username: &str,
    role: Role,
) -> Outcome<()> {
    let by: Stamp = by.into();
    allowed(store, by, Role::Administrator)?;
    if store.set_role(username, role, by.by, by.at)? {
        Ok(())
    } else {
        Err(OperatorRefusal::Unknown(username.to_string()).into())
    }
}

/// An operator changes their own passphrase (the old one proves it is them).
pub fn change_passphrase(
    db: &Path,
    by: &Session,
    old: &str,
    new: &str,
    again: &str,
) -> Outcome<()> {
    let op = NewOperator {
        username: &by.username,
        name: &by.name,
        pass: new,
        again,
    };
    auth::check_new(&op, &[], false)?;
    // The old passphrase is checked like a login: wrong ones count and wait.
    let key = auth::unwrap_key(db, &by.username, old)?;
    let mut ring = ring(db)?;
    ring.add(&by.username, new, &key)?;
    ring.save(&ring_path(db))?;
    Ok(())
}

/// Every passphrase was lost: the recovery code opens the key and gives `username` (an
/// active operator of the desk) a new passphrase. An older register is not upgraded here:
/// the login after it does that, with its progress.
pub fn recover(db: &Path, code: &str, username: &str, new: &str, again: &str) -> Outcome<()> {
    let op = NewOperator {
        username,
        name: username,
        pass: new,
        again,
    };
    auth::check_new(&op, &[], false)?;
    let mut ring = ring(db)?;
    let key = ring
        .open_with_recovery(&RecoveryCode::parse(code))
        .map_err(|_| AccessRefusal::WrongRecovery)?;
    if Pending::open(db, Some(&key))?.operator(username)?.is_none() {
        return Err(OperatorRefusal::Unknown(username.to_string()).into());
    }
    ring.add(username, new, &key)?;
    ring.clear_failures();
    ring.save(&ring_path(db))?;
    Ok(())
}
