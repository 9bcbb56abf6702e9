//! The boxes over the operators screen: a new operator, or one's own new passphrase. Not a
//! form with drafts: a passphrase is never written anywhere unwrapped.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

use crate::i18n::Msg;
use crate::service::auth::{NewOperator, role_key};
use crate::store::Role;
use crate::tui::ctx::Ctx;
use crate::tui::gate::fields::{Field, Fields, Outcome};
use crate::tui::gate::view::{self, Boxed};
use crate::tui::keymap::{Action, Binding, TEXT_EDIT, ctrl, key};
use crate::tui::screen::{Screen, Transition};
use crate::tui::theme;

/// A box of fields over the list: a new operator, or one's own new passphrase.
pub(super) struct Dialog {
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
    pub(super) fn add() -> Dialog {
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

    pub(super) fn passphrase() -> Dialog {
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
                ctx.desk
                    .add_operator(&db, &op, Role::Operator)
                    .map_err(|f| ctx.said(&f))?;
                let role = ctx.i18n.t(role_key(Role::Operator)).to_string();
                Ok(Msg::new("auth.cli.added")
                    .arg("username", user.trim())
                    .arg("role", role))
            }
            DialogKind::Passphrase => {
                let (old, new, again) = (v(0), v(1), v(2));
                ctx.desk
                    .change_passphrase(&db, &old, &new, &again)
                    .map_err(|f| ctx.said(&f))?;
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
            let s = crate::vault::strength(pass, &[ctx.desk.operator()]);
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
