//! The bottom line: the status message if any, else the keys the current screen offers,
//! taken from the same tables that handle them. A message longer than the line wraps onto
//! as many lines as it needs (up to [`MAX_LINES`]), taken from the bottom of the screen
//! while it shows: a refusal is read whole, figures included.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::wrap::wrap;
use crate::i18n::I18n;
use crate::tui::ctx::{Status, Tone};
use crate::tui::keymap::Binding;
use crate::tui::theme;
use crate::{text, tui::keymap::GLOBAL};

/// The hints `key label` of the bindings marked for the bar, then the global ones.
pub fn hints<'a>(tables: &[&'a [Binding]]) -> Vec<&'a Binding> {
    tables
        .iter()
        .chain(std::iter::once(&GLOBAL))
        .flat_map(|t| t.iter())
        .filter(|b| b.bar)
        .collect()
}

/// The most lines a message takes; a longer one ends with "…" on the last.
pub const MAX_LINES: usize = 6;

/// The message's lines at `width` columns.
fn message_lines(i18n: &I18n, status: &Status, width: u16) -> Vec<String> {
    let mut lines = wrap(&text::sanitize(&i18n.msg(&status.msg)), width as usize);
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            *last = text::clip(&format!("{last} …"), width as usize);
        }
    }
    lines
}

/// How many lines the bar needs at `width` columns: one for the keys, more for a long
/// message.
pub fn height(i18n: &I18n, status: Option<&Status>, width: u16) -> u16 {
    status.map_or(1, |s| message_lines(i18n, s, width).len().max(1) as u16)
}

pub fn render(
    f: &mut Frame,
    area: Rect,
    i18n: &I18n,
    tables: &[&[Binding]],
    typing: bool,
    status: Option<&Status>,
) {
    let lines = match status {
        Some(s) => {
            let style = match s.tone {
                Tone::Info => theme::ok(),
                Tone::Warn => theme::warn(),
                Tone::Error => theme::error(),
            };
            message_lines(i18n, s, area.width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, style)))
                .collect()
        }
        None => {
            let mut spans = Vec::new();
            let mut used = 0usize;
            for b in hints(tables) {
                let k = b.keys_label(typing);
                if k.is_empty() {
                    continue;
                }
                let d = i18n.t(b.help);
                let w = text::width(&k) + text::width(d) + 3;
                if used + w > area.width as usize {
                    break;
                }
                spans.push(Span::styled(format!(" {k}"), theme::key()));
                spans.push(Span::raw(format!(" {d} ")));
                used += w;
            }
            vec![Line::from(spans)]
        }
    };
    f.render_widget(Paragraph::new(lines).style(theme::bar()), area);
}
