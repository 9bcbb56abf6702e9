//! What every screen may use: the desk session (the store, who is logged in, the clock), the
//! language, the configuration, and the status line.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::i18n::{I18n, Msg};
use crate::service::desk::Desk;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone)]
pub struct Status {
    pub msg: Msg,
    pub tone: Tone,
    pub at: Instant,
}

/// How long a status message stays on screen.
pub const STATUS_TTL: Duration = Duration::from_secs(6);

pub struct Ctx {
    pub desk: Desk,
    pub db_path: PathBuf,
    pub i18n: I18n,
    pub config: Config,
    pub status: Option<Status>,
}

impl Ctx {
    pub fn new(desk: Desk, db_path: PathBuf, i18n: I18n, config: Config) -> Ctx {
        Ctx {
            desk,
            db_path,
            i18n,
            config,
            status: None,
        }
    }

    pub fn say(&mut self, tone: Tone, msg: Msg) {
        self.status = Some(Status {
            msg,
            tone,
            at: Instant::now(),
        });
    }

    pub fn info(&mut self, msg: Msg) {
        self.say(Tone::Info, msg);
    }

    pub fn warn(&mut self, msg: Msg) {
        self.say(Tone::Warn, msg);
    }

    pub fn error(&mut self, msg: Msg) {
        self.say(Tone::Error, msg);
    }

    /// Drops an expired status message; true when something changed.
    pub fn expire_status(&mut self) -> bool {
        if self
            .status
            .as_ref()
            .is_some_and(|s| s.at.elapsed() > STATUS_TTL)
        {
            self.status = None;
            return true;
        }
        false
    }
}
