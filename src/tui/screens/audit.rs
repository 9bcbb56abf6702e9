//! The administrator's audit screen (A on the agenda): who saw, changed or exported what,
//! newest first, filtered by person (a name or an id), operator and period as they type.
//! Records and fields are named in words (the forms' labels, the catalogue), never by their
//! table or column.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use uuid::Uuid;

use crate::domain::date::parse_date;
use crate::i18n::Msg;
use crate::service::audit as service;
use crate::store::audit::{AuditEntry, AuditFilter};
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, NAV, TEXT_EDIT, key};
use crate::tui::screen::{Screen, Transition};
use crate::tui::theme;
use crate::tui::widgets::columns::{self, Column};
use crate::tui::widgets::line_edit::LineEdit;
use crate::tui::widgets::scroll_list::{self, Move, Window, target};
use crate::words::labels;

/// Rows a PgUp or PgDn moves.
const PAGE: usize = 20;

static KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Tab)],
        action: Action::NextField,
        help: "audit.keys.next",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::BackTab)],
        action: Action::PrevField,
        help: "audit.keys.prev",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

const LABELS: [&str; 4] = ["audit.person", "audit.operator", "audit.from", "audit.to"];

pub struct AuditScreen {
    fields: [LineEdit; 4],
    focus: usize,
    rows: Vec<AuditEntry>,
    /// Who the person filter found, or why a filter is not applied.
    note: Option<String>,
    selected: usize,
}

/// The screen, or `None` with the reason (not an administrator) in the status line.
pub fn open(ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    let mut s = AuditScreen {
        fields: std::array::from_fn(|_| LineEdit::new(80)),
        focus: 0,
        rows: Vec::new(),
        note: None,
        selected: 0,
    };
    s.reload(ctx).then(|| Box::new(s) as Box<dyn Screen>)
}

impl AuditScreen {
    fn filter(&mut self, ctx: &Ctx) -> AuditFilter {
        self.note = None;
        let i18n = ctx.i18n;
        let mut f = AuditFilter::default();
        let person = self.fields[0].value().trim();
        if let Ok(id) = Uuid::parse_str(person) {
            f.person = Some(id);
        } else if !person.is_empty() {
            match ctx.desk.search(person, 0, 1, false) {
                Ok(page) if !page.rows.is_empty() => {
                    let p = &page.rows[0];
                    f.person = Some(p.id);
                    self.note = p.names.first().cloned();
                }
                _ => {
                    f.person = Some(Uuid::nil());
                    self.note = Some(i18n.t("audit.nobody").to_string());
                }
            }
        }
        let op = self.fields[1].value().trim();
        f.operator = (!op.is_empty()).then(|| op.to_string());
        for (i, slot) in [(2, &mut f.from), (3, &mut f.to)] {
            let v = self.fields[i].value().trim();
            if v.is_empty() {
                continue;
            }
            match parse_date(v) {
                Ok(d) => *slot = Some(d),
                Err(_) => self.note = Some(i18n.msg(&Msg::new("audit.bad_date").arg("value", v))),
            }
        }
        f
    }

    fn reload(&mut self, ctx: &mut Ctx) -> bool {
        let f = self.filter(ctx);
        match ctx.desk.audit(&f) {
            Ok(rows) => {
                self.rows = rows;
                self.selected = self.selected.min(self.rows.len().saturating_sub(1));
                true
            }
            Err(f) => {
                ctx.failed(&f);
                false
            }
        }
    }

    fn line(e: &AuditEntry, selected: bool, cols: &AuditColumns, ctx: &Ctx) -> Line<'static> {
        let i18n = ctx.i18n;
        let at = chrono::DateTime::parse_from_rfc3339(&e.at)
            .map(|t| crate::words::local_stamp(t.with_timezone(&chrono::Utc)))
            .unwrap_or_else(|_| e.at.clone());
        let action = i18n.t(&format!("audit.action.{}", e.action)).to_string();
        // The end of the id: a UUIDv7 begins with its time, the same for records made
        // within the same minute, and ends with its random part.
        let tail = e.entity_id.len().saturating_sub(8);
        let id: String = e.entity_id.chars().skip(tail).collect();
        let field = match (e.field.as_deref(), e.action.as_str()) {
            (Some(f), _) => labels::field_name(&e.entity, f, &i18n),
            (None, "change") => i18n.t("audit.col.created").to_string(),
            (None, _) => String::new(),
        };
        let cells = [
            at,
            text::sanitize(&e.operator).into_owned(),
            action,
            labels::entity_name(&e.entity, &i18n),
            field,
            id,
        ];
        let style = if selected {
            theme::selected()
        } else {
            ratatui::style::Style::new()
        };
        Line::styled(columns::row(&cols.0, &cols.1, &cells), style)
    }
}

