//! The key ring: a small JSON file beside the database (`sportello.db.keys`) holding the
//! database key wrapped once per operator and once by the recovery code, and the count of
//! wrong passphrases in a row. It names operators by username only; their names and roles
//! live in the encrypted database, where nobody can edit them without a key.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::wrap::{self, KdfParams, WrapError, Wrapped};
use super::{DbKey, RecoveryCode, delay_after};

const FORMAT: u32 = 1;

/// Where the key ring of the database at `db` is kept.
pub fn ring_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".keys");
    PathBuf::from(s)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRing {
    format: u32,
    operators: BTreeMap<String, Wrapped>,
    recovery: Option<Wrapped>,
    /// Wrong passphrases in a row, and when the last one was typed (Unix seconds).
    #[serde(default)]
    failures: u32,
    #[serde(default)]
    last_failure: i64,
    /// A setup still under way: the database it makes (or encrypts) is not finished yet.
    /// The only state in which this ring may meet a missing, empty or plain file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    setup: Option<SetupKind>,
    /// The cost used for entries added from now on.
    #[serde(skip, default)]
    kdf: KdfParams,
}

/// What a setup under way is making the database from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SetupKind {
    /// No file, or an empty one.
    New,
    /// A plain register from before encryption, to be encrypted.
    Plain,
}

#[derive(Debug, PartialEq, Eq)]
pub enum RingError {
    /// Unknown username or wrong passphrase (never said which).
    WrongCredentials,
    /// The file cannot be read as a key ring, or an entry is damaged.
    Damaged(String),
    Io(String),
    /// The operating system gave no randomness.
    Random,
}

impl From<WrapError> for RingError {
    fn from(e: WrapError) -> RingError {
        match e {
            WrapError::Mismatch => RingError::WrongCredentials,
            WrapError::Damaged => RingError::Damaged("entry".into()),
            WrapError::Random => RingError::Random,
        }
    }
}

impl RingError {
    pub fn message_key(&self) -> &'static str {
        match self {
            RingError::WrongCredentials => "auth.wrong",
            RingError::Damaged(_) => "auth.ring_damaged",
            RingError::Io(_) => "auth.ring_io",
            RingError::Random => "auth.no_random",
        }
    }

    pub fn detail(&self) -> &str {
        match self {
            RingError::Damaged(d) | RingError::Io(d) => d,
            _ => "",
        }
    }
}

impl Default for KeyRing {
    fn default() -> KeyRing {
        KeyRing::new()
    }
}

impl KeyRing {
    pub fn new() -> KeyRing {
        KeyRing {
            format: FORMAT,
            operators: BTreeMap::new(),
            recovery: None,
            failures: 0,
            last_failure: 0,
            setup: None,
            kdf: KdfParams::default(),
        }
    }

    /// The setup this ring was written for, while its database is not finished.
    pub fn setup_under_way(&self) -> Option<SetupKind> {
        self.setup
    }

    /// Marks a setup as started (`Some`) or its database as finished (`None`).
    pub fn set_setup(&mut self, kind: Option<SetupKind>) {
        self.setup = kind;
    }

    /// A ring whose new entries use a cheaper derivation (tests only: it is weaker).
    pub fn with_kdf(mut self, kdf: KdfParams) -> KeyRing {
        self.kdf = kdf;
        self
    }

    /// Reads the ring at `path`; `None` when there is none.
    pub fn load(path: &Path) -> Result<Option<KeyRing>, RingError> {
        let text = match std::fs::read(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(RingError::Io(e.to_string())),
        };
        let ring: KeyRing =
            serde_json::from_slice(&text).map_err(|e| RingError::Damaged(e.to_string()))?;
        if ring.format != FORMAT {
            return Err(RingError::Damaged(format!("format {}", ring.format)));
        }
        Ok(Some(ring))
    }

