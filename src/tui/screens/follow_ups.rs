//! A case's follow-ups: due date, kind, outcome; the late ones marked. n schedules one,
//! Enter records the outcome of the selected one (and may schedule the next).

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::domain::date::format_date;
use crate::i18n::Msg;
use crate::lookups::lookup;
use crate::store::follow_ups::FollowUp;
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
        keys: &[ch('n')],
        action: Action::New,
        help: "follow_up.keys.new",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Enter), ch('o')],
        action: Action::Edit,
        help: "follow_up.keys.outcome",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

pub struct FollowUpsScreen {
    case: Uuid,
    open: bool,
    items: Vec<FollowUp>,
    selected: usize,
    changed: bool,
}

/// The follow-ups screen of a case, or `None` with the reason in the status line.
pub fn open(case: Uuid, ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    FollowUpsScreen::load(case, ctx).map(|s| Box::new(s) as Box<dyn Screen>)
}

impl FollowUpsScreen {
    pub fn load(case: Uuid, ctx: &mut Ctx) -> Option<FollowUpsScreen> {
        let loaded = ctx
            .desk
            .case_is_open(case)
            .and_then(|open| Ok((open, ctx.desk.follow_ups(case)?)));
        match loaded {
            Ok((open, items)) => {
                // The first one still to do is where the operator starts.
                let selected = items
                    .iter()
                    .position(|f| f.done_on.is_none())
                    .unwrap_or(items.len().saturating_sub(1));
                Some(FollowUpsScreen {
                    case,
                    open,
                    items,
                    selected,
                    changed: false,
                })
            }
            Err(f) => {
                ctx.failed(&f);
                None
            }
        }
    }

    fn push(job: FormJob, doc: Map<String, Value>) -> Transition {
        Transition::Open(Route::Form(Box::new(FormOpen::fresh(job, Some(doc)))))
    }

    fn line(&self, f: &FollowUp, selected: bool, ctx: &Ctx) -> Line<'static> {
        let i18n = ctx.i18n;
        let kind = lookup("follow_up_kinds").label_of(&f.kind, i18n.lang);
        let late = f.done_on.is_none() && f.due_on < ctx.desk.today();
        let state = match (&f.done_on, &f.outcome) {
            (Some(d), Some(o)) => format!(
                "{} · {}",
                i18n.tf("follow_up.done", &[("date", &format_date(*d))]),
                lookup("follow_up_outcomes").label_of(o, i18n.lang)
            ),
            _ if late => {
                let days = (ctx.desk.today() - f.due_on).num_days().to_string();
                i18n.tf("follow_up.late", &[("days", &days)])
            }
            _ => i18n.t("follow_up.due").to_string(),
        };
        let style = match (selected, late, f.due_on == ctx.desk.today()) {
            (true, _, _) => theme::selected(),
            (false, true, _) => theme::error(),
            (false, false, true) => theme::warn(),
            _ => Style::new(),
        };
        Line::styled(
            format!(
                "{}  {:<26} {}  {}",
                format_date(f.due_on),
                text::clip(kind, 26),
                state,
                text::clip(&text::sanitize(&f.note), 40)
            ),
            style,
        )
    }
}

impl Screen for FollowUpsScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        let today = ctx.desk.today().format("%Y-%m-%d").to_string();
        match action {
            Action::Back if self.changed => Transition::PopWith(AppEvent::CaseChanged(self.case)),
            Action::Back => Transition::Pop,
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last => {
                if let Some(mv) = Move::of(&action) {
                    self.selected = target(mv, self.selected, self.items.len(), PAGE);
                }
                Transition::None
            }
            Action::New | Action::Edit if !self.open => {
                ctx.warn(Msg::new("case.closed_hint"));
                Transition::None
            }
            Action::New => {
                let doc = [("due_on".to_string(), json!(today))].into_iter().collect();
                Self::push(FormJob::FollowUp { case: self.case }, doc)
            }
            Action::Edit => match self.items.get(self.selected) {
                Some(f) if f.done_on.is_some() => {
                    ctx.info(Msg::new("follow_up.already"));
                    Transition::None
                }
                Some(f) => {
                    let doc = [("done_on".to_string(), json!(today))]
                        .into_iter()
                        .collect();
                    let job = FormJob::FollowUpOutcome {
                        case: self.case,
                        follow_up: f.id,
                    };
                    Self::push(job, doc)
                }
                None => Transition::None,
            },
            _ => Transition::None,
        }
    }

    fn on_event(&mut self, ev: &AppEvent, ctx: &mut Ctx) {
        if *ev == AppEvent::CaseChanged(self.case)
            && let Some(fresh) = FollowUpsScreen::load(self.case, ctx)
        {
            *self = FollowUpsScreen {
                changed: true,
                ..fresh
            };
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        if self.items.is_empty() {
            let none = Line::styled(ctx.i18n.t("follow_up.none"), theme::dim());
            f.render_widget(Paragraph::new(none), area);
            return;
        }
        let (len, sel) = (self.items.len(), Some(self.selected));
        scroll_list::render(f, area, len, sel, Window::Follow, |i, on| {
            self.line(&self.items[i], on, ctx)
        });
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("follow_up.title").to_string()
    }
}
