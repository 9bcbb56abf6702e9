//! The `?` popup: every key of the screen below, from the tables that handle them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, GLOBAL, NAV, ch, key};
use crate::tui::screen::{Screen, Transition};
use crate::tui::theme;
use crate::tui::widgets::popup;

use ratatui::crossterm::event::KeyCode;

pub struct Help {
    /// (keys, catalogue key of the description), duplicates removed.
    lines: Vec<(String, &'static str)>,
    scroll: usize,
    title: String,
}

static KEYS: &[Binding] = &[Binding {
    keys: &[
        key(KeyCode::Esc),
        key(KeyCode::Enter),
        key(KeyCode::F(1)),
        ch('?'),
    ],
    action: Action::Back,
    help: "keys.close",
    bar: true,
}];

impl Help {
    pub fn new(tables: &[&'static [Binding]], typing: bool, title: String) -> Help {
        let mut lines: Vec<(String, &'static str)> = Vec::new();
        for b in tables
            .iter()
            .copied()
            .chain(std::iter::once(GLOBAL))
            .flat_map(|t| t.iter())
        {
            if !lines.iter().any(|(_, h)| *h == b.help) {
                let keys = b.keys_label(typing);
                if !keys.is_empty() {
                    lines.push((keys, b.help));
                }
            }
        }
        Help {
            lines,
            scroll: 0,
            title,
        }
    }

    /// The (keys, description key) lines, for tests.
    pub fn lines(&self) -> &[(String, &'static str)] {
        &self.lines
    }
}

impl Screen for Help {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Transition {
        match action {
            Action::Back => Transition::Pop,
            Action::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                Transition::None
            }
            Action::Down => {
                self.scroll = (self.scroll + 1).min(self.lines.len().saturating_sub(1));
                Transition::None
            }
            _ => Transition::None,
        }
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let i18n = ctx.i18n;
        let width = self
            .lines
            .iter()
            .map(|(k, h)| k.chars().count() + i18n.t(h).chars().count() + 4)
            .max()
            .unwrap_or(20);
        let rect = popup::centered(
            area,
            (width as u16 + 4).max(40),
            self.lines.len() as u16 + 2,
        );
        let title = format!("{} · {}", i18n.t("help.title"), self.title);
        let inner = popup::frame(f, rect, &title);
        let keyw = self
            .lines
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        let lines: Vec<Line> = self
            .lines
            .iter()
            .skip(self.scroll)
            .map(|(k, h)| {
                Line::from(vec![
                    Span::styled(format!(" {k:<keyw$} "), theme::key()),
                    Span::raw(crate::text::clip(i18n.t(h), inner.width as usize)),
                ])
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("help.title").to_string()
    }
}
