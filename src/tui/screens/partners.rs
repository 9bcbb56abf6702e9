//! The directory of the local network: search as you type (any word of the name or the
//! territory), each partner with its kind and the network's figures — referrals sent,
//! accepted, declined, still waiting, median days to an answer; n adds, Enter edits. On a
//! narrow screen the least useful columns go first, and a line says which.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::lookups::lookup;
use crate::service::referrals::DIRECTORY_LIMIT;
use crate::store::{NetworkFigures, StoredPartner};
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::form_job::{FormJob, FormOpen};
use crate::tui::keymap::{Action, Binding, NAV, TEXT_EDIT, ctrl, key};
use crate::tui::router::Route;
use crate::tui::screen::{AppEvent, Screen, Transition};
use crate::tui::theme;
use crate::tui::widgets::columns::{self, Column};
use crate::tui::widgets::line_edit::LineEdit;
use crate::tui::widgets::scroll_list::{self, Move, Window, target};

/// Rows a PgUp or PgDn moves.
const PAGE: usize = 10;

static KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Edit,
        help: "partners.keys.edit",
        bar: true,
    },
    Binding {
        keys: &[ctrl('n')],
        action: Action::New,
        help: "partners.keys.new",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

pub struct PartnersScreen {
    query: LineEdit,
    rows: Vec<StoredPartner>,
    figures: HashMap<Uuid, NetworkFigures>,
    selected: usize,
}

/// The directory, or `None` with the reason in the status line.
pub fn open(ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    let mut s = PartnersScreen {
        query: LineEdit::new(80),
        rows: Vec::new(),
        figures: HashMap::new(),
        selected: 0,
    };
    s.reload(ctx, true).then(|| Box::new(s) as Box<dyn Screen>)
}

impl PartnersScreen {
    /// Runs the search again (and the figures, which change only with referrals).
    fn reload(&mut self, ctx: &mut Ctx, figures: bool) -> bool {
        let found = ctx.desk.partners(self.query.value(), DIRECTORY_LIMIT);
        let figs = if figures {
            ctx.desk.network_figures().map(Some)
        } else {
            Ok(None)
        };
        match (found, figs) {
            (Ok(rows), Ok(f)) => {
                self.rows = rows;
                if let Some(f) = f {
                    self.figures = f;
                }
                self.selected = self.selected.min(self.rows.len().saturating_sub(1));
                true
            }
            (Err(f), _) | (_, Err(f)) => {
                ctx.failed(&f);
                false
            }
        }
    }

    fn form(id: Uuid, doc: Option<&Map<String, Value>>) -> Transition {
        let job = FormJob::Partner {
            partner: id,
            opened: Default::default(),
        };
        Transition::Open(Route::Form(Box::new(FormOpen::new(job, doc.cloned()))))
    }

    fn line(
        &self,
        p: &StoredPartner,
        selected: bool,
        layout: &PartnerColumns,
        ctx: &Ctx,
    ) -> Line<'static> {
        let kind = lookup("partner_kinds").label_of(&p.kind, ctx.i18n.lang);
        let f = self.figures.get(&p.id).cloned().unwrap_or_default();
        let median = f.median_days.map_or("–".to_string(), |d| d.to_string());
        let cells = [
            text::sanitize(&p.name).into_owned(),
            kind.to_string(),
            text::sanitize(&p.territory).into_owned(),
            f.sent.to_string(),
            f.accepted.to_string(),
            f.declined.to_string(),
            f.waiting.to_string(),
            median,
        ];
        let style = if selected {
            theme::selected()
        } else {
            ratatui::style::Style::new()
        };
        Line::styled(columns::row(&layout.0, &layout.1, &cells), style)
    }
}

/// The directory's columns and how they fit the screen.
type PartnerColumns = (Vec<Column>, columns::Fit);

/// The directory's columns, the least useful (kind, then territory, then the days to an
/// answer) left out first on a narrow screen; the name gives up width down to 24.
fn layout(width: usize, ctx: &Ctx) -> PartnerColumns {
    let t = |k: &str| ctx.i18n.t(k).to_string();
    let cols = vec![
        Column::flexible(t("partners.col_name"), 24, 44, 9),
        Column::fixed(t("partners.col_kind"), 24, 1),
        Column::fixed(t("partners.col_territory"), 14, 2),
        Column::figure(t("partners.col.sent"), 4, 8),
        Column::figure(t("partners.col.accepted"), 4, 7),
        Column::figure(t("partners.col.declined"), 4, 5),
        Column::figure(t("partners.col.waiting"), 4, 6),
        Column::figure(t("partners.col.days"), 4, 3),
    ];
    let fit = columns::fit(&cols, width);
    (cols, fit)
}

impl Screen for PartnersScreen {
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
            Action::New => return Self::form(Uuid::now_v7(), None),
            Action::Edit => {
                if let Some(p) = self.rows.get(self.selected) {
                    let (id, doc) = (p.id, p.data.clone());
                    return Self::form(id, Some(&doc));
                }
            }
            other => {
                self.query.apply(&other);
                if self.query.take_changed() {
                    self.selected = 0;
                    self.reload(ctx, false);
                }
            }
        }
        Transition::None
    }

    fn on_event(&mut self, _ev: &AppEvent, ctx: &mut Ctx) {
        self.reload(ctx, true);
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let i18n = ctx.i18n;
        let cols = layout(area.width as usize, ctx);
        let hidden = columns::hidden_names(&cols.0, &cols.1);
        let note_rows = u16::from(!hidden.is_empty());
        let [search, note, head, list] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(note_rows),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(area);
        if !hidden.is_empty() {
            let said = i18n.tf("words.hidden", &[("cols", &hidden.join(", "))]);
            f.render_widget(
                Paragraph::new(Line::styled(
                    text::clip(&said, note.width as usize),
                    theme::dim(),
                )),
                note,
            );
        }
        let prompt = format!("{}: ", i18n.t("partners.search"));
        f.render_widget(
            Paragraph::new(format!("{prompt}{}", text::sanitize(self.query.value()))),
            search,
        );
        let typed: String = self
            .query
            .value()
            .chars()
            .take(self.query.cursor())
            .collect();
        f.set_cursor_position((
            search.x + (text::width(&prompt) + text::width(&typed)) as u16,
            search.y,
        ));
        f.render_widget(
            Paragraph::new(Line::styled(
                columns::heading(&cols.0, &cols.1),
                theme::dim(),
            )),
            head,
        );
        if self.rows.is_empty() {
            let none = Line::styled(i18n.t("partners.none"), theme::dim());
            f.render_widget(Paragraph::new(none), list);
        } else {
            let (len, sel) = (self.rows.len(), Some(self.selected));
            scroll_list::render(f, list, len, sel, Window::Follow, |i, on| {
                self.line(&self.rows[i], on, &cols, ctx)
            });
        }
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("partners.title").to_string()
    }
}
