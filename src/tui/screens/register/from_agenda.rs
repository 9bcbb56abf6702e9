//! The register opened from the agenda: the same screen, with Esc on an empty search coming
//! back to the agenda (and saying so in its keys).

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

use super::{Focus, Register};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, ctrl, key};
use crate::tui::screen::{AppEvent, Screen, Transition};

/// The register's search keys, Esc saying that it comes back to the agenda (query empty).
static SEARCH_KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Open,
        help: "keys.open_person",
        bar: true,
    },
    Binding {
        keys: &[ctrl('n')],
        action: Action::New,
        help: "keys.new_person",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "agenda.keys.back_or_clear",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Tab)],
        action: Action::FocusList,
        help: "keys.focus_list",
        bar: false,
    },
];

/// The register opened from the agenda: the same screen, and Esc with an empty query comes
/// back to the agenda.
pub struct FromAgenda(pub Register);

impl FromAgenda {
    fn at_rest(&self) -> bool {
        self.0.query.value().is_empty()
    }
}

impl Screen for FromAgenda {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        self.0
            .bindings()
            .into_iter()
            .map(|t| {
                if std::ptr::eq(t, super::SEARCH_KEYS) {
                    SEARCH_KEYS
                } else {
                    t
                }
            })
            .collect()
    }

    fn wants_text(&self) -> bool {
        self.0.wants_text()
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        if action == Action::Back && self.0.focus == Focus::Search && self.at_rest() {
            return Transition::Pop;
        }
        self.0.update(action, ctx)
    }

    fn tick(&mut self, ctx: &mut Ctx) -> Option<Transition> {
        self.0.tick(ctx)
    }

    fn on_event(&mut self, ev: &AppEvent, ctx: &mut Ctx) {
        self.0.on_event(ev, ctx);
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        self.0.render(f, area, ctx);
    }

    fn busy(&self) -> bool {
        self.0.busy()
    }

    fn flush(&mut self, ctx: &mut Ctx) {
        self.0.flush(ctx);
    }

    fn title(&self, ctx: &Ctx) -> String {
        self.0.title(ctx)
    }
}