/// The trail's columns and how they fit the screen.
type AuditColumns = (Vec<Column>, columns::Fit);

/// The trail's columns, named in words; the record's id goes first on a narrow screen.
fn layout(width: usize, ctx: &Ctx) -> AuditColumns {
    let t = |k: &str| ctx.i18n.t(k).to_string();
    let cols = vec![
        Column::fixed(t("audit.col.when"), 16, 9),
        Column::fixed(t("audit.col.operator"), 10, 6),
        Column::fixed(t("audit.col.action"), 9, 7),
        Column::fixed(t("audit.col.record"), 20, 8),
        Column::flexible(t("audit.col.field"), 16, 40, 5),
        Column::fixed(t("audit.col.id"), 8, 2),
    ];
    let fit = columns::fit(&cols, width);
    (cols, fit)
}

impl Screen for AuditScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV, TEXT_EDIT]
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        if let Some(mv) = Move::of(&action) {
            self.selected = target(mv, self.selected, self.rows.len(), PAGE);
            return Transition::None;
        }
        match action {
            Action::Back => return Transition::Pop,
            Action::NextField => self.focus = (self.focus + 1) % 4,
            Action::PrevField => self.focus = (self.focus + 3) % 4,
            other => {
                let field = &mut self.fields[self.focus];
                field.apply(&other);
                if field.take_changed() {
                    self.selected = 0;
                    self.reload(ctx);
                }
            }
        }
        Transition::None
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let i18n = ctx.i18n;
        let [filters, note, head, list] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(area);
        let half = filters.width / 2;
        for (i, label) in LABELS.iter().enumerate() {
            let r = Rect {
                x: filters.x + if i % 2 == 0 { 0 } else { half },
                y: filters.y + (i / 2) as u16,
                width: half,
                height: 1,
            };
            let prompt = format!("{}: ", i18n.t(label));
            let value = text::sanitize(self.fields[i].value()).into_owned();
            let style = if i == self.focus {
                theme::focused()
            } else {
                theme::dim()
            };
            f.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(prompt.clone(), style),
                    Span::raw(value),
                ])),
                r,
            );
            if i == self.focus {
                let typed: String = self.fields[i]
                    .value()
                    .chars()
                    .take(self.fields[i].cursor())
                    .collect();
                f.set_cursor_position((
                    r.x + (text::width(&prompt) + text::width(&typed)) as u16,
                    r.y,
                ));
            }
        }
        let count = i18n.tf(
            "audit.count",
            &[
                ("n", &self.rows.len().to_string()),
                ("max", &service::LIMIT.to_string()),
            ],
        );
        let mut note_text = match &self.note {
            Some(n) => format!("{count} · {}", text::sanitize(n)),
            None => count,
        };
        let cols = layout(area.width as usize, ctx);
        let hidden = columns::hidden_names(&cols.0, &cols.1);
        if !hidden.is_empty() {
            note_text.push_str(" · ");
            note_text.push_str(&i18n.tf("words.hidden", &[("cols", &hidden.join(", "))]));
        }
        f.render_widget(Paragraph::new(Line::styled(note_text, theme::dim())), note);
        f.render_widget(
            Paragraph::new(Line::styled(
                columns::heading(&cols.0, &cols.1),
                theme::dim(),
            )),
            head,
        );
        if self.rows.is_empty() {
            let none = Line::styled(i18n.t("audit.none"), theme::dim());
            f.render_widget(Paragraph::new(none), list);
        } else {
            let (len, sel) = (self.rows.len(), Some(self.selected));
            scroll_list::render(f, list, len, sel, Window::Follow, |i, on| {
                Self::line(&self.rows[i], on, &cols, ctx)
            });
        }
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("audit.title").to_string()
    }
}
