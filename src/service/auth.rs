//! Who is at the keyboard: setting up a new desk, logging in, unlocking after idle, and the
//! role checks every other service makes. The TUI and the command line both come here.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::i18n::Msg;
use crate::service::outcome::{Failure, Outcome};
use crate::service::stamp::Stamp;
use crate::store::cipher::{self, FileState};
use crate::store::{Role, Store, StoreError};
use crate::vault::{DbKey, KeyRing, RecoveryCode, RingError, delay_after, ring_path, strength};

/// The operator logged in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub username: String,
    pub name: String,
    pub role: Role,
}

/// What opening a database needs first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// A new desk: create the first administrator.
    Setup,
    /// A database from before encryption: create the first administrator, then encrypt it.
    SetupOverPlain,
    Login,
}

/// Why a login or an unlock failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginError {
    /// Wrong username or passphrase; the next attempt waits `wait`.
    Wrong { wait: Duration },
    /// Too soon after wrong ones: wait this long.
    Wait(Duration),
    /// Anything else, said in a message.
    Other(Msg),
}

impl LoginError {
    pub fn msg(&self) -> Msg {
        match self {
            LoginError::Wrong { .. } => Msg::new("auth.wrong"),
            LoginError::Wait(w) => Msg::new("auth.wait_first").arg("secs", w.as_secs().max(1)),
            LoginError::Other(m) => m.clone(),
        }
    }
}

/// A key-file problem as the operator reads it.
pub(crate) fn ring_msg(e: &RingError) -> Msg {
    Msg::new(e.message_key()).arg("detail", e.detail())
}

fn store_msg(e: &StoreError) -> Msg {
    e.msg()
}

fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// What `db` needs before it can be opened.
pub fn gate(db: &Path) -> Result<Gate, Msg> {
    let ring = ring_path(db);
    if KeyRing::load(&ring).map_err(|e| ring_msg(&e))?.is_some() {
        return Ok(Gate::Login);
    }
    match cipher::file_state(db).map_err(|e| store_msg(&e))? {
        FileState::New => Ok(Gate::Setup),
        FileState::Plain => Ok(Gate::SetupOverPlain),
        FileState::Encrypted => Err(Msg::new("auth.ring_missing").arg("path", ring.display())),
    }
}

/// A new operator as typed.
pub struct NewOperator<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub pass: &'a str,
    pub again: &'a str,
}

/// A username: 2 to 32 of a-z, 0-9, '.', '-', '_'.
pub fn valid_username(u: &str) -> bool {
    (2..=32).contains(&u.len())
        && u.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// What is wrong with a field of a new operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    BadUsername,
    NameRequired,
    Weak,
    Mismatch,
}

impl Problem {
    /// The catalogue key that says it (language-free).
    pub fn key(self) -> &'static str {
        match self {
            Problem::BadUsername => "auth.bad_username",
            Problem::NameRequired => "auth.name_required",
            Problem::Weak => "auth.weak",
            Problem::Mismatch => "auth.mismatch",
        }
    }
}

/// Every problem of a new operator's fields, each with its field's id (empty when they are
/// fine). `weak_ok` only for the bundled demo.
pub fn problems(
    op: &NewOperator<'_>,
    related: &[&str],
    weak_ok: bool,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    if !valid_username(op.username) {
        out.push(("username", Problem::BadUsername));
    }
    if op.name.trim().is_empty() {
        out.push(("name", Problem::NameRequired));
    }
    let mut words: Vec<&str> = related.to_vec();
    words.extend([op.username, op.name]);
    words.extend(op.name.split_whitespace());
    if !weak_ok && !strength(op.pass, &words).acceptable() {
        out.push(("pass", Problem::Weak));
    }
    if op.pass != op.again {
        out.push(("again", Problem::Mismatch));
    }
    out
}

/// [`problems`] as language-free messages, for the gate's fields.
pub fn check_new(
    op: &NewOperator<'_>,
    related: &[&str],
    weak_ok: bool,
) -> Vec<(&'static str, Msg)> {
    problems(op, related, weak_ok)
        .into_iter()
        .map(|(field, p)| (field, Msg::new(p.key())))
        .collect()
}

/// A desk just set up: the store open, the administrator logged in, and the recovery code
/// to show once.
pub struct SetupDone {
    pub store: Store,
    pub session: Session,
    pub recovery: RecoveryCode,
}

/// Creates the key, the first administrator and the recovery code, then creates (or, for a
/// database from before encryption, encrypts) the database. The key ring is written first:
/// if the program stops before the database is encrypted, the next login finishes the job.
pub fn setup(
    db: &Path,
    desk: &str,
    admin: &NewOperator<'_>,
    weak_ok: bool,
) -> Result<SetupDone, Msg> {
    if desk.trim().is_empty() {
        return Err(Msg::new("auth.desk_required"));
    }
    if let Some((_, m)) = check_new(admin, &[desk], weak_ok).into_iter().next() {
        return Err(m);
    }
    let ring_file = ring_path(db);
    if KeyRing::load(&ring_file)
        .map_err(|e| ring_msg(&e))?
        .is_some()
    {
        return Err(Msg::new("auth.already_set_up"));
    }
    let key = DbKey::random().map_err(|_| Msg::new("auth.no_random"))?;
    let recovery = RecoveryCode::random().map_err(|_| Msg::new("auth.no_random"))?;
    let mut ring = KeyRing::new();
    ring.add(admin.username, admin.pass, &key)
        .map_err(|e| ring_msg(&e))?;
    ring.set_recovery(&key, &recovery)
        .map_err(|e| ring_msg(&e))?;
    ring.save(&ring_file).map_err(|e| ring_msg(&e))?;
    let mut store = open_with_key(db, &key, admin.username, admin.name.trim())?;
    store
        .set_desk_setting("name", desk.trim())
        .map_err(|e| store_msg(&e))?;
    let session = session_of(&store, admin.username)?;
    Ok(SetupDone {
        store,
        session,
        recovery,
    })
}

