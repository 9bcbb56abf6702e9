//! Before the app: setting up a new desk (or encrypting a register from before encryption),
//! showing the recovery code once, logging in. And inside the app: the lock after idle
//! minutes, which hides everything until the same operator's passphrase is typed.

pub(crate) mod fields;
mod keys;
mod lock;
pub(crate) mod view;

pub use lock::{Lock, LockStep};

use std::path::{Path, PathBuf};
use std::time::Instant;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;

use fields::{Field, Fields, Outcome};
use view::Boxed;

use crate::i18n::{I18n, Msg};
use crate::service::auth::{self, Gate as Needs, LoginError, NewOperator, Session};
use crate::store::Store;
use crate::tui::keymap::{self, Action, Binding};
use crate::tui::theme;
use crate::vault::{RecoveryCode, Strength, strength};

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
    opened: Option<(Store, Session)>,
    done: bool,
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
        let (stage, fields) = match auth::gate(db)? {
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
            opened: None,
            done: false,
        })
    }

    /// The store and the operator, once logged in (or set up and the code written down).
    pub fn take_opened(&mut self) -> Option<(Store, Session)> {
        if self.done { self.opened.take() } else { None }
    }

    pub fn paste(&mut self, s: &str) {
        self.fields.paste(s);
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

    /// When the screen must be drawn again without a key: the next second of a wait.
    pub fn due(&self) -> Option<Instant> {
        next_second(self.wait_until)
    }

    /// Does what the operator asked for (setup or login); called after a frame that says
    /// "one moment" (encrypting a large register takes seconds).
    pub fn work(&mut self) {
        self.working = false;
        self.error = None;
        match self.stage {
            Stage::Setup { .. } => self.setup(),
            Stage::Login => self.login(),
            Stage::Recover => self.recover(),
            Stage::ShowCode { .. } => {}
        }
    }

    fn setup(&mut self) {
        let (desk, name, user) = (
            self.fields.value(DESK).to_string(),
            self.fields.value(NAME).to_string(),
            self.fields.value(USER).to_string(),
        );
        let admin = NewOperator {
            username: &user,
            name: &name,
            pass: self.fields.value(PASS),
            again: self.fields.value(AGAIN),
        };
        if desk.trim().is_empty() {
            self.error = Some(Msg::new("auth.desk_required"));
            self.fields.focus_on(DESK);
            return;
        }
        if let Some((field, m)) = auth::check_new(&admin, &[&desk], false).into_iter().next() {
            self.fields.focus_on(match field {
                "username" => USER,
                "name" => NAME,
                "pass" => PASS,
                _ => AGAIN,
            });
            self.error = Some(m);
            return;
        }
        match auth::setup(&self.db, &desk, &admin, false) {
            Ok(done) => {
                self.fields.clear_secrets();
                self.opened = Some((done.store, done.session));
                self.stage = Stage::ShowCode {
                    code: done.recovery,
                };
            }
            Err(m) => self.error = Some(m),
        }
    }

    /// The recovery code sets a new passphrase, then the operator is logged in with it.
    fn recover(&mut self) {
        let (code, user) = (
            self.fields.value(0).to_string(),
            self.fields.value(1).trim().to_string(),
        );
        let (pass, again) = (
            self.fields.value(2).to_string(),
            self.fields.value(3).to_string(),
        );
        let done = crate::service::operators::recover(&self.db, &code, &user, &pass, &again)
            .and_then(|()| auth::login(&self.db, &user, &pass).map_err(|e| e.msg()));
        self.fields.clear_secrets();
        match done {
            Ok(opened) => {
                self.opened = Some(opened);
                self.done = true;
            }
            Err(m) => self.error = Some(m),
        }
    }

    fn login(&mut self) {
        let user = self.fields.value(0).trim().to_string();
        let result = auth::login(&self.db, &user, self.fields.value(1));
        self.fields.clear_secrets();
        match result {
            Ok(opened) => {
                self.opened = Some(opened);
                self.done = true;
            }
            Err(e) => {
                self.wait_until = waiting(&e);
                self.fields.focus_on(1);
                self.error = Some(shown(&e, "auth.wrong"));
            }
        }
    }

    pub fn render(&self, f: &mut Frame) {
        let i18n = &self.i18n;
        let t = |k: &str| i18n.t(k).to_string();
        let wait_msg = self.wait_message();
        let error = wait_msg.as_ref().or(self.error.as_ref());
        let working = self.working.then(|| Msg::new("auth.gate.working"));
        let error = working.as_ref().or(error);
        let b = match &self.stage {
            Stage::Setup { over_plain } => {
                let pass = self.fields.value(PASS);
                let related = [
                    self.fields.value(DESK),
                    self.fields.value(NAME),
                    self.fields.value(USER),
                ];
                let hint = (!pass.is_empty()).then(|| {
                    let s = strength(pass, &related);
                    let level = t(s.key());
                    (
                        PASS,
                        i18n.tf("auth.gate.strength", &[("level", &level)]),
                        strength_style(s),
                    )
                });
                Boxed {
                    title: t(if *over_plain {
                        "auth.gate.setup_plain_title"
                    } else {
                        "auth.gate.setup_title"
                    }),
                    note: Some(t(if *over_plain {
                        "auth.gate.setup_plain_note"
                    } else {
                        "auth.gate.setup_note"
                    })),
                    fields: Some(&self.fields),
                    hint,
                    big: None,
                    error,
                    keys: t("auth.gate.keys_setup"),
                }
            }
            Stage::ShowCode { code } => Boxed {
                title: t("auth.gate.recovery_title"),
                note: Some(t("auth.gate.recovery_note")),
                fields: None,
                hint: None,
                big: Some(code.reveal().to_string()),
                error: None,
                keys: t("auth.gate.keys_recovery"),
            },
            Stage::Recover => Boxed {
                title: t("auth.gate.recover_title"),
                note: Some(t("auth.gate.recover_note")),
                fields: Some(&self.fields),
                hint: None,
                big: None,
                error,
                keys: t("auth.gate.keys_recover"),
            },
            Stage::Login => Boxed {
                title: format!("{} · {}", t("app.name"), t("auth.gate.login_title")),
                note: None,
                fields: Some(&self.fields),
                hint: None,
                big: None,
                error,
                keys: t("auth.gate.keys_login"),
            },
        };
        view::draw(f, i18n, &b);
    }

    fn wait_message(&self) -> Option<Msg> {
        wait_message(self.wait_until, "auth.wait")
    }
}

/// Until when the next attempt must wait after `e`.
pub(super) fn waiting(e: &LoginError) -> Option<Instant> {
    match e {
        LoginError::Wrong { wait } | LoginError::Wait(wait) => Some(Instant::now() + *wait),
        LoginError::Other(_) => None,
    }
}

/// What stays on screen after `e` once its delay has run out.
pub(super) fn shown(e: &LoginError, wrong: &str) -> Msg {
    match e {
        LoginError::Wrong { .. } | LoginError::Wait(_) => Msg::new(wrong),
        LoginError::Other(m) => m.clone(),
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
