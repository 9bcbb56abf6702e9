//! One case: who and since when, the eight steps of the path with their status (one key
//! each), and the timeline of everything done on the case, newest first, one line per event
//! (Tab moves between the steps and the timeline; Enter on an event shows what changed).

pub mod closure;
mod event;
pub mod steps;
mod view;

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use uuid::Uuid;

use crate::domain::case::Step;
use crate::i18n::Msg;
use crate::service::cases::CaseOverview;
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, Key, ch, key};
use crate::tui::screen::{AppEvent, Screen, Transition};
use crate::tui::widgets::scroll_list::{Move, target};
use crate::words::timeline::TimelineLine;

macro_rules! step_key {
    ($c:literal, $step:expr, $help:literal) => {
        Binding {
            keys: &[ch($c)],
            action: Action::OpenStep($step),
            help: $help,
            bar: false,
        }
    };
}

/// Enter on the steps opens the step.
static STEP_KEYS: &[Binding] = &[Binding {
    keys: &[key(KeyCode::Enter)],
    action: Action::Open,
    help: "case.keys.open_step",
    bar: true,
}];

/// Enter on the timeline shows what changed in the event.
static EVENT_KEYS: &[Binding] = &[Binding {
    keys: &[key(KeyCode::Enter)],
    action: Action::Open,
    help: "case.tl_keys.detail",
    bar: true,
}];

static KEYS: &[Binding] = &[
    step_key!('i', Step::Intake, "step.intake"),
    step_key!('o', Step::Orientation, "step.orientation"),
    step_key!('a', Step::Assessment, "step.assessment"),
    step_key!('p', Step::ActionPlan, "step.action_plan"),
    step_key!('r', Step::Referral, "step.referral"),
    step_key!('t', Step::Internship, "step.internship"),
    step_key!('f', Step::FollowUp, "step.follow_up"),
    step_key!('c', Step::Closure, "step.closure"),
    Binding {
        keys: &[key(KeyCode::Tab), key(KeyCode::BackTab)],
        action: Action::NextField,
        help: "case.tl_keys.focus",
        bar: true,
    },
    Binding {
        keys: &[ch('R')],
        action: Action::Reopen,
        help: "case.keys.reopen",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Up), ch('k')],
        action: Action::Up,
        help: "keys.up",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Down), ch('j')],
        action: Action::Down,
        help: "keys.down",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "case.keys.timeline_up",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "case.keys.timeline_down",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

/// The key that opens a step, as shown beside it.
pub fn key_of(step: Step) -> Option<Key> {
    KEYS.iter()
        .find(|b| b.action == Action::OpenStep(step))
        .and_then(|b| b.keys.first().copied())
}

pub struct CaseScreen {
    overview: CaseOverview,
    timeline: Vec<TimelineLine>,
    selected: usize,
    /// The timeline has the keys (Tab): arrows move among events, Enter opens one.
    on_timeline: bool,
    /// The event under the cursor on the timeline.
    event: usize,
    /// Times in UTC instead of local time (stable snapshots).
    utc: bool,
    /// Something changed while this screen was open: the screen below hears it on Esc.
    changed: bool,
    /// Timeline rows in the last frame, to bound scrolling; written by render.
    rows: Cell<u16>,
}

/// The case screen, or `None` with the reason in the status line.
pub fn open(case: Uuid, ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    CaseScreen::load(case, ctx).map(|s| Box::new(s) as Box<dyn Screen>)
}

impl CaseScreen {
    /// Reads the case; says why in the status line when it cannot.
    pub fn load(case: Uuid, ctx: &mut Ctx) -> Option<CaseScreen> {
        let loaded = ctx.desk.case_dossier(case).map(|d| {
            let lines = crate::words::timeline::lines(&d.timeline, &ctx.i18n);
            (d.overview, lines)
        });
        match loaded {
            Ok((overview, timeline)) => Some(CaseScreen {
                overview,
                timeline,
                selected: 0,
                on_timeline: false,
                event: 0,
                utc: false,
                changed: false,
                rows: Cell::new(0),
            }),
            Err(f) => {
                ctx.failed(&f);
                None
            }
        }
    }

    /// Shows the timeline's times in UTC (tests: snapshots independent of the zone).
    pub fn with_utc_times(mut self) -> CaseScreen {
        self.utc = true;
        self
    }

    pub fn id(&self) -> Uuid {
        self.overview.case.id
    }

    fn open_step(&mut self, step: Step, ctx: &mut Ctx) -> Transition {
        let edits_case = matches!(step, Step::Orientation | Step::Assessment | Step::Closure);
        if edits_case && !self.overview.case.is_open() {
            ctx.warn(Msg::new("case.closed_hint"));
            return Transition::None;
        }
        match steps::step_route(step, self.id(), ctx) {
            Some(r) => Transition::Open(r),
            None => Transition::None,
        }
    }
}

impl Screen for CaseScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        if self.on_timeline {
            vec![EVENT_KEYS, KEYS]
        } else {
            vec![STEP_KEYS, KEYS]
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        let page = (self.rows.get() as usize).max(1);
        match action {
            Action::Back if self.changed => {
                return Transition::PopWith(AppEvent::CaseChanged(self.id()));
            }
            Action::Back => return Transition::Pop,
            Action::NextField => self.on_timeline = !self.on_timeline && !self.timeline.is_empty(),
            Action::Up | Action::Down | Action::First | Action::Last if self.on_timeline => {
                if let Some(mv) = Move::of(&action) {
                    self.event = target(mv, self.event, self.timeline.len(), page);
                }
            }
            Action::Up | Action::Down | Action::First | Action::Last => {
                if let Some(mv) = Move::of(&action) {
                    self.selected = target(mv, self.selected, self.overview.steps.len(), page);
                }
            }
            Action::PageUp | Action::PageDown => {
                self.on_timeline = !self.timeline.is_empty();
                if let Some(mv) = Move::of(&action) {
                    self.event = target(mv, self.event, self.timeline.len(), page);
                }
            }
            Action::Open if self.on_timeline => {
                if let Some(e) = self.timeline.get(self.event) {
                    return Transition::Push(Box::new(event::EventDetail::new(
                        e.clone(),
                        self.utc,
                    )));
                }
            }
            Action::Open => {
                if let Some(s) = self.overview.steps.get(self.selected) {
                    return self.open_step(s.step, ctx);
                }
            }
            Action::OpenStep(step) => {
                if let Some(i) = self.overview.steps.iter().position(|s| s.step == step) {
                    self.selected = i;
                }
                return self.open_step(step, ctx);
            }
            Action::Reopen => {
                if self.overview.case.is_open() {
                    ctx.info(Msg::new("case.already_open"));
                    return Transition::None;
                }
                return Transition::Open(steps::reopen_route(self.id()));
            }
            _ => {}
        }
        Transition::None
    }

    fn on_event(&mut self, ev: &AppEvent, ctx: &mut Ctx) {
        let mine = match ev {
            AppEvent::CaseChanged(id) => *id == self.id(),
            AppEvent::PersonChanged(id) => *id == self.overview.case.person_id,
        };
        if mine && let Some(fresh) = CaseScreen::load(self.id(), ctx) {
            *self = CaseScreen {
                selected: self.selected,
                on_timeline: self.on_timeline && !fresh.timeline.is_empty(),
                utc: self.utc,
                changed: true,
                ..fresh
            };
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        view::render(self, f, area, ctx);
    }

    fn title(&self, ctx: &Ctx) -> String {
        let name = text::clip(&self.overview.person_name, 30);
        format!("{name} › {}", ctx.i18n.t("case.title"))
    }
}
