//! What a form draws on top of itself: the choice picker and the dialogs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{FormScreen, Mode};
use crate::forms::FieldInput;
use crate::i18n::I18n;
use crate::text;
use crate::tui::theme;
use crate::tui::widgets::{popup, text_field};

pub(super) fn render_picker(r: &FormScreen, f: &mut Frame, area: Rect, i18n: &I18n) {
    let Some(p) = r.picker.as_ref() else { return };
    let rect = popup::centered(area, 56, 18);
    let title = r
        .state
        .focused_stop()
        .map(|s| s.field.label.get(i18n.lang).to_string())
        .unwrap_or_default();
    let inner = popup::frame(f, rect, &title);
    let [filter, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    let hint = format!("{} ", i18n.t("form.filter"));
    let hw = text::width(&hint) as u16;
    f.render_widget(
        Span::styled(hint, theme::dim()),
        Rect {
            height: 1,
            ..filter
        },
    );
    let frect = Rect {
        x: filter.x + hw,
        width: filter.width.saturating_sub(hw),
        height: 1,
        ..filter
    };
    text_field::render(
        f,
        frect,
        p.filter.value(),
        p.filter.cursor(),
        true,
        Style::new(),
    );
    let items = p.items(i18n.lang);
    let chosen: Vec<String> = match r
        .state
        .focused_stop()
        .and_then(|s| r.state.input(&s.path).cloned())
    {
        Some(FieldInput::Multi(c)) => c,
        Some(FieldInput::Choice(Some(c))) => vec![c],
        _ => Vec::new(),
    };
    let h = list.height as usize;
    let top = (p.selected / h.max(1)) * h.max(1);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(top)
        .take(h)
        .map(|(i, item)| {
            let mark = if chosen.contains(&item.code) {
                "✔ "
            } else {
                "  "
            };
            let line = Line::raw(text::clip(
                &format!("{mark}{}", item.label(i18n.lang)),
                list.width as usize,
            ));
            if i == p.selected {
                line.patch_style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    if lines.is_empty() {
        f.render_widget(Span::styled(i18n.t("form.no_choice"), theme::dim()), list);
    } else {
        f.render_widget(Paragraph::new(lines), list);
    }
}

pub(super) fn render_dialog(r: &FormScreen, f: &mut Frame, area: Rect, i18n: &I18n) {
    match r.mode {
        Mode::Edit => {}
        Mode::ConfirmDiscard => {
            let rect = popup::centered(area, 60, 6);
            let inner = popup::frame(f, rect, i18n.t("form.confirm_title"));
            let lines = vec![
                Line::raw(text::clip(
                    i18n.t("form.confirm_discard"),
                    inner.width as usize,
                )),
                Line::raw(""),
                Line::styled(
                    text::clip(i18n.t("form.confirm_keys"), inner.width as usize),
                    theme::key(),
                ),
            ];
            f.render_widget(Paragraph::new(lines), inner);
        }
        Mode::Errors => {
            let spec = r.state.spec();
            let h = (r.errors.len() as u16 + 3).min(area.height);
            let rect = popup::centered(area, area.width.saturating_sub(4), h);
            let title = i18n.tf("form.errors_title", &[("n", &r.errors.len().to_string())]);
            let inner = popup::frame(f, rect, &title);
            let w = inner.width as usize;
            let mut lines: Vec<Line> = r
                .errors
                .iter()
                .map(|e| {
                    let label = spec
                        .field(&e.path.field)
                        .map(|fs| fs.label.get(i18n.lang).to_string())
                        .unwrap_or_default();
                    let row = e
                        .path
                        .row
                        .map(|r| format!(" {}", r + 1))
                        .unwrap_or_default();
                    let head = format!(" {label}{row}: ");
                    let room = w.saturating_sub(text::width(&head));
                    Line::from(vec![
                        Span::styled(head, theme::title()),
                        Span::styled(text::clip(&i18n.msg(&e.msg), room), theme::error()),
                    ])
                })
                .collect();
            lines.push(Line::styled(
                text::clip(i18n.t("form.errors_close"), w),
                theme::key(),
            ));
            f.render_widget(Paragraph::new(lines), inner);
        }
    }
}
