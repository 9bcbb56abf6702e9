//! The way into the app and back: setting up a new desk (or encrypting a register from
//! before encryption), showing the recovery code once, logging in; and the lock after idle
//! minutes, which hides everything until the same operator's passphrase is typed. Both are
//! screens of the app's stack (`screen.rs`) that cover the whole frame.

pub(crate) mod fields;
mod keys;
mod lock;
mod render;
mod screen;
pub(crate) mod view;
mod work;

pub use lock::{Lock, LockStep};

use std::path::{Path, PathBuf};
use std::time::Instant;

use ratatui::crossterm::event::KeyEvent;

use fields::{Field, Fields, Outcome};
use work::{Answer, Ask};
use zeroize::Zeroizing;

use crate::i18n::{I18n, Lang, Msg};
use crate::jobs::Long;
use crate::service::auth::{self, Gate as Needs, NewOperator, Opened};
use crate::service::outcome::{Failure, OperatorRefusal};
use crate::tui::keymap::{self, Action, Binding};
use crate::tui::theme;
use crate::vault::{RecoveryCode, Strength};

enum Stage {
    Setup {
        over_plain: bool,
    },
    /// The recovery code, shown once after setup.
    ShowCode {
        code: RecoveryCode,
    },
    Login,
    /// Every passphrase lost: the recovery code gives an operator a new one.
    Recover,
}

/// What a key did at the gate.
pub enum Step {
    Stay,
    /// Work to do after the next frame is drawn (it says "one moment").
    Work,
    Leave,
}

pub struct Gate {
    db: PathBuf,
    i18n: I18n,
    stage: Stage,
    fields: Fields,
    error: Option<Msg>,
    wait_until: Option<Instant>,
    working: bool,
    /// The work running off the loop, and since when.
    pending: Option<(Long<Answer>, Instant)>,
    opened: Option<Opened>,
    done: bool,
    /// Said above the login's fields (why the operator is asked to log in again).
    note: Option<Msg>,
}

const DESK: usize = 0;
const NAME: usize = 1;
const USER: usize = 2;
const PASS: usize = 3;
const AGAIN: usize = 4;

fn setup_fields() -> Fields {
    Fields::new(vec![
        Field::text("auth.gate.desk"),
        Field::text("auth.gate.name"),
        Field::text("auth.gate.username"),
        Field::secret("auth.gate.pass"),
        Field::secret("auth.gate.again"),
    ])
}

fn recover_fields() -> Fields {
    Fields::new(vec![
        Field::text("auth.gate.code"),
        Field::text("auth.gate.username"),
        Field::secret("auth.gate.pass"),
        Field::secret("auth.gate.again"),
    ])
}

fn login_fields() -> Fields {
    Fields::new(vec![
        Field::text("auth.gate.username"),
        Field::secret("auth.gate.pass"),
    ])
}

fn strength_style(s: Strength) -> ratatui::style::Style {
    match s {
        Strength::Weak => theme::error(),
        Strength::Fair => theme::warn(),
        Strength::Strong => theme::ok(),
    }
}

impl Gate {
    pub fn new(db: &Path, i18n: I18n) -> Result<Gate, Msg> {
        let needs = auth::gate(db).map_err(|f| crate::words::said(&f, i18n.lang))?;
        let (stage, fields) = match needs {
            Needs::Setup => (Stage::Setup { over_plain: false }, setup_fields()),
            Needs::SetupOverPlain => (Stage::Setup { over_plain: true }, setup_fields()),
            Needs::Login => (Stage::Login, login_fields()),
        };
        Ok(Gate {
            db: db.to_path_buf(),
            i18n,
            stage,
            fields,
            error: None,
            wait_until: None,
            working: false,
            pending: None,
            opened: None,
            done: false,
            note: None,
        })
    }

    /// The gate saying `note` above its fields (after a restore: what was restored).
    pub fn with_note(self, note: Option<Msg>) -> Gate {
        Gate { note, ..self }
    }

    /// The register and the operator, once logged in (or set up and the code written
    /// down); an older register comes with its steps still to run.
    pub fn take_opened(&mut self) -> Option<Opened> {
        if self.done { self.opened.take() } else { None }
    }

