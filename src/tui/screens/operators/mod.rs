//! The desk's operators (O on the agenda): an administrator adds one (`n`), changes a role
//! (`r` cycles it) or removes one (`d` twice); anyone changes their own passphrase (`p`).
//! Passphrases are typed in a box of their own, never in a form with drafts.

mod dialog;

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::Msg;
use crate::service::auth::role_key;
use crate::store::{Operator, Role};
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, NAV, ch, key};
use crate::tui::screen::{Screen, Transition};
use crate::tui::theme;
use crate::tui::widgets::scroll_list::{self, Move, Window, target};

use dialog::Dialog;

/// Rows a PgUp or PgDn moves.
const PAGE: usize = 10;

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
        self.admin = ctx.desk.allowed(Role::Administrator).is_ok();
        let rows = if self.admin {
            ctx.desk.operators()
        } else {
            // Everyone else sees themselves (to change their passphrase).
            ctx.desk.own_record().map(|o| o.into_iter().collect())
        };
        match rows {
            Ok(r) => {
                self.rows = r;
                self.selected = self.selected.min(self.rows.len().saturating_sub(1));
                true
            }
            Err(f) => {
                ctx.failed(&f);
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
        if o.username == ctx.desk.operator() {
            ctx.error(Msg::new("auth.not_self"));
            return;
        }
        let username = o.username.clone();
        match ctx.desk.set_role(&username, next) {
            Ok(()) => {
                self.reload(ctx);
            }
            Err(f) => ctx.failed(&f),
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
            if let Err(f) = ctx.desk.allowed(Role::Administrator) {
                ctx.failed(&f);
                return;
            }
            self.remove_armed = Some((username.clone(), Instant::now()));
            ctx.warn(Msg::new("operators.press_again").arg("username", username));
            return;
        }
        let db = ctx.db_path.clone();
        match ctx.desk.remove_operator(&db, &username) {
            Ok(()) => {
                ctx.info(Msg::new("auth.cli.removed").arg("username", username));
                self.reload(ctx);
            }
            Err(f) => ctx.failed(&f),
        }
    }
}

impl Screen for OperatorsScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        if let Some(mv) = Move::of(&action) {
            self.selected = target(mv, self.selected, self.rows.len(), PAGE);
            return Transition::None;
        }
        match action {
            Action::Back => return Transition::Pop,
            Action::New => {
                if let Err(f) = ctx.desk.allowed(Role::Administrator) {
                    ctx.failed(&f);
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
        let (len, sel) = (self.rows.len(), Some(self.selected));
        scroll_list::render(f, list, len, sel, Window::Follow, |i, on| {
            let Some(o) = self.rows.get(i) else {
                return Line::default();
            };
            let style = if on {
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
        });
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("operators.title").to_string()
    }
}
