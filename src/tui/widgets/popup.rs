//! A centred box drawn over the screen below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType, Clear};

use crate::text;

/// The centred rectangle of at most `w`×`h` cells inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `rect`, draws a titled border, returns the inner area.
pub fn frame(f: &mut Frame, rect: Rect, title: &str) -> Rect {
    f.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(format!(
            " {} ",
            text::clip(title, rect.width.saturating_sub(4) as usize)
        ));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    inner
}
