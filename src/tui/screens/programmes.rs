//! The programmes a desk runs (PUOI, PUOI PLUS…) with their figures; a coordinator edits one
//! (Enter) or adds one (n) through the `programme` form. Cases already enrolled keep the
//! lines and total they copied.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use uuid::Uuid;

use crate::forms::amount::euros;
use crate::service::programmes;
use crate::store::money::StoredProgramme;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::form_job::{FormJob, FormOpen};
use crate::tui::keymap::{Action, Binding, NAV, ch, key};
use crate::tui::router::Route;
use crate::tui::screen::{AppEvent, Screen, Transition};
use crate::tui::theme;
use crate::tui::widgets::scroll_list::{self, Move, Window, target};

/// Rows a PgUp or PgDn moves.
const PAGE: usize = 10;

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

impl ProgrammesScreen {
    pub fn open(ctx: &mut Ctx) -> Option<ProgrammesScreen> {
        match ctx.desk.programmes() {
            Ok(all) => Some(ProgrammesScreen { all, selected: 0 }),
            Err(f) => {
                ctx.failed(&f);
                None
            }
        }
    }

    fn form(&self, id: Option<Uuid>) -> Transition {
        let doc = id
            .and_then(|id| self.all.iter().find(|p| p.id == id))
            .map(|p| programmes::to_document(&p.programme));
        let job = FormJob::Programme {
            programme: id,
            opened: Default::default(),
        };
        Transition::Open(Route::Form(Box::new(FormOpen::new(job, doc))))
    }
}

impl Screen for ProgrammesScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Transition {
        if let Some(mv) = Move::of(&action) {
            self.selected = target(mv, self.selected, self.all.len(), PAGE);
            return Transition::None;
        }
        match action {
            Action::Back => return Transition::Pop,
            Action::Edit => {
                let id = self.all.get(self.selected).map(|p| p.id);
                return self.form(id);
            }
            Action::New => return self.form(None),
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
        let [hint, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let hint_line = Line::styled(ctx.i18n.t("programmes.hint"), theme::dim());
        f.render_widget(Paragraph::new(hint_line), hint);
        let mut lines = Vec::new();
        // The window keeps the selected programme's last budget line in view.
        let mut shown_to = 0;
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
                shown_to = lines.len().saturating_sub(1);
            }
        }
        let mut lines: Vec<Option<Line>> = lines.into_iter().map(Some).collect();
        scroll_list::render(
            f,
            list,
            lines.len(),
            Some(shown_to),
            Window::Follow,
            |i, _| lines.get_mut(i).and_then(Option::take).unwrap_or_default(),
        );
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("programmes.title").to_string()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    use crate::i18n::Lang;

    use crate::tui::app::App;

    #[test]
    fn the_selected_programme_and_its_budget_lines_stay_in_view() {
        let mut ctx = Ctx::in_memory("t", NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        ctx.desk.ensure_programmes().unwrap();
        let screen = ProgrammesScreen::open(&mut ctx).unwrap();
        assert!(screen.all.len() >= 2, "the built-in programmes");
        let last = screen.all.last().unwrap().programme.clone();
        let mut app = App::new(ctx, Box::new(screen));
        for _ in 0..10 {
            app.handle_action(Action::Down);
        }
        // Title, hint and status bar leave a few rows: fewer than all the lines.
        let buf = crate::tui::draw_to_buffer(&app, 100, 8);
        let text: String = (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    + "\n"
            })
            .collect();
        assert!(text.contains(&last.code), "{text}");
        let line = last.lines.last().unwrap().label.get(Lang::En);
        assert!(text.contains(line), "{text}");
    }
}
