//! Drawing the plan: header, goals and actions, the budget table, the latest movements.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::date::format_date;
use crate::domain::money::{OpKind, used_percent};
use crate::lookups::lookup;
use crate::service::plan::PlanOverview;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::words::money::budget_line;

/// Money as the operator's language writes it.
fn eur(cents: i64, lang: crate::i18n::Lang) -> String {
    crate::i18n::money(cents, lang)
}

/// `s` clipped or padded to `w` columns (untrusted text sanitized first).
fn cell(s: &str, w: usize) -> String {
    let clipped = text::clip(&text::sanitize(s), w);
    let pad = w.saturating_sub(text::width(&clipped));
    format!("{clipped}{}", " ".repeat(pad))
}

fn right(s: &str, w: usize) -> String {
    format!("{s:>w$}")
}

fn header(plan: &PlanOverview, ctx: &Ctx) -> Vec<Line<'static>> {
    let i18n = ctx.i18n;
    let programme = match &plan.budget {
        Some(v) => v.programme.programme.name.get(i18n.lang).to_string(),
        None => i18n.t("plan.no_programme").to_string(),
    };
    let signed = match plan.signed_on {
        Some(d) => Span::styled(
            i18n.tf("plan.signed_on", &[("date", &format_date(d))]),
            theme::ok(),
        ),
        None => Span::styled(i18n.t("plan.not_signed").to_string(), theme::warn()),
    };
    let mut first = vec![
        Span::styled(text::sanitize(&plan.person).into_owned(), theme::title()),
        Span::raw("  "),
        Span::raw(text::sanitize(&programme).into_owned()),
        Span::raw("  "),
        signed,
    ];
    if !plan.open {
        first.push(Span::styled(
            format!("  {}", i18n.t("plan.closed")),
            theme::error(),
        ));
    }
    let goals = plan.goals.as_deref().unwrap_or_default();
    let goals = if goals.is_empty() {
        Line::styled(i18n.t("plan.no_goals").to_string(), theme::dim())
    } else {
        Line::from(format!(
            "{}: {}",
            i18n.t("plan.goals"),
            text::sanitize(&goals.replace('\n', " · "))
        ))
    };
    vec![Line::from(first), goals]
}

fn actions(plan: &PlanOverview, ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
    let i18n = ctx.i18n;
    if plan.actions.is_empty() {
        return vec![Line::styled(
            i18n.t("plan.no_actions").to_string(),
            theme::dim(),
        )];
    }
    let (kw, ow, dw, sw) = (24, 14, 10, 12);
    let tw = width.saturating_sub(kw + ow + dw + sw + 4).max(10);
    plan.actions
        .iter()
        .map(|a| {
            let overdue = a.is_overdue(ctx.desk.today());
            let due = a.due_on.map(format_date).unwrap_or_default();
            let kind = lookup("action_kinds").label_of(&a.kind, i18n.lang);
            let status = lookup("action_statuses").label_of(&a.status, i18n.lang);
            let style = if overdue {
                theme::error()
            } else {
                Style::new()
            };
            Line::from(vec![
                Span::raw(cell(kind, kw)),
                Span::raw(" "),
                Span::raw(cell(&a.title, tw)),
                Span::raw(" "),
                Span::raw(cell(&a.owner, ow)),
                Span::raw(" "),
                Span::styled(cell(&due, dw), style),
                Span::raw(" "),
                Span::styled(cell(status, sw), style),
            ])
        })
        .collect()
}

fn budget(plan: &PlanOverview, ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
    let i18n = ctx.i18n;
    let Some(view) = &plan.budget else {
        return vec![Line::styled(
            i18n.t("plan.enrol_hint").to_string(),
            theme::warn(),
        )];
    };
    let nw = 13;
    let lw = width.saturating_sub(4 * (nw + 1)).clamp(12, 40);
    let row = |name: &str, b: i64, c: i64, p: i64, l: i64, style: Style| {
        Line::styled(
            format!(
                "{} {} {} {} {}",
                cell(name, lw),
                right(&eur(b, i18n.lang), nw),
                right(&eur(c, i18n.lang), nw),
                right(&eur(p, i18n.lang), nw),
                right(&eur(l, i18n.lang), nw)
            ),
            style,
        )
    };
    let mut out = vec![Line::styled(
        format!(
            "{} {} {} {} {}",
            cell(i18n.t("plan.col.line"), lw),
            right(i18n.t("plan.col.budget"), nw),
            right(i18n.t("plan.col.committed"), nw),
            right(i18n.t("plan.col.paid"), nw),
            right(i18n.t("plan.col.left"), nw)
        ),
        theme::dim(),
    )];
    let alert = ctx.config.budget_alert_percent;
    for l in &view.budget.lines {
        let style = if used_percent(l.committed, l.budget) >= alert && l.budget > 0 {
            theme::warn()
        } else {
            Style::new()
        };
        let label = budget_line(view, &l.code, i18n.lang);
        out.push(row(&label, l.budget, l.committed, l.paid, l.left(), style));
    }
    let b = &view.budget;
    out.push(row(
        i18n.t("plan.total"),
        b.total,
        b.committed(),
        b.paid(),
        b.left(),
        theme::title(),
    ));
    out
}

fn movements(plan: &PlanOverview, ctx: &Ctx) -> Vec<Line<'static>> {
    let i18n = ctx.i18n;
    plan.ledger
        .iter()
        .map(|e| {
            let kind = match e.kind {
                OpKind::Commit => i18n.t("plan.kind.commit"),
                OpKind::Pay => i18n.t("plan.kind.pay"),
                OpKind::Release => i18n.t("plan.kind.release"),
            };
            let line = plan
                .budget
                .as_ref()
                .map_or_else(|| e.line.clone(), |v| budget_line(v, &e.line, i18n.lang));
            let month = e
                .month
                .as_deref()
                .map(|m| format!(" ({m})"))
                .unwrap_or_default();
            Line::from(format!(
                "{}  {:<10} {:>13}  {}{}  {}",
                format_date(e.on_date),
                kind,
                eur(e.cents, i18n.lang),
                text::sanitize(&line),
                month,
                text::sanitize(&e.note)
            ))
        })
        .collect()
}

fn section(title: String) -> Block<'static> {
    Block::new()
        .borders(Borders::TOP)
        .title(format!(" {title} "))
}

pub fn render(plan: &PlanOverview, f: &mut Frame, area: Rect, ctx: &Ctx) {
    let i18n = ctx.i18n;
    let head = header(plan, ctx);
    let acts = actions(plan, ctx, area.width as usize);
    let money = budget(plan, ctx, area.width as usize);
    let [h, a, m, l] = Layout::vertical([
        Constraint::Length(head.len() as u16),
        Constraint::Max(acts.len() as u16 + 1),
        Constraint::Length(money.len() as u16 + 1),
        Constraint::Min(0),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(head), h);
    f.render_widget(
        Paragraph::new(acts).block(section(i18n.t("plan.actions").to_string())),
        a,
    );
    f.render_widget(
        Paragraph::new(money).block(section(i18n.t("plan.budget").to_string())),
        m,
    );
    if l.height > 1 && !plan.ledger.is_empty() {
        f.render_widget(
            Paragraph::new(movements(plan, ctx))
                .block(section(i18n.t("plan.movements").to_string())),
            l,
        );
    }
}
