//! The bottom line: the status message if any, else the keys the current screen offers,
//! taken from the same tables that handle them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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

pub fn render(
    f: &mut Frame,
    area: Rect,
    i18n: &I18n,
    tables: &[&[Binding]],
    typing: bool,
    status: Option<&Status>,
) {
    let line = match status {
        Some(s) => {
            let style = match s.tone {
                Tone::Info => theme::ok(),
                Tone::Warn => theme::warn(),
                Tone::Error => theme::error(),
            };
            Line::from(Span::styled(
                text::clip(&i18n.msg(&s.msg), area.width as usize),
                style,
            ))
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
            Line::from(spans)
        }
    };
    f.render_widget(Paragraph::new(line).style(theme::bar()), area);
}
