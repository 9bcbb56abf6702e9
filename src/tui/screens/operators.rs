//! The desk's operators (O on the agenda): an administrator adds one (`n`), changes a role
//! (`r` cycles it) or removes one (`d` twice); anyone changes their own passphrase (`p`).
//! Passphrases are typed in a box of their own, never in a form with drafts.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::Msg;
use crate::service::auth::{NewOperator, Session, require, role_key};
use crate::service::operators as service;
use crate::store::{Operator, Role};
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::gate::fields::{Field, Fields, Outcome};
use crate::tui::gate::view::{self, Boxed};
use crate::tui::keymap::{Action, Binding, NAV, TEXT_EDIT, ch, ctrl, key};
use crate::tui::screen::{Screen, Transition};
use crate::tui::theme;

static KEYS: &[Binding] = &[
    Binding {
        keys: &[ch('n')],
        action: Action::New,
        help: "operators.keys.new",
        bar: true,
    },
    Binding {
        keys: &[ch('r')],
        action: Action::Toggle,
        help: "operators.keys.role",
        bar: true,
    },
    Binding {
        keys: &[ch('d')],
        action: Action::RemoveRow,
        help: "operators.keys.remove",
        bar: true,
    },
    Binding {
        keys: &[ch('p')],
        action: Action::Edit,
        help: "operators.keys.passphrase",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

/// How long the first `d` waits for the second.
const REMOVE_WINDOW: Duration = Duration::from_secs(5);

pub struct OperatorsScreen {
    rows: Vec<Operator>,
    selected: usize,
    admin: bool,
    remove_armed: Option<(String, Instant)>,
}

fn session(ctx: &Ctx) -> Result<Session, Msg> {
    crate::service::auth::session_of(&ctx.store, &ctx.operator)
}

pub fn open(ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    let mut s = OperatorsScreen {
        rows: Vec::new(),
        selected: 0,
        admin: false,
        remove_armed: None,
    };
    s.reload(ctx).then(|| Box::new(s) as Box<dyn Screen>)
}

impl OperatorsScreen {
    fn reload(&mut self, ctx: &mut Ctx) -> bool {
        self.admin = require(&ctx.store, &ctx.operator, Role::Administrator).is_ok();
        let rows = if self.admin {
            service::list(&ctx.store, &ctx.operator)
        } else {
            // Everyone else sees themselves (to change their passphrase).
            ctx.store
                .operator(&ctx.operator)
                .map(|o| o.into_iter().collect())
                .map_err(|e| e.msg())
        };
        match rows {
            Ok(r) => {
                self.rows = r;
                self.selected = self.selected.min(self.rows.len().saturating_sub(1));
                true
            }
            Err(m) => {
                ctx.error(m);
                false
            }
        }
    }

    fn selected_username(&self) -> Option<String> {
        self.rows.get(self.selected).map(|o| o.username.clone())
    }

    fn cycle_role(&mut self, ctx: &mut Ctx) {
        let Some(o) = self.rows.get(self.selected) else {
            return;
        };
        let next = match o.role {
            Role::Operator => Role::Coordinator,
            Role::Coordinator => Role::Administrator,
            Role::Administrator => Role::Operator,
        };
        if o.username == ctx.operator {
            ctx.error(Msg::new("auth.not_self"));
            return;
        }
        let username = o.username.clone();
        let done =
            session(ctx).and_then(|by| service::set_role(&mut ctx.store, &by, &username, next));
        match done {
            Ok(()) => {
                self.reload(ctx);
            }
            Err(m) => ctx.error(m),
        }
    }

    fn remove(&mut self, ctx: &mut Ctx) {
        let Some(username) = self.selected_username() else {
            return;
        };
        let second = self
            .remove_armed
            .take()
            .is_some_and(|(u, t)| u == username && t.elapsed() < REMOVE_WINDOW);
        if !second {
            if let Err(m) = require(&ctx.store, &ctx.operator, Role::Administrator) {
                ctx.error(m);
                return;
            }
            self.remove_armed = Some((username.clone(), Instant::now()));
            ctx.warn(Msg::new("operators.press_again").arg("username", username));
            return;
        }
        let db = ctx.db_path.clone();
        let done = session(ctx).and_then(|by| service::remove(&mut ctx.store, &db, &by, &username));
        match done {
            Ok(()) => {
                ctx.info(Msg::new("auth.cli.removed").arg("username", username));
                self.reload(ctx);
            }
            Err(m) => ctx.error(m),
        }
    }
}

impl Screen for OperatorsScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        let last = self.rows.len().saturating_sub(1);
        match action {
            Action::Back => return Transition::Pop,
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::New => {
                if let Err(m) = require(&ctx.store, &ctx.operator, Role::Administrator) {
                    ctx.error(m);
                } else {
                    return Transition::Push(Box::new(Dialog::add()));
                }
            }
            Action::Edit => return Transition::Push(Box::new(Dialog::passphrase())),
            Action::Toggle => self.cycle_role(ctx),
            Action::RemoveRow => self.remove(ctx),
            _ => {}
        }
        Transition::None
    }

    fn on_event(&mut self, _ev: &crate::tui::screen::AppEvent, ctx: &mut Ctx) {
        self.reload(ctx);
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let i18n = ctx.i18n;
        let [head, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        f.render_widget(
            Paragraph::new(Line::styled(
                i18n.t("operators.head").to_string(),
                theme::dim(),
            )),
            head,
        );
        let lines: Vec<Line> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let style = if i == self.selected {
                    theme::selected()
                } else if o.active {
                    ratatui::style::Style::new()
                } else {
                    theme::dim()
                };
                let state = if o.active {
                    ""
                } else {
                    i18n.t("cli.operator.removed_mark")
                };
                Line::styled(
                    format!(
                        "{:<18} {:<32} {:<16} {}",
                        text::clip(&text::sanitize(&o.username), 18),
                        text::clip(&text::sanitize(&o.name), 32),
                        i18n.t(role_key(o.role)),
                        state
                    ),
                    style,
                )
            })
            .collect();
        f.render_widget(Paragraph::new(lines), list);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("operators.title").to_string()
    }
}

