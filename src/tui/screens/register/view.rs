//! Drawing the register: a pure function of its state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Focus, Register};
use crate::domain::case::CaseState;
use crate::domain::date::format_date;
use crate::domain::person::{Count, PermitState, PersonSummary, permit_state};
use crate::lookups::lookup;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::scroll_list::{self, Window};
use crate::tui::widgets::text_field;

/// Thousands with the operator's separator: 1.000 in Italian, 1,000 in English.
pub fn thousands(n: u64, sep: char) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn count_label(r: &Register, ctx: &Ctx) -> String {
    let sep = if ctx.i18n.lang == crate::i18n::Lang::It {
        '.'
    } else {
        ','
    };
    match r.total {
        Some(Count::Exact(n)) => ctx.i18n.tf("register.count", &[("n", &thousands(n, sep))]),
        Some(Count::AtLeast(n)) => {
            // An empty search is the whole register: nothing to narrow yet.
            let key = if r.query.value().is_empty() {
                "register.count_many"
            } else {
                "register.count_capped"
            };
            ctx.i18n.tf(key, &[("n", &thousands(n, sep))])
        }
        None => String::new(),
    }
}

struct Columns {
    name: usize,
    country: usize,
    /// The open case's step (or closed / no case); 0 when too narrow.
    case: usize,
}

const BORN: usize = 10;
const CODE: usize = 16;
const PERMIT: usize = 10;
const CASE: usize = 13;

/// The short name of where the person stands (register column).
fn case_label(state: CaseState, ctx: &Ctx) -> String {
    let key = match state {
        CaseState::Open(step) => format!("case.short.{}", step.code()),
        CaseState::Closed => "case.short.closed".to_string(),
        CaseState::NoCase => "case.short.none".to_string(),
    };
    ctx.i18n.t(&key).to_string()
}

fn columns(width: usize) -> Columns {
    let country = match width {
        110.. => 24,
        96..=109 => 16,
        _ => 0,
    };
    let case = if width >= 90 { CASE } else { 0 };
    let fixed = BORN + CODE + PERMIT + country + case + 5 + usize::from(case > 0);
    Columns {
        name: width.saturating_sub(fixed).max(10),
        country,
        case,
    }
}

fn cell(s: &str, w: usize) -> String {
    let c = text::clip(s, w);
    let pad = w.saturating_sub(text::width(&c));
    format!("{c}{} ", " ".repeat(pad))
}

fn permit_style(r: &PersonSummary, ctx: &Ctx) -> Style {
    let state = r
        .permit_expiry
        .map(|d| permit_state(d, ctx.desk.today(), ctx.config.permit_warning_days));
    match state {
        Some(PermitState::Expired) => theme::error(),
        Some(PermitState::Expiring) => theme::warn(),
        Some(PermitState::Valid) | None => Style::new(),
    }
}

fn row_line(r: &PersonSummary, cols: &Columns, ctx: &Ctx) -> Line<'static> {
    let primary = r.names.first().map(String::as_str).unwrap_or("");
    let others = r
        .names
        .iter()
        .skip(1)
        .map(|n| text::sanitize(n).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let name_w = text::width(&text::sanitize(primary));
    let mut spans = Vec::new();
    if others.is_empty() || name_w + 4 >= cols.name {
        spans.push(Span::raw(cell(primary, cols.name)));
    } else {
        spans.push(Span::raw(text::sanitize(primary).into_owned()));
        spans.push(Span::styled(
            cell(&format!(" · {others}"), cols.name - name_w),
            theme::dim(),
        ));
    }
    spans.push(Span::raw(cell(
        &r.birth_date.map(format_date).unwrap_or_default(),
        BORN,
    )));
    if cols.country > 0 {
        let c = r.birth_country.as_deref().unwrap_or("");
        let label = lookup("countries").label_of(c, ctx.i18n.lang);
        spans.push(Span::raw(cell(label, cols.country)));
    }
    spans.push(Span::raw(cell(r.tax_code.as_deref().unwrap_or(""), CODE)));
    let permit = r.permit_expiry.map(format_date).unwrap_or_default();
    spans.push(Span::styled(cell(&permit, PERMIT), permit_style(r, ctx)));
    if cols.case > 0 {
        let style = match r.case {
            CaseState::Open(_) => Style::new(),
            CaseState::Closed | CaseState::NoCase => theme::dim(),
        };
        spans.push(Span::styled(
            cell(&case_label(r.case, ctx), cols.case),
            style,
        ));
    }
    Line::from(spans)
}

