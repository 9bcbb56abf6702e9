//! Who is at the keyboard: setting up a new desk, logging in, unlocking after idle, and the
//! role checks every other service makes. The TUI and the command line both come here.

use crate::i18n::Msg;
use crate::service::outcome::{AccessRefusal, Failure, OperatorRefusal, Outcome};
use crate::service::stamp::Stamp;
pub use crate::service::which_desk::{gate, no_database_here};
use crate::service::which_desk::{setup_finished, the_desks_file};
use crate::store::cipher::{self, FileState};
use crate::store::health::{self, Depth};
use crate::store::read_only::{disk_full, file_is_read_only};
use crate::store::upgrade::{Pending, Ran, Report, Stage, Work};
use crate::store::{Role, Store, StoreError};
use crate::vault::{
    DbKey, KeyRing, RecoveryCode, RingError, SetupKind, delay_after, ring_path, strength,
};
use std::path::{Path, PathBuf};

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

/// A key-file problem as the operator reads it (the backup's checks).
pub(crate) fn ring_msg(e: &RingError) -> Msg {
    Msg::new(e.message_key()).arg("detail", e.detail())
}

fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
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

/// The first problem of a new operator's fields, as a refusal.
pub fn check_new(op: &NewOperator<'_>, related: &[&str], weak_ok: bool) -> Outcome<()> {
    match problems(op, related, weak_ok).into_iter().next() {
        Some((field, p)) => Err(OperatorRefusal::NewOperator(field, p).into()),
        None => Ok(()),
    }
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
pub fn setup(db: &Path, desk: &str, admin: &NewOperator<'_>, weak_ok: bool) -> Outcome<SetupDone> {
    if desk.trim().is_empty() {
        return Err(AccessRefusal::DeskRequired.into());
    }
    check_new(admin, &[desk], weak_ok)?;
    let ring_file = ring_path(db);
    if KeyRing::load(&ring_file)?.is_some() {
        return Err(AccessRefusal::AlreadySetUp.into());
    }
    let kind = match cipher::file_state(db)? {
        FileState::New => SetupKind::New,
        FileState::Plain => SetupKind::Plain,
        FileState::Encrypted => return Err(AccessRefusal::RingMissing(ring_file).into()),
    };
    let key = DbKey::random().map_err(|_| AccessRefusal::NoRandom)?;
    let recovery = RecoveryCode::random().map_err(|_| AccessRefusal::NoRandom)?;
    let mut ring = KeyRing::new();
    ring.add(admin.username, admin.pass, &key)?;
    ring.set_recovery(&key, &recovery)?;
    ring.set_setup(Some(kind));
    ring.save(&ring_file)?;
    let mut store = open_with_key(db, &key, admin.username, admin.name.trim())?;
    store.set_desk_setting("name", desk.trim())?;
    ring.set_setup(None);
    ring.save(&ring_file)?;
    let session = session_of(&store, admin.username)?;
    Ok(SetupDone {
        store,
        session,
        recovery,
    })
}

/// Encrypts `db` with `key` if it is still plain (an interrupted setup over a register from
/// before encryption).
fn encrypt_if_plain(db: &Path, key: &DbKey) -> Outcome<()> {
    if cipher::file_state(db)? == FileState::Plain {
        tracing::info!("encrypting {}", db.display());
        cipher::encrypt_in_place(db, key)?;
    }
    Ok(())
}

/// Opens `db` with `key`, encrypting it first if it is still plain; a desk without
/// operators gets `username` as its administrator.
fn open_with_key(db: &Path, key: &DbKey, username: &str, name: &str) -> Outcome<Store> {
    encrypt_if_plain(db, key)?;
    let mut store = Store::open_keyed(db, key)?;
    if health::checked_at_login(db) {
        let problems = store.check_pages(Depth::Quick)?;
        if !problems.is_empty() {
            tracing::error!("{} is damaged, held read-only: {problems:?}", db.display());
            // A connection that met a page failing its check keeps failing every read:
            // the register is read on a new one.
            drop(store);
            let store = Store::open_keyed(db, key)?;
            store.hold_read_only()?;
            return Ok(store);
        }
    }
    if !store.has_operators()? {
        let name = if name.is_empty() { username } else { name };
        store.add_operator(
            username,
            name,
            Role::Administrator,
            username,
            chrono::Utc::now(),
        )?;
    }
    Ok(store)
}

/// The session of an active operator (refused as removed for anyone else).
pub fn session_of(store: &Store, username: &str) -> Outcome<Session> {
    match store.operator(username)? {
        Some(o) if o.active => Ok(Session {
            username: o.username,
            name: o.name,
            role: o.role,
        }),
        _ => Err(AccessRefusal::Removed.into()),
    }
}

fn load_ring(db: &Path) -> Outcome<(PathBuf, KeyRing)> {
    let file = ring_path(db);
    match KeyRing::load(&file)? {
        Some(r) => Ok((file, r)),
        None => Err(OperatorRefusal::NotSetUp.into()),
    }
}

/// The database key if `pass` is `username`'s passphrase; wrong ones are counted in the
/// ring and make the next attempt wait longer (1, 2, 4 … 30 s).
pub(crate) fn unwrap_key(db: &Path, username: &str, pass: &str) -> Outcome<DbKey> {
    let (file, mut ring) = load_ring(db)?;
    let wait = ring.wait_left(now_unix());
    if !wait.is_zero() {
        return Err(AccessRefusal::TooSoon(wait).into());
    }
    match ring.open(username, pass) {
        Ok(key) => {
            if ring.failures() > 0 {
                ring.clear_failures();
                // On a full disk the count stays as it was; the operator is let in.
                if let Err(e) = ring.save(&file) {
                    tracing::warn!("wrong passphrases not cleared from the key file: {e:?}");
                }
            }
            Ok(key)
        }
        Err(RingError::WrongCredentials) => {
            ring.note_failure(now_unix());
            if let Err(e) = ring.save(&file) {
                tracing::warn!("a wrong passphrase not counted in the key file: {e:?}");
            }
            Err(AccessRefusal::Wrong {
                wait: delay_after(ring.failures()),
            }
            .into())
        }
        Err(e) => Err(e.into()),
    }
}

/// What a login opened: the register ready, or one made by an older version whose schema
/// steps are still to run (what the TUI and the command line show progress for).
pub enum Opened {
    Ready(Store, Session),
    Older(Older),
}

/// A register older than this build, its operator known, its schema steps not run yet.
pub struct Older {
    db: PathBuf,
    key: DbKey,
    pending: Pending,
    pub session: Session,
    /// The pending steps and the rows they rewrite.
    pub work: Work,
}

impl Older {
    /// Runs the pending steps, telling `report` where they have got; `stop` is asked
    /// between steps (a step is never left half done). The register opened as a login
    /// opens it once every step is applied; `None` when stopped (the next login goes on).
    pub fn upgrade(
        self,
        report: Report,
        stop: &dyn Fn() -> bool,
    ) -> Outcome<Option<(Store, Session)>> {
        match self.pending.run(report, stop)? {
            Ran::Stopped(_) => Ok(None),
            Ran::Done => {
                let store = open_with_key(&self.db, &self.key, &self.session.username, "")?;
                let session = session_of(&store, &self.session.username)?;
                setup_finished(&self.db)?;
                Ok(Some((store, session)))
            }
        }
    }
}

/// Logs `username` in: unwraps the key, finishes an interrupted encryption, and checks the
/// operator is active. A register from an older version is handed back with its steps to
/// run ([`Opened::Older`]) rather than upgraded here without a word.
pub fn enter(db: &Path, username: &str, pass: &str) -> Outcome<Opened> {
    let (_, ring) = load_ring(db)?;
    the_desks_file(db, &ring)?;
    let key = unwrap_key(db, username, pass)?;
    encrypt_if_plain(db, &key)?;
    // A setup stopped before its new database was made: nothing older to bring up to date.
    // A file that may not be written (or on a full disk) cannot be brought up to date: it
    // opens as it is.
    let writable = !file_is_read_only(db) && !disk_full(db);
    if ring.setup_under_way() != Some(SetupKind::New) && writable {
        let pending = match Pending::open(db, Some(&key)) {
            Err(StoreError::NotADatabase) => {
                return Err(AccessRefusal::NotThisDesk(db.to_path_buf()).into());
            }
            p => p?,
        };
        if !pending.is_current()? {
            let (name, role) = if pending.has_operators()? {
                pending.operator(username)?.ok_or(AccessRefusal::Removed)?
            } else {
                // A register from before operators: this one becomes its administrator once the
                // steps have run (as `open_with_key` makes them).
                (username.to_string(), Role::Administrator)
            };
            let work = pending.work()?;
            return Ok(Opened::Older(Older {
                db: db.to_path_buf(),
                key,
                pending,
                session: Session {
                    username: username.to_string(),
                    name,
                    role,
                },
                work,
            }));
        }
        drop(pending);
    }
    let store = open_with_key(db, &key, username, "")?;
    let session = session_of(&store, username)?;
    setup_finished(db)?;
    Ok(Opened::Ready(store, session))
}

/// [`enter`], an older register brought up to date on the way without progress (tests,
/// tools).
pub fn login(db: &Path, username: &str, pass: &str) -> Outcome<(Store, Session)> {
    match enter(db, username, pass)? {
        Opened::Ready(store, session) => Ok((store, session)),
        Opened::Older(older) => older
            .upgrade(std::sync::Arc::new(|_: &Stage| {}), &|| false)?
            .ok_or(Failure::Store(StoreError::Other("upgrade stopped".into()))),
    }
}

/// Checks the passphrase of the operator who locked the screen (same delays as a login).
pub fn unlock(db: &Path, session: &Session, pass: &str) -> Outcome<()> {
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
        Err(Failure::Store(e)) => Err(e.msg()),
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
