//! An administrator's work on operators: adding one (their passphrase wraps the database
//! key), removing one (their entry leaves the key ring), changing a role; and any operator
//! changing their own passphrase, or the recovery code replacing a lost one.

use std::path::Path;

use crate::i18n::Msg;
use crate::service::auth::{self, NewOperator, Session, require, ring_msg};
use crate::store::{Operator, Role, Store};
use crate::vault::{KeyRing, RecoveryCode, ring_path};

fn load(db: &Path) -> Result<KeyRing, Msg> {
    KeyRing::load(&ring_path(db))
        .map_err(|e| ring_msg(&e))?
        .ok_or_else(|| Msg::new("auth.not_set_up"))
}

fn save(db: &Path, ring: &KeyRing) -> Result<(), Msg> {
    ring.save(&ring_path(db)).map_err(|e| ring_msg(&e))
}

pub fn list(store: &Store, by: &str) -> Result<Vec<Operator>, Msg> {
    require(store, by, Role::Administrator)?;
    store.operators().map_err(|e| e.msg())
}

/// Adds an operator with a role and a first passphrase (checked like any other).
pub fn add(
    store: &mut Store,
    db: &Path,
    by: &Session,
    op: &NewOperator<'_>,
    role: Role,
) -> Result<Operator, Msg> {
    require(store, &by.username, Role::Administrator)?;
    if let Some((_, m)) = auth::check_new(op, &[], false).into_iter().next() {
        return Err(m);
    }
    if store
        .operator(op.username)
        .map_err(|e| e.msg())?
        .is_some_and(|o| o.active)
    {
        return Err(Msg::new("auth.exists").arg("username", op.username));
    }
    let key = store
        .key()
        .cloned()
        .ok_or_else(|| Msg::new("auth.not_set_up"))?;
    let mut ring = load(db)?;
    ring.add(op.username, op.pass, &key)
        .map_err(|e| ring_msg(&e))?;
    save(db, &ring)?;
    store
        .add_operator(
            op.username,
            op.name.trim(),
            role,
            &by.username,
            chrono::Utc::now(),
        )
        .map_err(|e| e.msg())
}

/// Removes an operator: their wrapped key leaves the ring (their passphrase no longer opens
/// the database) and they are marked removed (an old copy of the ring is refused too).
pub fn remove(store: &mut Store, db: &Path, by: &Session, username: &str) -> Result<(), Msg> {
    require(store, &by.username, Role::Administrator)?;
    if username == by.username {
        return Err(Msg::new("auth.not_self"));
    }
    if !store
        .operator(username)
        .map_err(|e| e.msg())?
        .is_some_and(|o| o.active)
    {
        return Err(Msg::new("auth.unknown").arg("username", username));
    }
    let mut ring = load(db)?;
    ring.remove(username);
    save(db, &ring)?;
    store
        .remove_operator(username, &by.username, chrono::Utc::now())
        .map(drop)
        .map_err(|e| e.msg())
}

pub fn set_role(store: &mut Store, by: &Session, username: &str, role: Role) -> Result<(), Msg> {
    require(store, &by.username, Role::Administrator)?;
    match store.set_role(username, role, &by.username, chrono::Utc::now()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(Msg::new("auth.unknown").arg("username", username)),
        Err(e) => Err(e.msg()),
    }
}

/// An operator changes their own passphrase (the old one proves it is them).
pub fn change_passphrase(
    db: &Path,
    by: &Session,
    old: &str,
    new: &str,
    again: &str,
) -> Result<(), Msg> {
    let op = NewOperator {
        username: &by.username,
        name: &by.name,
        pass: new,
        again,
    };
    if let Some((_, m)) = auth::check_new(&op, &[], false).into_iter().next() {
        return Err(m);
    }
    // The old passphrase is checked like a login: wrong ones count and wait.
    let key = auth::unwrap_key(db, &by.username, old).map_err(|e| e.msg())?;
    let mut ring = load(db)?;
    ring.add(&by.username, new, &key)
        .map_err(|e| ring_msg(&e))?;
    save(db, &ring)
}

/// Every passphrase was lost: the recovery code opens the key and gives `username` (an
/// operator of the desk) a new passphrase.
pub fn recover(db: &Path, code: &str, username: &str, new: &str, again: &str) -> Result<(), Msg> {
    let op = NewOperator {
        username,
        name: username,
        pass: new,
        again,
    };
    if let Some((_, m)) = auth::check_new(&op, &[], false).into_iter().next() {
        return Err(m);
    }
    let mut ring = load(db)?;
    let key = ring
        .open_with_recovery(&RecoveryCode::parse(code))
        .map_err(|_| Msg::new("auth.wrong_recovery"))?;
    let store = Store::open_keyed(db, &key).map_err(|e| e.msg())?;
    if !store
        .operator(username)
        .map_err(|e| e.msg())?
        .is_some_and(|o| o.active)
    {
        return Err(Msg::new("auth.unknown").arg("username", username));
    }
    ring.add(username, new, &key).map_err(|e| ring_msg(&e))?;
    ring.clear_failures();
    save(db, &ring)
}