/// Opens `db` with `key`, encrypting it first if it is still plain; a desk without
/// operators gets `username` as its administrator.
fn open_with_key(db: &Path, key: &DbKey, username: &str, name: &str) -> Result<Store, Msg> {
    if cipher::file_state(db).map_err(|e| store_msg(&e))? == FileState::Plain {
        tracing::info!("encrypting {}", db.display());
        cipher::encrypt_in_place(db, key).map_err(|e| store_msg(&e))?;
    }
    let mut store = Store::open_keyed(db, key).map_err(|e| store_msg(&e))?;
    if !store.has_operators().map_err(|e| store_msg(&e))? {
        let name = if name.is_empty() { username } else { name };
        store
            .add_operator(
                username,
                name,
                Role::Administrator,
                username,
                chrono::Utc::now(),
            )
            .map_err(|e| store_msg(&e))?;
    }
    Ok(store)
}

/// The session of an active operator (`auth.removed` for anyone else).
pub fn session_of(store: &Store, username: &str) -> Result<Session, Msg> {
    match store.operator(username).map_err(|e| store_msg(&e))? {
        Some(o) if o.active => Ok(Session {
            username: o.username,
            name: o.name,
            role: o.role,
        }),
        _ => Err(Msg::new("auth.removed")),
    }
}

fn load_ring(db: &Path) -> Result<(PathBuf, KeyRing), LoginError> {
    let file = ring_path(db);
    match KeyRing::load(&file) {
        Ok(Some(r)) => Ok((file, r)),
        Ok(None) => Err(LoginError::Other(Msg::new("auth.not_set_up"))),
        Err(e) => Err(LoginError::Other(ring_msg(&e))),
    }
}

/// The database key if `pass` is `username`'s passphrase; wrong ones are counted in the
/// ring and make the next attempt wait longer (1, 2, 4 … 30 s).
pub(crate) fn unwrap_key(db: &Path, username: &str, pass: &str) -> Result<DbKey, LoginError> {
    let (file, mut ring) = load_ring(db)?;
    let wait = ring.wait_left(now_unix());
    if !wait.is_zero() {
        return Err(LoginError::Wait(wait));
    }
    match ring.open(username, pass) {
        Ok(key) => {
            if ring.failures() > 0 {
                ring.clear_failures();
                ring.save(&file)
                    .map_err(|e| LoginError::Other(ring_msg(&e)))?;
            }
            Ok(key)
        }
        Err(RingError::WrongCredentials) => {
            ring.note_failure(now_unix());
            ring.save(&file)
                .map_err(|e| LoginError::Other(ring_msg(&e)))?;
            Err(LoginError::Wrong {
                wait: delay_after(ring.failures()),
            })
        }
        Err(e) => Err(LoginError::Other(ring_msg(&e))),
    }
}

/// Logs `username` in: unwraps the key, opens the database (finishing an interrupted
/// encryption), and checks the operator is still active.
pub fn login(db: &Path, username: &str, pass: &str) -> Result<(Store, Session), LoginError> {
    let key = unwrap_key(db, username, pass)?;
    let store = open_with_key(db, &key, username, "").map_err(LoginError::Other)?;
    let session = session_of(&store, username).map_err(LoginError::Other)?;
    Ok((store, session))
}

/// Checks the passphrase of the operator who locked the screen (same delays as a login).
pub fn unlock(db: &Path, session: &Session, pass: &str) -> Result<(), LoginError> {
    unwrap_key(db, &session.username, pass).map(drop)
}

/// Forbids who acts an action that needs `role`. A database without operators (tests'
/// plain stores, a desk not set up yet) has nobody to check.
pub fn allowed<'a>(store: &Store, who: impl Into<Stamp<'a>>, role: Role) -> Outcome<()> {
    if !store.has_operators()? {
        return Ok(());
    }
    match store.operator(who.into().by)? {
        Some(o) if o.active && o.role >= role => Ok(()),
        _ => Err(Failure::Forbidden(role)),
    }
}

/// [`allowed`] as a language-free message, for the backup's and the erasure's screens.
pub fn require<'a>(store: &Store, who: impl Into<Stamp<'a>>, role: Role) -> Result<(), Msg> {
    match allowed(store, who, role) {
        Ok(()) => Ok(()),
        Err(Failure::Store(e)) => Err(store_msg(&e)),
        Err(_) => Err(forbidden(role)),
    }
}

pub fn forbidden(role: Role) -> Msg {
    Msg::new(format!("auth.forbidden.{}", role.code()))
}

pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::Operator => "auth.role.operator",
        Role::Coordinator => "auth.role.coordinator",
        Role::Administrator => "auth.role.administrator",
    }
}
