//! The progress row of a long job: what it is, what it is doing now, a bar with the share
//! done (empty while the total is unknown), and how to cancel it when that is safe.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::I18n;
use crate::text;
use crate::tui::jobs::Showing;
use crate::tui::theme;

/// The bar's width in cells, at most.
const BAR: usize = 24;

/// The bar's cells: `width` cells, the first `fraction` of them full.
pub fn bar(fraction: Option<f64>, width: usize) -> String {
    let full = fraction.map_or(0, |f| ((f.clamp(0.0, 1.0) * width as f64).round()) as usize);
    format!(
        "{}{}",
        "█".repeat(full),
        "░".repeat(width - full.min(width))
    )
}

pub fn render(f: &mut Frame, area: Rect, i18n: &I18n, job: &Showing<'_>) {
    let what = format!(
        " {}: {} ",
        i18n.msg(job.title),
        if job.cancelling {
            i18n.t("jobs.cancelling").to_string()
        } else {
            i18n.msg(&job.now.doing)
        }
    );
    let fraction = job.now.fraction();
    // While the total is unknown, the seconds it has run say that it is alive.
    let pct = fraction.map_or_else(
        || format!(" {} s", job.secs),
        |x| format!(" {:>3}%", (x * 100.0).floor()),
    );
    let hint = if job.cancellable && !job.cancelling {
        format!("  {}", i18n.t("jobs.cancel"))
    } else {
        String::new()
    };
    let room = area.width as usize;
    let fixed = text::width(&pct) + text::width(&hint);
    let bar_w = BAR.min(room.saturating_sub(fixed) / 3);
    let what_w = room.saturating_sub(fixed + bar_w);
    let line = Line::from(vec![
        Span::styled(
            format!("{:<what_w$}", text::clip(&text::sanitize(&what), what_w)),
            theme::title(),
        ),
        Span::styled(bar(fraction, bar_w), theme::ok()),
        Span::raw(pct),
        Span::styled(hint, theme::dim()),
    ]);
    f.render_widget(Paragraph::new(line).style(theme::bar()), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_with_the_fraction() {
        assert_eq!(bar(None, 4), "░░░░");
        assert_eq!(bar(Some(0.5), 4), "██░░");
        assert_eq!(bar(Some(1.7), 4), "████");
        assert_eq!(bar(Some(0.5), 0), "");
    }
}