pub fn render(r: &Register, f: &mut Frame, area: Rect, ctx: &Ctx) {
    let i18n = ctx.i18n;
    let [search, head, list] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    // Search line.
    let label = format!(" {} ", i18n.t("register.search"));
    let lw = text::width(&label) as u16;
    let count = count_label(r, ctx);
    let cw = (text::width(&count) as u16 + 1).min(search.width / 3);
    let [l, input, c] = Layout::horizontal([
        Constraint::Length(lw),
        Constraint::Min(5),
        Constraint::Length(cw),
    ])
    .areas(search);
    let focused = r.focus == Focus::Search;
    let label_style = if focused {
        theme::focused()
    } else {
        theme::dim()
    };
    f.render_widget(Span::styled(label, label_style), Rect { height: 1, ..l });
    let input_row = Rect { height: 1, ..input };
    if r.query.value().is_empty() && !focused {
        f.render_widget(
            Span::styled(i18n.t("register.search_hint"), theme::dim()),
            input_row,
        );
    } else {
        text_field::render(
            f,
            input_row,
            r.query.value(),
            r.query.cursor(),
            focused,
            Style::new(),
        );
    }
    f.render_widget(
        Span::styled(text::clip(&count, cw as usize), theme::dim()),
        Rect { height: 1, ..c },
    );
    // Header.
    let cols = columns(head.width as usize);
    let mut h = vec![
        cell(i18n.t("register.col.name"), cols.name),
        cell(i18n.t("register.col.born"), BORN),
    ];
    if cols.country > 0 {
        h.push(cell(i18n.t("register.col.country"), cols.country));
    }
    h.push(cell(i18n.t("register.col.tax_code"), CODE));
    h.push(cell(i18n.t("register.col.permit"), PERMIT));
    if cols.case > 0 {
        h.push(cell(i18n.t("case.col"), cols.case));
    }
    f.render_widget(
        Paragraph::new(Line::from(h.concat())).style(theme::title()),
        head,
    );
    // Rows.
    r.viewport.set(list.height);
    let mut lines = Vec::new();
    if let Some(e) = &r.error {
        lines.push(Line::styled(
            text::clip(&i18n.msg(e), list.width as usize),
            theme::error(),
        ));
    } else if !r.loaded {
        lines.push(Line::styled(i18n.t("register.searching"), theme::dim()));
    } else if r.len() == 0 {
        let key = if r.query.value().is_empty() {
            "register.empty_db"
        } else {
            "register.no_match"
        };
        let msg = i18n.tf(key, &[("query", &text::sanitize(r.query.value()))]);
        lines.push(Line::styled(
            text::clip(&msg, list.width as usize),
            theme::dim(),
        ));
    } else {
        // Rows not read yet (the window moves ahead of its page) show as "…".
        let (len, sel) = (r.len() as usize, Some(r.selected as usize));
        scroll_list::render(f, list, len, sel, Window::Paged, |i, on| {
            let line = match r.row(i as u64) {
                Some(row) => row_line(row, &cols, ctx),
                None => Line::styled("…", theme::dim()),
            };
            if on {
                line.patch_style(theme::selected())
            } else {
                line
            }
        });
        return;
    }
    f.render_widget(Paragraph::new(lines), list);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(1000, '.'), "1.000");
        assert_eq!(thousands(100000, ','), "100,000");
        assert_eq!(thousands(999, '.'), "999");
    }
}
