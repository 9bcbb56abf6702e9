//! Drawing the agenda: a pure function of its state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::AgendaScreen;
use crate::domain::agenda::{Group, Item, Kind};
use crate::domain::date::format_date;
use crate::service::agenda::{Agenda, LIMIT_PER_KIND};
use crate::store::FACT_COUNT_CAP;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::scroll_list::{self, Window};

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
    let n = format!("{}{}", a.map_or(0, |a| a.items.len()), more(a));
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

/// What follows a count while only a first screen's rows are in: they are not all counted yet.
fn more(a: Option<&Agenda>) -> &'static str {
    if a.is_some_and(|a| !a.complete) {
        "…"
    } else {
        ""
    }
}

/// Each kind with items and its count, packed into as many lines as `width` needs: every
/// kind stays readable whole, whatever the width.
fn counts_lines(
    s: &AgendaScreen,
    a: Option<&Agenda>,
    width: usize,
    ctx: &Ctx,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for k in Kind::ALL {
        let n = a.map_or(0, |a| a.count(k));
        if n == 0 {
            continue;
        }
        let key = k.label_key();
        let label = ctx.i18n.t(&key);
        let plus = match more(a) {
            "" if n >= FACT_COUNT_CAP => "+",
            m => m,
        };
        let chunk = format!("{label} {n}{plus}");
        let w = text::width(&chunk);
        if !spans.is_empty() && used + 3 + w > width {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        if !spans.is_empty() {
            spans.push(Span::raw(" · "));
            used += 3;
        }
        let style = if s.kind == Some(k) {
            theme::focused()
        } else {
            theme::dim()
        };
        spans.push(Span::styled(chunk, style));
        used += w;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

/// A group's heading: its name and how many items it holds; the records to check say how
/// to open or close them.
fn heading(g: Group, n: usize, s: &AgendaScreen, ctx: &Ctx) -> Line<'static> {
    let count = format!("{n}{}", more(s.agenda.as_ref()));
    let name = ctx.i18n.tf(&g.label_key(), &[("count", &count)]);
    let mut spans = vec![Span::styled(
        format!("── {name} "),
        if g == Group::Overdue {
            theme::error()
        } else {
            theme::title()
        },
    )];
    if g == Group::ToCheck {
        let key = if s.to_check {
            "agenda.to_check_hide"
        } else {
            "agenda.to_check_show"
        };
        spans.push(Span::styled(ctx.i18n.t(key).to_string(), theme::dim()));
    }
    Line::from(spans)
}

/// The rows to draw: group headings and items (with their index in the agenda).
fn rows(
    s: &AgendaScreen,
    a: &Agenda,
    cols: &Columns,
    ctx: &Ctx,
) -> Vec<(Option<usize>, Line<'static>)> {
    let mut out = Vec::new();
    let mut current: Option<Group> = None;
    let groups = a.group_counts();
    let count = |g: Group| groups.iter().find(|(x, _)| *x == g).map_or(0, |(_, n)| *n);
    for (i, item) in a.items.iter().enumerate() {
        let g = item.due.group();
        if current != Some(g) {
            current = Some(g);
            out.push((None, heading(g, count(g), s, ctx)));
        }
        out.push((Some(i), row(item, cols, i == s.selected, ctx)));
    }
    if a.to_check > 0 && current != Some(Group::ToCheck) {
        out.push((None, heading(Group::ToCheck, a.to_check, s, ctx)));
    }
    out
}

pub(super) fn render(s: &AgendaScreen, f: &mut Frame, area: Rect, ctx: &Ctx) {
    let a = s.agenda.as_ref();
    let mut header = vec![filters_line(s, a, ctx)];
    header.extend(counts_lines(s, a, area.width as usize, ctx));
    let head_h = u16::try_from(header.len() + 1).unwrap_or(u16::MAX);
    let [head, body] =
        Layout::vertical([Constraint::Length(head_h), Constraint::Min(1)]).areas(area);
    f.render_widget(
        Paragraph::new(header)
            .wrap(Wrap { trim: true })
            .block(Block::new().borders(Borders::BOTTOM)),
        head,
    );
    if let Some(m) = &s.error {
        let msg = text::sanitize(&ctx.i18n.msg(m)).into_owned();
        f.render_widget(Paragraph::new(msg).style(theme::error()), body);
        return;
    }
    let Some(a) = a else {
        let loading = Paragraph::new(ctx.i18n.t("agenda.loading")).style(theme::dim());
        f.render_widget(loading, body);
        return;
    };
    let cols = columns(body.width as usize);
    // The selected item's reason, whole, under the list when its column cuts it.
    let body = match a.items.get(s.selected) {
        Some(item) => {
            let reason = text::sanitize(&ctx.i18n.msg(&item.reason)).into_owned();
            if text::width(&reason) > cols.reason && body.height > 6 {
                let whole = format!(
                    "› {} · {}: {reason}",
                    ctx.i18n.t(&item.kind.label_key()),
                    text::sanitize(&item.person)
                );
                let [list, foot] =
                    Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(body);
                f.render_widget(
                    Paragraph::new(whole)
                        .style(theme::dim())
                        .wrap(Wrap { trim: true }),
                    foot,
                );
                list
            } else {
                body
            }
        }
        None => body,
    };
    s.viewport.set(body.height);
    let all = rows(s, a, &cols, ctx);
    if all.is_empty() {
        let key = if s.kind.is_some() || s.operator.is_some() {
            "agenda.empty_filtered"
        } else {
            "agenda.empty"
        };
        f.render_widget(Paragraph::new(ctx.i18n.t(key)).style(theme::dim()), body);
        return;
    }
    // The window keeps the selected line in view, and its heading when there is room.
    let at = all
        .iter()
        .position(|(i, _)| *i == Some(s.selected))
        .unwrap_or(0);
    let mut lines: Vec<Option<Line>> = all.into_iter().map(|(_, l)| Some(l)).collect();
    scroll_list::render(f, body, lines.len(), Some(at), Window::Follow, |i, _| {
        lines.get_mut(i).and_then(Option::take).unwrap_or_default()
    });
}
