//! What every screen may use: the desk session (the store, who is logged in, the clock), the
//! language, the configuration, and the status line.

use std::cell::RefCell;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::i18n::{I18n, Msg};
use crate::service::desk::Desk;
use crate::service::outcome::Failure;

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

    /// The TUI's edge: a service's failure in the operator's words.
    pub fn said(&self, f: &Failure) -> Msg {
        crate::words::said(f, self.i18n.lang)
    }

    /// Shows a service's failure on the status line.
    pub fn failed(&mut self, f: &Failure) {
        let m = self.said(f);
        self.error(m);
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

    /// Each kind of failure in the operator's words, in Italian and in English, as the
    /// status line shows them.
    #[test]
    fn each_kind_of_failure_is_said_in_the_operators_language() {
        use crate::service::outcome::{Conflict, Failure, PlanRefusal, Reason};
        use crate::store::{CaseRefusal, StoreError};
        let day = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let at = day.and_hms_opt(12, 0, 0).unwrap().and_utc();
        let failures = [
            Failure::Refused(Reason::Case(CaseRefusal::Closed)),
            Failure::Refused(Reason::Plan(PlanRefusal::NotHours(
                "trainee_allowance".into(),
            ))),
            Failure::Forbidden(Role::Coordinator),
            Failure::Conflict(Conflict {
                by: "maria".into(),
                at,
            }),
            Failure::Store(StoreError::Locked),
        ];
        let it = [
            "Il percorso è chiuso: riaprilo prima.",
            "La voce Indennità di tirocinio non si conta in ore",
            "solo un coordinatore o un amministratore può farlo",
            "Non salvato: maria ha salvato questa scheda il ",
            "Il database è in uso da un altro programma: riprova tra poco",
        ];
        let en = [
            "The case is closed: reopen it first.",
            "The line Trainee allowance is not counted in hours",
            "only a coordinator or an administrator may do this",
            "Not saved: maria saved this record on ",
            "The database is in use by another program: try again in a moment",
        ];
        for (lang, words) in [(Lang::It, it), (Lang::En, en)] {
            let mut ctx = Ctx::in_memory("t", day);
            ctx.i18n = I18n::new(lang);
            for (f, want) in failures.iter().zip(words) {
                ctx.failed(f);
                let shown = ctx.status.as_ref().map(|s| ctx.i18n.msg(&s.msg));
                let shown = shown.unwrap_or_default();
                assert!(shown.starts_with(want), "{lang:?} {f:?}: {shown}");
                assert!(matches!(
                    ctx.status,
                    Some(Status {
                        tone: Tone::Error,
                        ..
                    })
                ));
            }
        }
    }
}
