//! Drawing the gate's boxes: a title, a note, the fields with their labels, a hint under a
//! field, an error, and the keys. Every string passes through `text::sanitize`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::fields::Fields;
use crate::i18n::{I18n, Msg};
use crate::text;
use crate::tui::theme;
use crate::tui::widgets::{popup, text_field};

pub struct Boxed<'a> {
    pub title: String,
    pub note: Option<String>,
    pub fields: Option<&'a Fields>,
    /// A hint under field `.0` (the passphrase's strength).
    pub hint: Option<(usize, String, Style)>,
    pub big: Option<String>,
    pub error: Option<&'a Msg>,
    pub keys: String,
}

const LABEL: u16 = 24;

/// How many lines `s` takes wrapped at word boundaries in `width` cells (as the paragraph
/// draws it).
fn wrapped(s: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let mut lines = 1u16;
    let mut used = 0usize;
    for word in s.split_whitespace() {
        let w = text::width(word);
        if used > 0 && used + 1 + w > width {
            lines += 1;
            used = 0;
        }
        used = if used == 0 { w } else { used + 1 + w };
        // A word longer than the line is cut across lines.
        while used > width {
            lines += 1;
            used -= width;
        }
    }
    lines
}

pub fn draw(f: &mut Frame, i18n: &I18n, b: &Boxed<'_>) {
    let area = f.area();
    let width = area.width.min(76);
    let note_lines = b
        .note
        .as_ref()
        .map_or(0, |n| wrapped(n, width.saturating_sub(4)) + 1);
    let n_fields = b.fields.map_or(0, |fs| fs.fields.len() as u16);
    let hint = u16::from(b.hint.is_some());
    let big = if b.big.is_some() { 2 } else { 0 };
    let height = 2 + note_lines + n_fields + hint + big + 5;
    let rect = popup::centered(area, width, height);
    let inner = popup::frame(f, rect, &text::sanitize(&b.title));
    let mut y = inner.y;
    let row = |y: u16| Rect {
        x: inner.x + 1,
        y,
        width: inner.width.saturating_sub(2),
        height: 1,
    };
    if let Some(note) = &b.note {
        let r = Rect {
            height: note_lines.saturating_sub(1).max(1),
            ..row(y)
        };
        f.render_widget(
            Paragraph::new(text::sanitize(note)).wrap(Wrap { trim: true }),
            r,
        );
        y += note_lines;
    }
    if let Some(code) = &b.big {
        f.render_widget(
            Paragraph::new(Span::styled(text::sanitize(code), theme::title()))
                .alignment(ratatui::layout::Alignment::Center),
            row(y),
        );
        y += big;
    }
    if let Some(fs) = b.fields {
        for (i, fld) in fs.fields.iter().enumerate() {
            let r = row(y);
            let label = format!("{:<w$}", i18n.t(fld.label), w = LABEL as usize);
            let focused = i == fs.focus;
            let style = if focused {
                theme::focused()
            } else {
                Style::default()
            };
            f.render_widget(
                Span::styled(text::clip(&label, LABEL as usize), theme::dim()),
                r,
            );
            let value_area = Rect {
                x: r.x + LABEL,
                width: r.width.saturating_sub(LABEL),
                ..r
            };
            let shown = fld.shown();
            let cursor = if fld.secret {
                shown.chars().count()
            } else {
                fld.edit.cursor()
            };
            text_field::render(f, value_area, &shown, cursor, focused, style);
            y += 1;
            if let Some((at, h, st)) = &b.hint
                && *at == i
            {
                let hr = Rect {
                    x: r.x + LABEL,
                    width: r.width.saturating_sub(LABEL),
                    y,
                    ..r
                };
                f.render_widget(Span::styled(text::sanitize(h), *st), hr);
                y += 1;
            }
        }
    }
    y += 1;
    if let Some(e) = b.error {
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(
                text::sanitize(&i18n.msg(e)),
                theme::error(),
            )))
            .wrap(Wrap { trim: true }),
            Rect {
                height: 2,
                ..row(y)
            },
        );
    }
    let keys_row = row(inner.y + inner.height.saturating_sub(1));
    f.render_widget(
        Span::styled(text::sanitize(&b.keys), theme::dim()),
        keys_row,
    );
}
