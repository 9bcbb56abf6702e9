//! Drawing a form: section tabs, one line per stop with its value and issue, the focused
//! field's help or messages, the possible duplicates, and the picker or dialogs on top.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{FormScreen, Mode};
use crate::domain::date::format_date;
use crate::domain::duplicates::Reason;
use crate::forms::Lookups;
use crate::forms::display::choice_label_with;
use crate::forms::{FieldInput, FieldKind, Issue, Severity, Stop};
use crate::i18n::I18n;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::tui::widgets::scroll_list::{Window, rows_in_view};
use crate::tui::widgets::text_field;

const LABEL_W: usize = 26;

fn issue_style(i: &Issue) -> Style {
    if i.severity == Severity::Error {
        theme::error()
    } else {
        theme::warn()
    }
}

fn stop_label(s: &Stop, i18n: &I18n) -> String {
    let lang = i18n.lang;
    match (s.group, s.add_row) {
        (_, true) => format!("{} {}", i18n.t("forms.add_row"), s.field.label.get(lang)),
        (Some(_), false) => format!(
            "  {} {} · {}",
            "›",
            s.path.row.map(|r| r + 1).unwrap_or(0),
            s.field.label.get(lang)
        ),
        (None, false) => s.field.label.get(lang).to_string(),
    }
}

fn value_text(s: &Stop, input: Option<&FieldInput>, i18n: &I18n, runtime: &Lookups) -> String {
    let list = s
        .field
        .lookup
        .as_deref()
        .and_then(|l| crate::lookups::resolve(l, runtime));
    // Text typed on a choice that matched nothing is shown as typed, marked.
    let label = |code: &str| match list {
        Some(l) if l.get(code).is_none() => {
            format!("«{code}» ✗ {}", i18n.t("form.entry.no_match"))
        }
        _ => choice_label_with(s.field, code, i18n.lang, runtime),
    };
    match input {
        Some(FieldInput::Text(t)) => t.clone(),
        Some(FieldInput::Choice(Some(c))) => label(c),
        Some(FieldInput::Multi(codes)) => codes
            .iter()
            .map(|c| label(c))
            .collect::<Vec<_>>()
            .join(", "),
        Some(FieldInput::Bool(Some(b))) => i18n
            .t(if *b { "yes_no.yes" } else { "yes_no.no" })
            .to_string(),
        _ => String::new(),
    }
}

fn tabs(r: &FormScreen, i18n: &I18n, width: usize) -> Line<'static> {
    let mut spans = Vec::new();
    let spec = r.state.spec();
    for (i, s) in r.state.sections().iter().enumerate() {
        let errors = r
            .state
            .errors()
            .iter()
            .filter(|e| r.tried_save || e.msg.key != "forms.required")
            .filter(|e| spec.section_of(&e.path.field) == Some(i))
            .count();
        let mark = if errors > 0 { "!" } else { "" };
        let label = format!(" {}{} {} ", i + 1, mark, s.label.get(i18n.lang));
        let style = if i == r.state.section() {
            theme::selected()
        } else if errors > 0 {
            theme::error()
        } else {
            theme::dim()
        };
        spans.push(Span::styled(label, style));
    }
    let total: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    if total > width {
        // Narrow: the current section's name and its place in the list.
        let cur = r.state.section();
        let s = &r.state.sections()[cur.min(r.state.sections().len().saturating_sub(1))];
        let t = format!(
            " {}/{} {} ",
            cur + 1,
            r.state.sections().len(),
            s.label.get(i18n.lang)
        );
        return Line::styled(text::clip(&t, width), theme::selected());
    }
    Line::from(spans)
}

