//! The programmes a desk runs (PUOI, PUOI PLUS…) with their figures; a coordinator edits one
//! (Enter) or adds one (n) through the `programme` form. Cases already enrolled keep the
//! lines and total they copied.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::forms::Lookups;
use crate::forms::amount::euros;
use crate::i18n::Msg;
use crate::service::programmes;
use crate::store::money::StoredProgramme;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, NAV, ch, key};
use crate::tui::screen::{AppEvent, Screen, Transition};
use crate::tui::screens::form::FormScreen;
use crate::tui::screens::form::target::{FormTarget, OpenedAt, Restored};
use crate::tui::theme;

static KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter), ch('e')],
        action: Action::Edit,
        help: "programmes.keys.edit",
        bar: true,
    },
    Binding {
        keys: &[ch('n')],
        action: Action::New,
        help: "programmes.keys.new",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

pub struct ProgrammesScreen {
    all: Vec<StoredProgramme>,
    selected: usize,
}

/// Saves a coordinator's edit (or a new programme).
struct ProgrammeTarget {
    id: Option<Uuid>,
    /// An edit refuses once to save over someone else's later save.
    opened: OpenedAt,
}

impl FormTarget for ProgrammeTarget {
    fn save(&mut self, doc: &Map<String, Value>, ctx: &mut Ctx) -> Result<AppEvent, Msg> {
        let id = self.id;
        self.opened
            .checked(|at| ctx.desk.save_programme(id, doc, Some(at)))?;
        Ok(AppEvent::CaseChanged(Uuid::nil()))
    }

    fn draft(&self) -> Value {
        json!({ "programme": self.id })
    }
}

/// Rebuilds a programme form's target from a draft.
pub fn restore(form: &str, saved: &Value) -> Option<Restored> {
    if form != "programme" {
        return None;
    }
    let id = saved
        .get("programme")
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok());
    Some((
        Box::new(ProgrammeTarget {
            id,
            opened: OpenedAt::now(),
        }),
        Lookups::new(),
    ))
}

impl ProgrammesScreen {
    pub fn open(ctx: &mut Ctx) -> Option<ProgrammesScreen> {
        match ctx.desk.store.programmes() {
            Ok(all) => Some(ProgrammesScreen { all, selected: 0 }),
            Err(e) => {
                ctx.error(e.msg());
                None
            }
        }
    }

    fn form(&self, id: Option<Uuid>, ctx: &mut Ctx) -> Transition {
        let doc = id
            .and_then(|id| self.all.iter().find(|p| p.id == id))
            .map(|p| programmes::to_document(&p.programme));
        let target = Box::new(ProgrammeTarget {
            id,
            opened: OpenedAt::now(),
        });
        match FormScreen::for_target("programme", doc.as_ref(), Lookups::new(), target, ctx) {
            Some(f) => Transition::Push(Box::new(f)),
            None => Transition::None,
        }
    }
}

impl Screen for ProgrammesScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        let last = self.all.len().saturating_sub(1);
        match action {
            Action::Back => return Transition::Pop,
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Edit => {
                let id = self.all.get(self.selected).map(|p| p.id);
                return self.form(id, ctx);
            }
            Action::New => return self.form(None, ctx),
            _ => {}
        }
        Transition::None
    }

    fn on_event(&mut self, _ev: &AppEvent, ctx: &mut Ctx) {
        if let Some(fresh) = ProgrammesScreen::open(ctx) {
            self.all = fresh.all;
            self.selected = self.selected.min(self.all.len().saturating_sub(1));
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let lang = ctx.i18n.lang;
        let mut lines = vec![Line::styled(ctx.i18n.t("programmes.hint"), theme::dim())];
        for (i, p) in self.all.iter().enumerate() {
            let pr = &p.programme;
            let row = format!(
                "{:<14} {:<40} {:>14}  {}",
                text::clip(&text::sanitize(&pr.code), 14),
                text::clip(&text::sanitize(pr.name.get(lang)), 40),
                euros(pr.total_cents),
                ctx.i18n
                    .tf("programmes.lines", &[("n", &pr.lines.len().to_string())])
            );
            let style = if i == self.selected {
                theme::selected()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::styled(row, style));
            if i == self.selected {
                for l in &pr.lines {
                    lines.push(Line::styled(
                        format!(
                            "      {:<40} {:>14}",
                            text::clip(&text::sanitize(l.label.get(lang)), 40),
                            euros(l.budget_cents)
                        ),
                        theme::dim(),
                    ));
                }
            }
        }
        f.render_widget(Paragraph::new(lines), area);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("programmes.title").to_string()
    }
}
