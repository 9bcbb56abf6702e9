//! Merging another record into the person on screen (coordinators): the records that may
//! be the same person, ranked with why (the intake's duplicate check, from this person's
//! record); Enter chooses one, a box says what moves and asks; `y`/`s` merges.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use uuid::Uuid;

use crate::domain::date::format_date;
use crate::domain::duplicates::{Match, Probe};
use crate::domain::person::PersonRecord;
use crate::i18n::Msg;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, NAV, ch, key};
use crate::tui::screen::{AppEvent, Screen, Transition};
use crate::tui::theme;
use crate::tui::widgets::popup;
use crate::tui::widgets::scroll_list::{self, Move, Window, target};

static LIST_KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Choose,
        help: "merge.keys.choose",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

static CONFIRM_KEYS: &[Binding] = &[
    Binding {
        keys: &[ch('y'), ch('s')],
        action: Action::Confirm,
        help: "merge.keys.confirm",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc), ch('n')],
        action: Action::Cancel,
        help: "keys.cancel",
        bar: true,
    },
];

/// How many candidates are offered.
const LIMIT: usize = 8;

pub struct MergeBox {
    survivor: Uuid,
    survivor_name: String,
    matches: Vec<Match>,
    selected: usize,
    confirming: bool,
}

fn probe(r: &PersonRecord) -> Probe {
    let first = r.names.first();
    Probe {
        surname: first.map(|n| n.surname.clone()).unwrap_or_default(),
        given: first.map(|n| n.given.clone()).unwrap_or_default(),
        birth: r.birth_date,
        sex: r.sex,
        tax_code: r.tax_code.clone(),
        phones: r.phones.clone(),
    }
}

impl MergeBox {
    pub fn open(person: &PersonRecord, ctx: &mut Ctx) -> Option<MergeBox> {
        match ctx
            .desk
            .possible_duplicates(&probe(person), Some(person.id), LIMIT)
        {
            Ok(matches) => Some(MergeBox {
                survivor: person.id,
                survivor_name: person.display_name(),
                matches,
                selected: 0,
                confirming: false,
            }),
            Err(f) => {
                ctx.failed(&f);
                None
            }
        }
    }

    fn chosen(&self) -> Option<&Match> {
        self.matches.get(self.selected)
    }

    fn name(m: &Match) -> String {
        m.person.names.first().cloned().unwrap_or_default()
    }

    fn merge(&mut self, ctx: &mut Ctx) -> Transition {
        let Some(m) = self.chosen() else {
            return Transition::Pop;
        };
        let (other, other_name) = (m.person.id, MergeBox::name(m));
        match ctx.desk.merge(self.survivor, other) {
            Ok(()) => {
                ctx.info(Msg::new("merge.done").arg("other", text::sanitize(&other_name)));
                Transition::PopWith(AppEvent::PersonChanged(self.survivor))
            }
            Err(f) => {
                self.confirming = false;
                ctx.failed(&f);
                Transition::None
            }
        }
    }
}

/// `U` on a person: undoes the latest merge into them; true when done (the page reloads).
pub(super) fn undo(survivor: Uuid, ctx: &mut Ctx) -> bool {
    match ctx.desk.undo_merge(survivor) {
        Ok(_) => {
            ctx.info(Msg::new("merge.undone"));
            true
        }
        Err(f) => {
            ctx.failed(&f);
            false
        }
    }
}

impl Screen for MergeBox {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        if self.confirming {
            vec![CONFIRM_KEYS]
        } else {
            vec![LIST_KEYS, NAV]
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        match action {
            Action::Back => return Transition::Pop,
            Action::Cancel => self.confirming = false,
            Action::Up | Action::Down => {
                if let Some(mv) = Move::of(&action) {
                    self.selected = target(mv, self.selected, self.matches.len(), 1);
                }
            }
            Action::Choose if self.chosen().is_some() => self.confirming = true,
            Action::Confirm if self.confirming => return self.merge(ctx),
            _ => {}
        }
        Transition::None
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let i18n = ctx.i18n;
        let rect = popup::centered(area, 76, (self.matches.len() as u16 + 6).max(9));
        let inner = popup::frame(f, rect, i18n.t("merge.title"));
        let w = inner.width as usize;
        if self.confirming {
            let other = self.chosen().map(MergeBox::name).unwrap_or_default();
            let text = i18n.tf(
                "merge.confirm",
                &[
                    ("other", &text::sanitize(&other)),
                    ("survivor", &text::sanitize(&self.survivor_name)),
                ],
            );
            let lines = vec![
                Line::raw(text),
                Line::raw(""),
                Line::styled(i18n.t("merge.confirm_keys").to_string(), theme::warn()),
            ];
            f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
            return;
        }
        if self.matches.is_empty() {
            let p = Paragraph::new(i18n.t("merge.none")).wrap(Wrap { trim: true });
            f.render_widget(p, inner);
            return;
        }
        let [head, list] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        let candidates = Line::styled(text::clip(i18n.t("merge.candidates"), w), theme::dim());
        f.render_widget(Paragraph::new(candidates), head);
        let (len, sel) = (self.matches.len(), Some(self.selected));
        scroll_list::render(f, list, len, sel, Window::Follow, |i, on| {
            let Some(m) = self.matches.get(i) else {
                return Line::default();
            };
            let born = m.person.birth_date.map(format_date).unwrap_or_default();
            let why: Vec<&str> = m.reasons.iter().map(|r| i18n.t(r.key())).collect();
            let row = format!(
                " {}  {born}  — {}",
                text::sanitize(&MergeBox::name(m)),
                why.join(", ")
            );
            let line = Line::raw(text::clip(&row, w));
            if on {
                line.patch_style(theme::selected())
            } else {
                line
            }
        });
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("merge.title").to_string()
    }
}