fn render_stops(r: &FormScreen, f: &mut Frame, area: Rect, i18n: &I18n) {
    let stops = r.state.stops();
    let focus = r.state.focus_index().unwrap_or(0);
    let shown = rows_in_view(focus, stops.len(), area.height as usize, Window::Follow);
    let labelw = LABEL_W.min(area.width as usize / 2);
    let first = shown.start;
    for (row, (i, s)) in stops
        .iter()
        .enumerate()
        .skip(first)
        .take(shown.len())
        .enumerate()
    {
        let y = area.y + row as u16;
        let focused = i == focus && r.picker.is_none() && r.mode == Mode::Edit;
        let req = if !s.add_row && r.state.is_required(&s.path) {
            "*"
        } else {
            ""
        };
        let label = text::clip(&format!("{}{req}", stop_label(s, i18n)), labelw - 1);
        let lstyle = if focused {
            theme::focused()
        } else if s.add_row {
            theme::dim()
        } else {
            Style::new()
        };
        f.render_widget(
            Span::styled(label, lstyle),
            Rect {
                x: area.x,
                y,
                width: labelw as u16,
                height: 1,
            },
        );
        let vx = area.x + labelw as u16;
        let vw = area.width.saturating_sub(labelw as u16);
        let mut issues = r.visible_issues(&s.path);
        let input = r.state.input(&s.path);
        let value = value_text(s, input, i18n, r.state.lookups());
        if matches!(s.kind, FieldKind::Choice | FieldKind::MultiChoice) && value.contains('✗') {
            // The value says "no match" itself; the field's other issues keep their room.
            issues.retain(|i| i.msg.key != "forms.choice.unknown");
        }
        let vrect = Rect {
            x: vx,
            y,
            width: vw,
            height: 1,
        };
        if s.add_row {
            continue;
        }
        if focused && s.kind.is_typed() {
            let used = (vw as usize).saturating_sub(if issues.is_empty() {
                0
            } else {
                vw as usize / 3
            });
            text_field::render(
                f,
                Rect {
                    width: used as u16,
                    ..vrect
                },
                &value,
                r.state.cursor(),
                true,
                theme::focused(),
            );
            if let Some(i) = issues.first() {
                let msg = text::clip(&i18n.msg(&i.msg), vw as usize - used);
                f.render_widget(
                    Span::styled(msg, issue_style(i)),
                    Rect {
                        x: vx + used as u16,
                        width: vw - used as u16,
                        ..vrect
                    },
                );
            }
            continue;
        }
        let mut spans = Vec::new();
        let shown = if value.is_empty() && focused {
            let hint = match s.kind {
                FieldKind::Choice | FieldKind::MultiChoice => "form.hint_choose",
                FieldKind::YesNo => "form.hint_yes_no",
                _ => "form.hint_type",
            };
            spans.push(Span::styled(
                text::clip(i18n.t(hint), vw as usize),
                theme::dim(),
            ));
            0
        } else {
            let v = text::clip(
                &value,
                (vw as usize).saturating_sub(if issues.is_empty() { 0 } else { 12 }),
            );
            let w = text::width(&v);
            spans.push(Span::styled(
                v,
                if focused {
                    theme::focused()
                } else {
                    Style::new()
                },
            ));
            w
        };
        if let Some(i) = issues.first() {
            let room = (vw as usize).saturating_sub(shown + 2);
            spans.push(Span::styled(
                format!("  {}", text::clip(&i18n.msg(&i.msg), room)),
                issue_style(i),
            ));
        }
        f.render_widget(Line::from(spans), vrect);
    }
}

fn detail(r: &FormScreen, i18n: &I18n, width: usize) -> Vec<Line<'static>> {
    let Some(s) = r.state.focused_stop() else {
        return Vec::new();
    };
    let issues = r.visible_issues(&s.path);
    if !issues.is_empty() {
        return issues
            .iter()
            .take(2)
            .map(|i| Line::styled(text::clip(&i18n.msg(&i.msg), width), issue_style(i)))
            .collect();
    }
    match &s.field.help {
        Some(h) => vec![Line::styled(
            text::clip(h.get(i18n.lang), width),
            theme::dim(),
        )],
        None => Vec::new(),
    }
}

fn dupes_lines(r: &FormScreen, i18n: &I18n, width: usize) -> Vec<Line<'static>> {
    let Some(d) = r.dupes.as_ref() else {
        return Vec::new();
    };
    if d.matches.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Line::styled(
        text::clip(i18n.t("form.dupes_title"), width),
        theme::warn(),
    )];
    for m in &d.matches {
        let p = &m.person;
        let born = p.birth_date.map(format_date).unwrap_or_default();
        let why: Vec<&str> = m.reasons.iter().map(|r| i18n.t(r.key())).collect();
        let name = text::sanitize(p.names.first().map_or("", String::as_str)).into_owned();
        let line = format!(" {name}  {born}  — {}", why.join(", "));
        let strong = m.reasons.iter().any(|r| {
            matches!(
                r,
                Reason::SameTaxCode | Reason::SamePhone | Reason::SameBirthDate
            )
        });
        let style = if strong { theme::warn() } else { Style::new() };
        out.push(Line::styled(text::clip(&line, width), style));
    }
    out
}

pub(super) fn render(r: &FormScreen, f: &mut Frame, area: Rect, ctx: &Ctx) {
    let i18n = ctx.i18n;
    let dupes = dupes_lines(r, &i18n, area.width as usize);
    let dupes_h = if dupes.is_empty() {
        0
    } else {
        (dupes.len() as u16 + 1).min(area.height / 3)
    };
    let [tabs_area, stops_area, detail_area, dupes_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(2),
        Constraint::Length(dupes_h),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(tabs(r, &i18n, area.width as usize)),
        tabs_area,
    );
    render_stops(r, f, stops_area, &i18n);
    f.render_widget(
        Paragraph::new(detail(r, &i18n, area.width as usize))
            .block(Block::new().borders(Borders::TOP)),
        detail_area,
    );
    if dupes_h > 0 {
        let mut lines = dupes;
        if let Some(first) = lines.first_mut() {
            first.push_span(Span::styled(
                format!("  ({})", i18n.t("form.dupes_open")),
                theme::key(),
            ));
        }
        f.render_widget(
            Paragraph::new(lines).block(Block::new().borders(Borders::TOP)),
            dupes_area,
        );
    }
    super::overlays::render_picker(r, f, area, &i18n);
    super::overlays::render_dialog(r, f, area, &i18n);
}
