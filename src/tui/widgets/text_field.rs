//! A one-line text value with its cursor, scrolled horizontally so the cursor stays visible.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

use crate::text;

/// The visible part of `value` in `width` cells with the cursor (a char index) in view, and
/// the cursor's column within it.
pub fn visible(value: &str, cursor: usize, width: usize) -> (String, usize) {
    let clean = text::sanitize(value);
    let chars: Vec<char> = clean.chars().collect();
    let cursor = cursor.min(chars.len());
    if width == 0 {
        return (String::new(), 0);
    }
    let w = |c: &char| c.width().unwrap_or(0);
    // Start far enough right that the cursor (plus one cell for it) fits.
    let mut start = 0;
    let mut used: usize = chars[..cursor].iter().map(w).sum();
    while used + 1 > width && start < cursor {
        used -= w(&chars[start]);
        start += 1;
    }
    let mut out = String::new();
    let mut cells = 0;
    for c in &chars[start..] {
        let cw = w(c);
        if cells + cw > width {
            break;
        }
        out.push(*c);
        cells += cw;
    }
    // Text hidden on the left is marked by an ellipsis in the first cell (same widths, so the
    // cursor column does not move), unless the cursor sits on that very cell.
    if start > 0
        && cursor > start
        && let Some(first) = out.chars().next()
    {
        let pad = " ".repeat(w(&first).saturating_sub(1));
        out = format!("…{pad}{}", &out[first.len_utf8()..]);
    }
    (out, used)
}

/// Draws the field; when `focused`, places the terminal cursor.
pub fn render(f: &mut Frame, area: Rect, value: &str, cursor: usize, focused: bool, style: Style) {
    let (shown, col) = visible(value, cursor, area.width as usize);
    f.render_widget(Span::styled(shown, style), area);
    if focused {
        f.set_cursor_position(Position {
            x: area.x + col as u16,
            y: area.y,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolls_to_keep_the_cursor_visible() {
        assert_eq!(visible("hello", 5, 10), ("hello".to_string(), 5));
        assert_eq!(visible("hello world", 11, 6), ("…orld".to_string(), 5));
        assert_eq!(visible("日本語テキスト", 7, 6), ("… ト".to_string(), 4));
        assert_eq!(visible("hello world", 0, 6), ("hello ".to_string(), 0));
        assert_eq!(visible("a\u{1b}b", 3, 10), ("a␛b".to_string(), 3));
    }
}
