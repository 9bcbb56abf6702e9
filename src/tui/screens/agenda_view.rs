//! Drawing the agenda: a pure function of its state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::agenda::AgendaScreen;
use crate::domain::agenda::{Item, Kind};
use crate::domain::date::format_date;
use crate::service::agenda::{Agenda, LIMIT_PER_KIND};
use crate::store::FACT_COUNT_CAP;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::theme;

const DATE: usize = 10;
const WHEN: usize = 10;
const KIND: usize = 16;

struct Columns {
    when: usize,
    person: usize,
    reason: usize,
}

fn columns(width: usize) -> Columns {
    let when = if width >= 100 { WHEN } else { 0 };
    let person = if width >= 110 { 26 } else { 20 };
    let fixed = DATE + 1 + when + usize::from(when > 0) + KIND + 1 + person + 1;
    Columns {
        when,
        person,
        reason: width.saturating_sub(fixed),
    }
}

fn cell(s: &str, w: usize) -> String {
    let c = text::clip(&text::sanitize(s), w);
    let pad = w.saturating_sub(text::width(&c));
    format!("{c}{} ", " ".repeat(pad))
}

fn due_style(item: &Item) -> Style {
    if item.due.overdue() {
        theme::error()
    } else if item.due.is_today() {
        theme::warn()
    } else {
        Style::new()
    }
}

fn when(item: &Item, ctx: &Ctx) -> String {
    let days = item.due.days.abs().to_string();
    match item.due.days {
        0 => ctx.i18n.t("agenda.today").to_string(),
        d if d < 0 => ctx.i18n.tf("agenda.overdue_days", &[("days", &days)]),
        _ => ctx.i18n.tf("agenda.in_days", &[("days", &days)]),
    }
}

fn row(item: &Item, cols: &Columns, selected: bool, ctx: &Ctx) -> Line<'static> {
    let style = due_style(item);
    let mut spans = vec![Span::styled(cell(&format_date(item.due.on), DATE), style)];
    if cols.when > 0 {
        spans.push(Span::styled(cell(&when(item, ctx), cols.when), style));
    }
    spans.push(Span::styled(
        cell(ctx.i18n.t(&item.kind.label_key()), KIND),
        theme::dim(),
    ));
    spans.push(Span::raw(cell(&item.person, cols.person)));
    let reason = ctx.i18n.msg(&item.reason);
    spans.push(Span::raw(text::clip(&text::sanitize(&reason), cols.reason)));
    let line = Line::from(spans);
    if selected {
        line.style(theme::selected())
    } else {
        line
    }
}

fn filters_line(s: &AgendaScreen, a: Option<&Agenda>, ctx: &Ctx) -> Line<'static> {
    let i18n = &ctx.i18n;
    let kind = match s.kind {
        Some(k) => i18n.t(&k.label_key()).to_string(),
        None => i18n.t("agenda.all_kinds").to_string(),
    };
    let op = match &s.operator {
        Some(o) if o.is_empty() => "—".to_string(),
        Some(o) => text::sanitize(o).into_owned(),
        None => i18n.t("agenda.all_operators").to_string(),
    };
    let n = a.map_or(0, |a| a.items.len()).to_string();
    let mut spans = vec![
        Span::styled(
            i18n.tf("agenda.filter_kind", &[("kind", &kind)]),
            theme::title(),
        ),
        Span::raw("  ·  "),
        Span::styled(
            i18n.tf("agenda.filter_operator", &[("operator", &op)]),
            theme::title(),
        ),
        Span::raw("  ·  "),
        Span::raw(i18n.tf("agenda.count", &[("count", &n)])),
    ];
    if a.is_some_and(|a| a.truncated) {
        let limit = LIMIT_PER_KIND.to_string();
        spans.push(Span::raw("  ·  "));
        spans.push(Span::styled(
            i18n.tf("agenda.truncated", &[("limit", &limit)]),
            theme::warn(),
        ));
    }
    Line::from(spans)
}

fn counts_line(s: &AgendaScreen, a: Option<&Agenda>, ctx: &Ctx) -> Line<'static> {
    let mut spans = Vec::new();
    for k in Kind::ALL {
        let n = a.map_or(0, |a| a.count(k));
        if n == 0 {
            continue;
        }
        if !spans.is_empty() {
            spans.push(Span::raw(" · "));
        }
        let style = if s.kind == Some(k) {
            theme::focused()
        } else {
            theme::dim()
        };
        // No-break spaces: a kind and its count stay on one line when the header wraps.
        let label = ctx.i18n.t(&k.label_key()).replace(' ', "\u{a0}");
        let plus = if n >= FACT_COUNT_CAP { "+" } else { "" };
        spans.push(Span::styled(format!("{label}\u{a0}{n}{plus}"), style));
    }
    Line::from(spans)
}

pub(super) fn render(s: &AgendaScreen, f: &mut Frame, area: Rect, ctx: &Ctx) {
    let a = s.agenda.as_ref();
    let [head, body] = Layout::vertical([Constraint::Length(4), Constraint::Min(1)]).areas(area);
    let header = vec![filters_line(s, a, ctx), counts_line(s, a, ctx)];
    f.render_widget(
        Paragraph::new(header)
            .wrap(Wrap { trim: true })
            .block(Block::new().borders(Borders::BOTTOM)),
        head,
    );
    let height = body.height as usize;
    s.viewport.set(body.height);
    let items = a.map_or(&[][..], |a| a.items.as_slice());
    if let Some(m) = &s.error {
        let msg = text::sanitize(&ctx.i18n.msg(m)).into_owned();
        f.render_widget(Paragraph::new(msg).style(theme::error()), body);
        return;
    }
    if a.is_none() {
        let loading = Paragraph::new(ctx.i18n.t("agenda.loading")).style(theme::dim());
        f.render_widget(loading, body);
        return;
    }
    if items.is_empty() {
        let key = if s.kind.is_some() || s.operator.is_some() {
            "agenda.empty_filtered"
        } else {
            "agenda.empty"
        };
        f.render_widget(Paragraph::new(ctx.i18n.t(key)).style(theme::dim()), body);
        return;
    }
    let cols = columns(body.width as usize);
    // The window keeps the selected line in view.
    let start = s.selected.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, item)| row(item, &cols, i == s.selected, ctx))
        .collect();
    f.render_widget(Paragraph::new(lines), body);
}
