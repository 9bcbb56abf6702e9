//! The box that opens on a timeline event (Enter): what happened, when and by whom, and
//! what changed, one line each, in words; long lines wrap, a long list scrolls.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::view::stamp;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, NAV, key};
use crate::tui::screen::{Screen, Transition};
use crate::tui::theme;
use crate::tui::widgets::popup;
use crate::tui::widgets::scroll_list::TextScroll;
use crate::tui::widgets::wrap::wrap;
use crate::words::timeline::TimelineLine;

static KEYS: &[Binding] = &[Binding {
    keys: &[key(KeyCode::Esc), key(KeyCode::Enter)],
    action: Action::Back,
    help: "keys.close",
    bar: true,
}];

pub struct EventDetail {
    event: TimelineLine,
    utc: bool,
    scroll: TextScroll,
}

impl EventDetail {
    pub fn new(event: TimelineLine, utc: bool) -> EventDetail {
        EventDetail {
            event,
            utc,
            scroll: TextScroll::default(),
        }
    }

    /// The box's lines at `width` columns: headline, when and who, then the changes.
    fn lines(&self, width: usize, ctx: &Ctx) -> Vec<Line<'static>> {
        let i18n = ctx.i18n;
        let e = &self.event;
        let mut out: Vec<Line> = wrap(&e.text, width)
            .into_iter()
            .map(|l| Line::styled(l, theme::title()))
            .collect();
        let when = i18n.tf(
            "case.event.detail_when",
            &[
                ("when", &stamp(e, self.utc)),
                ("by", &text::sanitize(&e.by)),
            ],
        );
        out.push(Line::styled(text::clip(&when, width), theme::dim()));
        out.push(Line::raw(""));
        if e.changes.is_empty() {
            out.extend(
                wrap(i18n.t("case.event.detail_none"), width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme::dim())),
            );
        }
        for c in &e.changes {
            for (i, l) in wrap(&c.text, width.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 { "• " } else { "  " };
                out.push(Line::from(vec![
                    Span::styled(lead, theme::dim()),
                    Span::raw(l),
                ]));
            }
        }
        if e.changes
            .iter()
            .any(|c| c.field.as_deref().is_some_and(|f| f.starts_with("data.")))
        {
            out.push(Line::raw(""));
            out.extend(
                wrap(i18n.t("case.change.hidden"), width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme::dim())),
            );
        }
        out
    }
}

impl Screen for EventDetail {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Transition {
        match action {
            Action::Back => return Transition::Pop,
            Action::Up => self.scroll.up(1),
            Action::Down => self.scroll.down(1),
            Action::PageUp => self.scroll.up(10),
            Action::PageDown => self.scroll.down(10),
            _ => {}
        }
        Transition::None
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let width = area.width.saturating_sub(4).min(76);
        let lines = self.lines(width.saturating_sub(2) as usize, ctx);
        let rect = popup::centered(area, width + 2, lines.len() as u16 + 2);
        let inner = popup::frame(f, rect, ctx.i18n.t("case.event.detail_title"));
        let top = self.scroll.first(lines.len(), inner.height as usize);
        f.render_widget(
            Paragraph::new(lines).scroll((top as u16, 0)).block(
                ratatui::widgets::Block::new().padding(ratatui::widgets::Padding::horizontal(1)),
            ),
            inner,
        );
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("case.event.detail_title").to_string()
    }
}
