//! At start, forms left unsaved by an earlier run (a crash, a kill, a power cut) are offered
//! back whole.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::store::Draft;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::form_job::FormJob;
use crate::tui::keymap::{Action, Binding, NAV, ch, key};
use crate::tui::router::Route;
use crate::tui::screen::{Screen, Transition};
use crate::tui::theme;
use crate::tui::widgets::popup;
use crate::tui::widgets::scroll_list::{self, Move, Window, target};

/// Rows a PgUp or PgDn moves.
const PAGE: usize = 10;

static KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter), ch('r')],
        action: Action::Resume,
        help: "keys.resume",
        bar: true,
    },
    Binding {
        keys: &[ch('d'), key(KeyCode::Delete)],
        action: Action::Discard,
        help: "keys.discard",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.later",
        bar: true,
    },
];

pub struct Drafts {
    drafts: Vec<Draft>,
    selected: usize,
}

impl Drafts {
    /// The recovery popup when drafts are waiting, else nothing.
    pub fn offer(ctx: &mut Ctx) -> Option<Drafts> {
        match ctx.desk.drafts() {
            Ok(d) if !d.is_empty() => Some(Drafts {
                drafts: d,
                selected: 0,
            }),
            Ok(_) => None,
            Err(f) => {
                ctx.failed(&f);
                None
            }
        }
    }
}

impl Screen for Drafts {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        if let Some(mv) = Move::of(&action) {
            self.selected = target(mv, self.selected, self.drafts.len(), PAGE);
            return Transition::None;
        }
        match action {
            Action::Back => return Transition::Pop,
            Action::Resume => {
                let Some(d) = self.drafts.get(self.selected) else {
                    return Transition::Pop;
                };
                return Transition::Replace(Route::Draft(Box::new(d.clone())));
            }
            Action::Discard => {
                if let Some(d) = self.drafts.get(self.selected) {
                    if let Err(f) = ctx.desk.delete_draft(d.id) {
                        ctx.failed(&f);
                        return Transition::None;
                    }
                    self.drafts.remove(self.selected);
                    self.selected = self.selected.min(self.drafts.len().saturating_sub(1));
                }
                if self.drafts.is_empty() {
                    return Transition::Pop;
                }
            }
            _ => {}
        }
        Transition::None
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let i18n = ctx.i18n;
        let rect = popup::centered(area, 70, self.drafts.len() as u16 + 5);
        let inner = popup::frame(f, rect, i18n.t("drafts.title"));
        let [head, list] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        let explain = Line::raw(text::clip(i18n.t("drafts.explain"), inner.width as usize));
        f.render_widget(Paragraph::new(explain), head);
        let (len, sel) = (self.drafts.len(), Some(self.selected));
        scroll_list::render(f, list, len, sel, Window::Follow, |i, on| {
            let Some(d) = self.drafts.get(i) else {
                return Line::default();
            };
            let name = FormJob::draft_label(d, ctx.desk.today(), &ctx.i18n);
            let name = if name.is_empty() {
                i18n.t("drafts.no_name").to_string()
            } else {
                name
            };
            let when = d
                .updated_at
                .with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M");
            let form = crate::forms::form(&d.form)
                .map(|s| s.title.get(i18n.lang).to_string())
                .unwrap_or_default();
            let line = Line::raw(text::clip(
                &format!(" {form}: {name}  ({when})"),
                inner.width as usize,
            ));
            if on {
                line.patch_style(theme::selected())
            } else {
                line
            }
        });
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("drafts.title").to_string()
    }
}
