//! What every screen may use: the desk session (the store, who is logged in, the clock), the
//! language, the configuration, and the status line.

use std::cell::RefCell;
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
    /// The long job running, if any (its progress is drawn under the screen).
    pub jobs: crate::tui::jobs::Jobs,
    /// Problems met where only a shared `&Ctx` was at hand (building a form's choices):
    /// each reaches the status line at the next tick.
    problems: RefCell<Vec<Msg>>,
}

impl Ctx {
    pub fn new(desk: Desk, db_path: PathBuf, i18n: I18n, config: Config) -> Ctx {
        Ctx {
            desk,
            db_path,
            i18n,
            config,
            status: None,
            problems: RefCell::new(Vec::new()),
            jobs: Default::default(),
        }
    }

    /// Reports an error where the context cannot be changed; shown at the next tick.
    pub fn problem(&self, msg: Msg) {
        self.problems.borrow_mut().push(msg);
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

    /// Shows a queued problem, or drops an expired status message; true when something
    /// changed.
    pub fn expire_status(&mut self) -> bool {
        let queued = std::mem::take(self.problems.get_mut());
        if let Some(first) = queued.into_iter().next() {
            self.error(first);
            return true;
        }
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

#[cfg(test)]
impl Ctx {
    /// An English context over a private register in memory, `username` acting on `today`.
    pub(crate) fn in_memory(username: &str, today: chrono::NaiveDate) -> Ctx {
        let store = crate::store::Store::open_memory().expect("a register in memory");
        let clock = crate::service::desk::Clock::on(today);
        let desk = Desk::as_operator(store, username, crate::store::Role::Operator, clock);
        Ctx::new(
            desk,
            PathBuf::from(":memory:"),
            I18n::new(crate::i18n::Lang::En),
            Config::default(),
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::i18n::Lang;
    use crate::service::desk::Clock;
    use crate::store::{Role, Store};

    #[test]
    fn a_problem_met_with_a_shared_context_reaches_the_status_line() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let desk = Desk::as_operator(
            Store::open_memory().unwrap(),
            "t",
            Role::Operator,
            Clock::on(day),
        );
        let mut ctx = Ctx::new(
            desk,
            PathBuf::from(":memory:"),
            I18n::new(Lang::En),
            Config::default(),
        );
        let shared: &Ctx = &ctx;
        shared.problem(Msg::new("case.not_found"));
        assert!(ctx.status.is_none());
        assert!(ctx.expire_status(), "the next tick shows it");
        let s = ctx.status.as_ref().unwrap();
        assert_eq!(
            (s.msg.key.as_str(), s.tone),
            ("case.not_found", Tone::Error)
        );
        assert!(!ctx.expire_status(), "shown once");
    }
}