/// A box of fields over the list: a new operator, or one's own new passphrase.
struct Dialog {
    kind: DialogKind,
    fields: Fields,
    error: Option<Msg>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DialogKind {
    Add,
    Passphrase,
}

static DIALOG_KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Confirm,
        help: "keys.confirm",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Tab)],
        action: Action::NextField,
        help: "audit.keys.next",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::BackTab)],
        action: Action::PrevField,
        help: "audit.keys.prev",
        bar: false,
    },
    Binding {
        keys: &[ctrl('s')],
        action: Action::Save,
        help: "keys.save",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

impl Dialog {
    fn add() -> Dialog {
        Dialog {
            kind: DialogKind::Add,
            fields: Fields::new(vec![
                Field::text("auth.gate.username"),
                Field::text("auth.gate.name"),
                Field::secret("auth.gate.pass"),
                Field::secret("auth.gate.again"),
            ]),
            error: None,
        }
    }

    fn passphrase() -> Dialog {
        Dialog {
            kind: DialogKind::Passphrase,
            fields: Fields::new(vec![
                Field::secret("operators.current"),
                Field::secret("auth.gate.pass"),
                Field::secret("auth.gate.again"),
            ]),
            error: None,
        }
    }

    fn submit(&mut self, ctx: &mut Ctx) -> Result<Msg, Msg> {
        let by = session(ctx)?;
        let db = ctx.db_path.clone();
        let v = |i: usize| self.fields.value(i).to_string();
        match self.kind {
            DialogKind::Add => {
                let (user, name, pass, again) = (v(0), v(1), v(2), v(3));
                let op = NewOperator {
                    username: user.trim(),
                    name: &name,
                    pass: &pass,
                    again: &again,
                };
                service::add(&mut ctx.store, &db, &by, &op, Role::Operator)?;
                let role = ctx.i18n.t(role_key(Role::Operator)).to_string();
                Ok(Msg::new("auth.cli.added")
                    .arg("username", user.trim())
                    .arg("role", role))
            }
            DialogKind::Passphrase => {
                let (old, new, again) = (v(0), v(1), v(2));
                service::change_passphrase(&db, &by, &old, &new, &again)?;
                Ok(Msg::new("auth.cli.passphrase_changed"))
            }
        }
    }
}

impl Screen for Dialog {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![DIALOG_KEYS, TEXT_EDIT]
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        match self.fields.action(&action) {
            Outcome::Leave => Transition::Pop,
            Outcome::Submit => match self.submit(ctx) {
                Ok(said) => {
                    self.fields.clear_secrets();
                    ctx.info(said);
                    Transition::PopWith(
                        crate::tui::screen::AppEvent::CaseChanged(uuid::Uuid::nil()),
                    )
                }
                Err(m) => {
                    self.fields.clear_secrets();
                    self.error = Some(m);
                    Transition::None
                }
            },
            Outcome::Edited | Outcome::None => Transition::None,
        }
    }

    fn render(&self, f: &mut Frame, _area: Rect, ctx: &Ctx) {
        let title = match self.kind {
            DialogKind::Add => "operators.add_title",
            DialogKind::Passphrase => "operators.passphrase_title",
        };
        let pass_at = match self.kind {
            DialogKind::Add => 2,
            DialogKind::Passphrase => 1,
        };
        let pass = self.fields.value(pass_at);
        let hint = (!pass.is_empty()).then(|| {
            let s = crate::vault::strength(pass, &[&ctx.operator]);
            let level = ctx.i18n.t(s.key()).to_string();
            let style = if s.acceptable() {
                theme::ok()
            } else {
                theme::error()
            };
            (
                pass_at,
                ctx.i18n.tf("auth.gate.strength", &[("level", &level)]),
                style,
            )
        });
        let b = Boxed {
            title: ctx.i18n.t(title).to_string(),
            note: None,
            fields: Some(&self.fields),
            hint,
            big: None,
            error: self.error.as_ref(),
            keys: ctx.i18n.t("operators.dialog_keys").to_string(),
        };
        view::draw(f, &ctx.i18n, &b);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("operators.title").to_string()
    }
}
