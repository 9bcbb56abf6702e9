//! What every screen may use: the store, the language, the configuration, today's date, and
//! the status line.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::config::Config;
use crate::i18n::{I18n, Msg};
use crate::store::Store;

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
    pub store: Store,
    pub db_path: PathBuf,
    pub i18n: I18n,
    pub config: Config,
    pub today: NaiveDate,
    /// Written in the journal as the author of each change.
    pub operator: String,
    pub status: Option<Status>,
    /// The long job running, if any (its progress is drawn under the screen).
    pub jobs: crate::tui::jobs::Jobs,
}

impl Ctx {
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
