//! Drawing the case screen: header, steps, timeline. Pure: reads the screen's state only.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{CaseScreen, key_of};
use crate::domain::case::{StepOverview, StepStatus};
use crate::domain::date::format_date;
use crate::i18n::I18n;
use crate::lookups::lookup;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::scroll_list::{self, Window};
use crate::words::local_stamp;
use crate::words::step_detail::detail_text;
use crate::words::timeline::TimelineLine;

fn header(s: &CaseScreen, ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
    let i18n = ctx.i18n;
    let c = &s.overview.case;
    let mut facts = vec![i18n.tf(
        "case.opened_on",
        &[("date", &format_date(c.opened_at.date_naive()))],
    )];
    if !c.operator.is_empty() {
        facts.push(i18n.tf("case.operator", &[("name", &text::sanitize(&c.operator))]));
    }
    if let Some(p) = &s.overview.programme {
        let name = crate::words::labels::programme_name(p, &i18n);
        facts.push(i18n.tf("case.programme", &[("code", &text::sanitize(&name))]));
    }
    let name = text::clip(&s.overview.person_name, 40);
    let room = width.saturating_sub(text::width(&name) + 2);
    let first = Line::from(vec![
        Span::styled(name, theme::title()),
        Span::raw("  "),
        Span::raw(text::clip(&facts.join(" · "), room)),
    ]);
    let second = match c.closed_at {
        None => Line::styled(i18n.t("case.state_open").to_string(), theme::ok()),
        Some(at) => {
            let mut t = i18n.tf(
                "case.state_closed",
                &[("date", &format_date(at.date_naive()))],
            );
            if let Some(o) = &c.outcome {
                let label = lookup("closure_outcomes").label_of(o, i18n.lang);
                t.push_str(&format!(" — {}", text::sanitize(label)));
                if let Some(on) = c.outcome_on {
                    t.push_str(&format!(" ({})", format_date(on)));
                }
            }
            Line::from(vec![
                Span::styled(text::clip(&t, width), theme::warn()),
                Span::styled(format!("  {}", i18n.t("case.closed_hint")), theme::dim()),
            ])
        }
    };
    vec![first, second]
}

fn step_line(s: &StepOverview, selected: bool, width: usize, i18n: &I18n) -> Line<'static> {
    let (mark, style) = match s.status {
        StepStatus::Done => ("✔", theme::ok()),
        StepStatus::InProgress => ("…", theme::warn()),
        StepStatus::Todo => ("·", theme::dim()),
    };
    let k = key_of(s.step).map(|k| k.label()).unwrap_or_default();
    let name = text::clip(i18n.t(&format!("step.{}", s.step.code())), 25);
    let pad = " ".repeat(25usize.saturating_sub(text::width(&name)));
    let status = text::clip(i18n.t(&format!("step_status.{}", s.status.code())), 11);
    let spad = " ".repeat(11usize.saturating_sub(text::width(&status)));
    let room = width.saturating_sub(45);
    let detail = text::clip(&detail_text(&s.detail, i18n), room);
    let base = if selected {
        theme::selected()
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(format!(" {k} "), theme::key().patch(base)),
        Span::styled(format!("{mark} "), style.patch(base)),
        Span::styled(format!("{name}{pad} "), base),
        Span::styled(format!("{status}{spad} "), style.patch(base)),
        Span::styled(detail, theme::dim().patch(base)),
    ])
}

/// When an event happened, as the timeline writes it.
pub(super) fn stamp(t: &TimelineLine, utc: bool) -> String {
    if utc {
        t.at.format("%d/%m/%Y %H:%M").to_string()
    } else {
        local_stamp(t.at)
    }
}

/// One event: when, who, what; a mark when it has more to show (Enter).
fn timeline_line(t: &TimelineLine, utc: bool, selected: bool, width: usize) -> Line<'static> {
    let when = stamp(t, utc);
    let who = text::clip(&text::sanitize(&t.by), 12);
    let more = if t.changes.is_empty() { " " } else { "›" };
    let rest = width.saturating_sub(text::width(&when) + text::width(&who) + 9);
    let base = if selected {
        theme::selected()
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(format!(" {when}"), theme::dim().patch(base)),
        Span::styled(" · ", base),
        Span::styled(who, theme::dim().patch(base)),
        Span::styled(" · ", base),
        Span::styled(text::clip(&t.text, rest), base),
        Span::styled(format!(" {more}"), theme::dim().patch(base)),
    ])
}

pub(super) fn render(s: &CaseScreen, f: &mut Frame, area: Rect, ctx: &Ctx) {
    let i18n = ctx.i18n;
    let [head, body] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    f.render_widget(
        Paragraph::new(header(s, ctx, head.width as usize))
            .block(Block::new().borders(Borders::BOTTOM)),
        head,
    );
    let [steps_area, tl_area] =
        Layout::vertical([Constraint::Length(10), Constraint::Min(3)]).areas(body);
    let steps_block = Block::new()
        .borders(Borders::BOTTOM)
        .title(format!(" {} ", i18n.t("person.steps")));
    let width = steps_area.width as usize;
    let lines: Vec<Line> = s
        .overview
        .steps
        .iter()
        .enumerate()
        .map(|(i, st)| step_line(st, i == s.selected && !s.on_timeline, width, &i18n))
        .collect();
    f.render_widget(Paragraph::new(lines).block(steps_block), steps_area);
    let title_style = if s.on_timeline {
        theme::focused()
    } else {
        Style::new()
    };
    let tl_block = Block::new().title(Span::styled(
        format!(" {} ", i18n.t("case.timeline")),
        title_style,
    ));
    let inner = tl_block.inner(tl_area);
    s.rows.set(inner.height);
    let width = inner.width as usize;
    if s.timeline.is_empty() {
        let empty = Line::styled(i18n.t("case.timeline_empty").to_string(), theme::dim());
        f.render_widget(Paragraph::new(empty).block(tl_block), tl_area);
        return;
    }
    f.render_widget(tl_block, tl_area);
    // The window follows the event chosen even while the steps have the keys.
    let (len, sel) = (s.timeline.len(), Some(s.event));
    scroll_list::render(f, inner, len, sel, Window::Follow, |i, on| {
        match s.timeline.get(i) {
            Some(t) => timeline_line(t, s.utc, s.on_timeline && on, width),
            None => Line::default(),
        }
    });
}
