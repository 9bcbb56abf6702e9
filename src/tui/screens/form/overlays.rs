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
use crate::tui::widgets::scroll_list::{self, Window};
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
    if items.is_empty() {
        f.render_widget(Span::styled(i18n.t("form.no_choice"), theme::dim()), list);
        return;
    }
    let (len, sel) = (items.len(), Some(p.selected));
    scroll_list::render(f, list, len, sel, Window::Paged, |i, on| {
        let Some(item) = items.get(i) else {
            return Line::default();
        };
        let mark = if chosen.contains(&item.code) {
            "✔ "
        } else {
            "  "
        };
        let line = Line::raw(text::clip(
            &format!("{mark}{}", item.label(i18n.lang)),
            list.width as usize,
        ));
        if on {
            line.patch_style(theme::selected())
        } else {
            line
        }
    });
}

pub(super) fn render_dialog(r: &FormScreen, f: &mut Frame, area: Rect, i18n: &I18n) {
    match r.mode {
        Mode::Edit => {}
        Mode::ConfirmDiscard => render_discard(r, f, area, i18n),
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

/// The question before a changed form is closed: what would be lost, by name, and the keys;
/// discarding has a key of its own, Enter keeps the form.
fn render_discard(r: &FormScreen, f: &mut Frame, area: Rect, i18n: &I18n) {
    let changed = r.state.changed_fields();
    let names: Vec<&str> = changed.iter().map(|fs| fs.label.get(i18n.lang)).collect();
    let w = area.width.saturating_sub(4).min(72);
    let inner_w = w.saturating_sub(2) as usize;
    let mut list = names.iter().take(6).copied().collect::<Vec<_>>().join(", ");
    if names.len() > 6 {
        let more = i18n.tf(
            "form.entry.confirm_more",
            &[("n", &(names.len() - 6).to_string())],
        );
        list = format!("{list} {more}");
    }
    let mut lines = vec![Line::styled(
        i18n.tf(
            "form.entry.confirm_lost",
            &[("n", &names.len().to_string())],
        ),
        theme::warn(),
    )];
    lines.extend(
        wrap(&list, inner_w.saturating_sub(2))
            .into_iter()
            .map(|l| Line::styled(format!("  {l}"), theme::title())),
    );
    lines.push(Line::raw(""));
    for key in [
        "form.entry.confirm_keep",
        "form.entry.confirm_discard",
        "form.entry.confirm_save",
    ] {
        lines.push(Line::styled(text::clip(i18n.t(key), inner_w), theme::key()));
    }
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = popup::centered(area, w, h);
    let inner = popup::frame(f, rect, i18n.t("form.confirm_title"));
    f.render_widget(Paragraph::new(lines), inner);
}

/// `s` in lines of at most `width` columns, broken between words (a word longer than a line
/// is clipped).
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let add = if line.is_empty() { 0 } else { 1 } + text::width(word);
        if !line.is_empty() && text::width(&line) + add > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out.into_iter().map(|l| text::clip(&l, width)).collect()
}
