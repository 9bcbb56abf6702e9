//! The `?` popup: every key of the screen below, from the tables that handle them. Every
//! label is read whole: descriptions wrap beside their keys; when the keys do not fit the
//! box's height they go in two columns if the screen is wide enough, else the box scrolls
//! (↑↓, with the position in its title).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, GLOBAL, NAV, ch, key};
use crate::tui::screen::{Screen, Transition};
use crate::tui::theme;
use crate::tui::widgets::popup;
use crate::tui::widgets::scroll_list::TextScroll;
use crate::tui::widgets::wrap::wrap;

use ratatui::crossterm::event::KeyCode;

pub struct Help {
    /// (keys, catalogue key of the description), duplicates removed.
    lines: Vec<(String, &'static str)>,
    scroll: TextScroll,
    title: String,
}

/// The widest the box grows, so a line of help is read at a glance.
const MAX_WIDTH: u16 = 100;

/// How the keys are laid out in the box: one column when they fit its height, else two
/// side by side when the screen is wide enough, else one that scrolls.
struct Page {
    columns: Vec<Vec<Line<'static>>>,
    /// The box's outer width.
    width: u16,
    /// Lines of the tallest column, and lines the box shows.
    rows: u16,
    room: u16,
}

/// One key's lines: the keys, then the description wrapped beside them.
fn entry(keys: &str, desc: &str, keyw: usize, width: usize) -> Vec<Line<'static>> {
    let desc_w = width.saturating_sub(keyw + 2).max(8);
    wrap(desc, desc_w)
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let k = if i == 0 { keys } else { "" };
            let pad = " ".repeat(keyw.saturating_sub(text::width(k)));
            Line::from(vec![
                Span::styled(format!(" {k}{pad} "), theme::key()),
                Span::raw(d),
            ])
        })
        .collect()
}

fn column(entries: &[(&str, &str)], keyw: usize, width: usize) -> Vec<Line<'static>> {
    entries
        .iter()
        .flat_map(|(k, d)| entry(k, d, keyw, width))
        .collect()
}

fn layout(entries: &[(&str, &str)], area: Rect) -> Page {
    let keyw = entries
        .iter()
        .map(|(k, _)| text::width(k))
        .max()
        .unwrap_or(0)
        .min(24);
    let descw = entries
        .iter()
        .map(|(_, d)| text::width(d))
        .max()
        .unwrap_or(20);
    let max_outer = area.width.min(MAX_WIDTH);
    let room = area.height.saturating_sub(2);
    let one_inner = (keyw + 2 + descw + 1).min(max_outer.saturating_sub(2) as usize);
    let one = column(entries, keyw, one_inner);
    let two_inner = max_outer.saturating_sub(2) as usize;
    let half = two_inner.saturating_sub(1) / 2;
    if one.len() as u16 > room && half >= keyw + 2 + 14 {
        // Split where the left column holds half the lines.
        let total: usize = one.len();
        let mut split = entries.len();
        let mut used = 0;
        for (i, (k, d)) in entries.iter().enumerate() {
            if used * 2 >= total {
                split = i;
                break;
            }
            used += entry(k, d, keyw, half).len();
        }
        let left = column(&entries[..split], keyw, half);
        let right = column(&entries[split..], keyw, half);
        let rows = left.len().max(right.len()) as u16;
        return Page {
            columns: vec![left, right],
            width: two_inner as u16 + 2,
            rows,
            room: rows.min(room),
        };
    }
    let rows = one.len() as u16;
    Page {
        columns: vec![one],
        width: (one_inner as u16 + 2).max(40.min(max_outer)),
        rows,
        room: rows.min(room),
    }
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
            scroll: TextScroll::default(),
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
                self.scroll.up(1);
                Transition::None
            }
            Action::Down => {
                self.scroll.down(1);
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
        let entries: Vec<(&str, &str)> = self
            .lines
            .iter()
            .map(|(k, h)| (k.as_str(), i18n.t(h)))
            .collect();
        let page = layout(&entries, area);
        let scroll = self.scroll.first(page.rows as usize, page.room as usize);
        let mut title = format!("{} · {}", i18n.t("help.title"), self.title);
        if page.rows > page.room {
            let last = (scroll + page.room as usize).min(page.rows as usize);
            title.push_str(&format!(" · ↑↓ {}–{}/{}", scroll + 1, last, page.rows));
        }
        let rect = popup::centered(area, page.width, page.room + 2);
        let inner = popup::frame(f, rect, &title);
        let col_w = if page.columns.len() == 2 {
            (inner.width.saturating_sub(1)) / 2
        } else {
            inner.width
        };
        for (n, col) in page.columns.iter().enumerate() {
            let r = Rect {
                x: inner.x + n as u16 * (col_w + 1),
                width: col_w,
                ..inner
            };
            let lines: Vec<Line> = col.to_vec();
            f.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), r);
        }
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("help.title").to_string()
    }
}