    /// Writes the ring whole or not at all: a sibling file, synced, then renamed over.
    pub fn save(&self, path: &Path) -> Result<(), RingError> {
        let io = |e: std::io::Error| RingError::Io(e.to_string());
        let text = serde_json::to_vec_pretty(self).map_err(|e| RingError::Io(e.to_string()))?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".new");
        let tmp = PathBuf::from(tmp);
        let written = (|| {
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
            let mut f = opts.open(&tmp)?;
            f.write_all(&text)?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if written.is_err() {
            // A full disk: the ring as it was, and no empty file beside it.
            let _ = std::fs::remove_file(&tmp);
        }
        written.map_err(io)
    }

    pub fn has(&self, username: &str) -> bool {
        self.operators.contains_key(username)
    }

    pub fn usernames(&self) -> impl Iterator<Item = &str> {
        self.operators.keys().map(String::as_str)
    }

    /// Wraps `key` for `username` (replacing their entry: a passphrase change).
    pub fn add(&mut self, username: &str, pass: &str, key: &DbKey) -> Result<(), RingError> {
        let w = wrap::wrap(key, pass, self.kdf)?;
        self.operators.insert(username.to_owned(), w);
        Ok(())
    }

    /// Removes `username`'s entry: their passphrase no longer opens the database.
    pub fn remove(&mut self, username: &str) -> bool {
        self.operators.remove(username).is_some()
    }

    pub fn set_recovery(&mut self, key: &DbKey, code: &RecoveryCode) -> Result<(), RingError> {
        self.recovery = Some(wrap::wrap(key, code.reveal(), self.kdf)?);
        Ok(())
    }

    /// The database key, if `pass` is `username`'s passphrase.
    pub fn open(&self, username: &str, pass: &str) -> Result<DbKey, RingError> {
        match self.operators.get(username) {
            Some(w) => Ok(wrap::unwrap(w, pass)?),
            None => {
                wrap::decoy(pass, self.kdf);
                Err(RingError::WrongCredentials)
            }
        }
    }

    pub fn open_with_recovery(&self, code: &RecoveryCode) -> Result<DbKey, RingError> {
        match &self.recovery {
            Some(w) => Ok(wrap::unwrap(w, code.reveal())?),
            None => Err(RingError::WrongCredentials),
        }
    }

    pub fn note_failure(&mut self, now_unix: i64) {
        self.failures = self.failures.saturating_add(1);
        self.last_failure = now_unix;
    }

    pub fn clear_failures(&mut self) {
        self.failures = 0;
        self.last_failure = 0;
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// How long the next attempt must still wait at `now_unix`.
    pub fn wait_left(&self, now_unix: i64) -> Duration {
        let until = self.last_failure + delay_after(self.failures).as_secs() as i64;
        Duration::from_secs(until.saturating_sub(now_unix).max(0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::super::wrap::TEST_KDF;
    use super::*;

    fn ring() -> KeyRing {
        KeyRing::new().with_kdf(TEST_KDF)
    }

    #[test]
    fn each_operator_and_the_recovery_code_open_the_same_key() {
        let key = DbKey::random().unwrap();
        let mut r = ring();
        r.add("anna", "prima frase segreta", &key).unwrap();
        r.add("marco", "seconda frase segreta", &key).unwrap();
        let code = RecoveryCode::random().unwrap();
        r.set_recovery(&key, &code).unwrap();
        assert_eq!(r.open("anna", "prima frase segreta").unwrap(), key);
        assert_eq!(r.open("marco", "seconda frase segreta").unwrap(), key);
        assert_eq!(
            r.open("anna", "seconda frase segreta"),
            Err(RingError::WrongCredentials)
        );
        assert_eq!(r.open("nobody", "x"), Err(RingError::WrongCredentials));
        assert_eq!(r.open_with_recovery(&code).unwrap(), key);
        assert!(r.remove("marco"));
        assert_eq!(
            r.open("marco", "seconda frase segreta"),
            Err(RingError::WrongCredentials)
        );
    }

    #[test]
    fn the_ring_survives_a_round_trip_and_hides_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = ring_path(&dir.path().join("s.db"));
        assert_eq!(path.file_name().unwrap(), "s.db.keys");
        assert_eq!(KeyRing::load(&path), Ok(None));
        let key = DbKey::random().unwrap();
        let mut r = ring();
        r.add("anna", "prima frase segreta", &key).unwrap();
        r.note_failure(1000);
        r.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("prima"));
        let back = KeyRing::load(&path).unwrap().unwrap().with_kdf(TEST_KDF);
        assert_eq!(back.open("anna", "prima frase segreta").unwrap(), key);
        assert_eq!(back.failures(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "{ not json").unwrap();
        assert!(matches!(KeyRing::load(&path), Err(RingError::Damaged(_))));
    }

    #[test]
    fn failures_make_the_next_attempt_wait() {
        let mut r = ring();
        assert_eq!(r.wait_left(100), Duration::ZERO);
        r.note_failure(100);
        r.note_failure(100);
        assert_eq!(r.wait_left(100), Duration::from_secs(2));
        assert_eq!(r.wait_left(101), Duration::from_secs(1));
        assert_eq!(r.wait_left(200), Duration::ZERO);
        r.clear_failures();
        assert_eq!(r.wait_left(100), Duration::ZERO);
    }
}