    pub fn paste(&mut self, s: &str) {
        if self.pending.is_none() {
            self.fields.paste(s);
        }
    }

    /// The key tables in force: the fields' (and the recovery code's at login).
    pub fn bindings(&self) -> Vec<&'static [Binding]> {
        match self.stage {
            Stage::ShowCode { .. } => vec![keys::CODE],
            Stage::Login => vec![keymap::TEXT_EDIT, keys::LOGIN, keys::FIELDS],
            Stage::Setup { .. } | Stage::Recover => vec![keymap::TEXT_EDIT, keys::FIELDS],
        }
    }

    /// A key, through the tables.
    pub fn key(&mut self, k: &KeyEvent) -> Step {
        let typing = !matches!(self.stage, Stage::ShowCode { .. });
        match keymap::resolve(k, typing, &self.bindings()) {
            Some(a) => self.act(a),
            None => Step::Stay,
        }
    }

    pub fn act(&mut self, a: Action) -> Step {
        if self.pending.is_some() {
            // Half a setup must not be left behind: keys wait for the work to end.
            return Step::Stay;
        }
        match (&self.stage, a) {
            (Stage::ShowCode { .. }, Action::Confirm) => {
                self.done = true;
                Step::Stay
            }
            (Stage::ShowCode { .. }, _) => Step::Stay,
            (_, Action::Quit) => Step::Leave,
            (Stage::Login, Action::Recover) => {
                self.stage = Stage::Recover;
                self.fields = recover_fields();
                self.error = None;
                Step::Stay
            }
            (Stage::Recover, Action::Back) => {
                self.stage = Stage::Login;
                self.fields = login_fields();
                self.error = None;
                Step::Stay
            }
            (_, a) => match self.fields.action(&a) {
                Outcome::Leave => Step::Leave,
                Outcome::Submit => {
                    if let Some(until) = self.wait_until
                        && until > Instant::now()
                    {
                        return Step::Stay;
                    }
                    self.working = true;
                    Step::Work
                }
                Outcome::Edited | Outcome::None => Step::Stay,
            },
        }
    }

    /// When the screen must be drawn again without a key: the next second of a wait, or of
    /// the work running.
    pub fn due(&self) -> Option<Instant> {
        let work = self.pending.as_ref().map(|(_, since)| {
            let ran = since.elapsed();
            Instant::now()
                + std::time::Duration::from_nanos(u64::from(1_000_000_000 - ran.subsec_nanos()))
        });
        next_second(self.wait_until).into_iter().chain(work).min()
    }

    /// Does what the operator asked for (setup, login, recovery) here and now (tests).
    pub fn work(&mut self) {
        self.working = false;
        self.error = None;
        if let Some(ask) = self.ask() {
            self.answer(ask.run());
        }
    }

    /// Starts what the operator asked for on a thread of its own: the box says "one moment"
    /// and counts the seconds; [`Gate::poll`] takes the answer.
    pub fn start_work(&mut self) {
        self.error = None;
        let Some(ask) = self.ask() else {
            self.working = false;
            return;
        };
        let title = Msg::new("auth.gate.working");
        // Encrypting a plain register reports how far it has got (store::watch).
        let work = move |p: &crate::jobs::Progress| {
            let p = p.clone();
            crate::store::watch::watching(move |done, total| p.step(done, total), || ask.run())
        };
        match Long::spawn(title.clone(), title, false, work) {
            Ok(job) => self.pending = Some((job, Instant::now())),
            Err(e) => {
                self.working = false;
                self.error = Some(Msg::new("jobs.not_started").arg("detail", e));
            }
        }
    }

    /// How far the work running has got, when it says (encrypting a plain register).
    fn fraction(&self) -> Option<f64> {
        let (job, _) = self.pending.as_ref()?;
        job.progress().snapshot()?.fraction()
    }

    /// Takes the answer of the work started, once there; true when the box changed (the
    /// answer, or the work's fraction moved).
    pub fn poll(&mut self) -> bool {
        let Some(answer) = self.pending.as_ref().and_then(|(j, _)| j.finished()) else {
            return self.fraction().is_some();
        };
        self.pending = None;
        self.working = false;
        match answer {
            Ok(a) => self.answer(a),
            Err(_) => self.error = Some(Msg::new("jobs.lost")),
        }
        true
    }

    /// The work the fields ask for, once what can be checked here is right.
    fn ask(&mut self) -> Option<Ask> {
        let db = self.db.clone();
        let v = |i: usize| self.fields.value(i).to_string();
        let secret = |i: usize| Zeroizing::new(self.fields.value(i).to_string());
        match self.stage {
            Stage::Setup { .. } => {
                let (desk, name, user) = (v(DESK), v(NAME), v(USER));
                let (pass, again) = (secret(PASS), secret(AGAIN));
                let admin = NewOperator {
                    username: &user,
                    name: &name,
                    pass: &pass,
                    again: &again,
                };
                if desk.trim().is_empty() {
                    let f = Failure::from(crate::service::outcome::AccessRefusal::DeskRequired);
                    self.error = Some(self.said(&f));
                    self.fields.focus_on(DESK);
                    return None;
                }
                if let Some((field, p)) = auth::problems(&admin, &[&desk], false).into_iter().next()
                {
                    self.fields.focus_on(match field {
                        "username" => USER,
                        "name" => NAME,
                        "pass" => PASS,
                        _ => AGAIN,
                    });
                    let f = Failure::from(OperatorRefusal::NewOperator(field, p));
                    self.error = Some(self.said(&f));
                    return None;
                }
                Some(Ask::Setup {
                    db,
                    desk,
                    name,
                    user,
                    pass,
                    again,
                })
            }
            Stage::Login => {
                let ask = Ask::Login {
                    db,
                    user: v(0).trim().to_string(),
                    pass: secret(1),
                };
                self.fields.clear_secrets();
                Some(ask)
            }
            Stage::Recover => {
                let ask = Ask::Recover {
                    db,
                    code: v(0),
                    user: v(1).trim().to_string(),
                    pass: secret(2),
                    again: secret(3),
                };
                self.fields.clear_secrets();
                Some(ask)
            }
            Stage::ShowCode { .. } => None,
        }
    }

    /// A failure in the operator's words.
    fn said(&self, f: &Failure) -> Msg {
        crate::words::said(f, self.i18n.lang)
    }

    fn answer(&mut self, a: Answer) {
        match a {
            Answer::Setup(Ok(done)) => {
                self.fields.clear_secrets();
                self.opened = Some(Opened::Ready(done.store, done.session));
                self.stage = Stage::ShowCode {
                    code: done.recovery,
                };
            }
            Answer::Setup(Err(f)) | Answer::Recover(Err(f)) => self.error = Some(self.said(&f)),
            Answer::Login(Ok(opened)) | Answer::Recover(Ok(opened)) => {
                self.opened = Some(opened);
                self.done = true;
            }
            Answer::Login(Err(f)) => {
                self.wait_until = waiting(&f);
                self.fields.focus_on(1);
                self.error = Some(shown(&f, "auth.wrong", self.i18n.lang));
            }
        }
    }
}

/// Until when the next attempt must wait after `f`.
pub(super) fn waiting(f: &Failure) -> Option<Instant> {
    f.wait().map(|w| Instant::now() + w)
}

/// What stays on screen after `f` once its delay has run out: `wrong` after a wrong or
/// too early passphrase, the failure's own words otherwise.
pub(super) fn shown(f: &Failure, wrong: &str, lang: Lang) -> Msg {
    match f.wait() {
        Some(_) => Msg::new(wrong),
        None => crate::words::said(f, lang),
    }
}

/// The instant the countdown to `until` shows its next number.
pub(super) fn next_second(until: Option<Instant>) -> Option<Instant> {
    let now = Instant::now();
    let left = until?.checked_duration_since(now)?;
    let to_next = std::time::Duration::from_nanos(u64::from(left.subsec_nanos()));
    Some(now + to_next + std::time::Duration::from_millis(5))
}

/// "Try again in N s" while a delay runs.
pub(super) fn wait_message(until: Option<Instant>, key: &str) -> Option<Msg> {
    let left = until?.checked_duration_since(Instant::now())?;
    Some(Msg::new(key).arg("secs", left.as_secs() + 1))
}
