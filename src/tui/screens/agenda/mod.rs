//! The agenda, the first screen: what to act on today, grouped by urgency (overdue within a
//! month, today, this week, later), the records overdue for longer counted in a group of their
//! own that `x` opens. It opens on the logged-in operator's cases; `o` widens to everyone and
//! then each operator, `t` filters by kind; Enter opens the item's case. The register is one
//! key away (`r`/F2; Esc there comes back here).

mod build;
mod view;

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

use crate::domain::agenda::{Group, Kind};
use crate::i18n::Msg;
use crate::service::agenda::{Agenda, AgendaFilter};
use crate::store::StoreResult;
use crate::store::worker::Worker;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, NAV, ch, key};
use crate::tui::router::Route;
use crate::tui::screen::{AppEvent, Screen, Transition};
use crate::tui::widgets::scroll_list::{Move, target};
use build::Build;

static KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Open,
        help: "agenda.keys.open",
        bar: true,
    },
    Binding {
        keys: &[ch('r'), key(KeyCode::F(2))],
        action: Action::Register,
        help: "agenda.keys.register",
        bar: true,
    },
    Binding {
        keys: &[ch('B')],
        action: Action::Backup,
        help: "agenda.keys.backup",
        bar: false,
    },
    Binding {
        keys: &[ch('R')],
        action: Action::Restore,
        help: "restore.key",
        bar: false,
    },
    Binding {
        keys: &[ch('A')],
        action: Action::Audit,
        help: "agenda.keys.audit",
        bar: false,
    },
    Binding {
        keys: &[ch('O')],
        action: Action::Operators,
        help: "agenda.keys.operators",
        bar: false,
    },
    Binding {
        keys: &[ch('p'), key(KeyCode::F(3))],
        action: Action::Partners,
        help: "partners.keys.open",
        bar: true,
    },
    Binding {
        keys: &[ch('t')],
        action: Action::CycleKind,
        help: "agenda.keys.kind",
        bar: true,
    },
    Binding {
        keys: &[ch('o')],
        action: Action::CycleOperator,
        help: "agenda.keys.operator",
        bar: true,
    },
    Binding {
        keys: &[ch('x')],
        action: Action::ToggleToCheck,
        help: "agenda.keys.to_check",
        bar: true,
    },
];

pub struct AgendaScreen {
    pub(super) agenda: Option<Agenda>,
    pub(super) error: Option<Msg>,
    pub(super) kind: Option<Kind>,
    pub(super) operator: Option<String>,
    pub(super) selected: usize,
    /// The records to check (overdue for more than a month) are listed, not only counted.
    pub(super) to_check: bool,
    /// Whether the first build chose the operator (the logged-in one when they hold cases).
    operator_chosen: bool,
    /// The next agenda received selects the first record to check.
    select_to_check: bool,
    /// Rows visible in the last frame (for PgUp/PgDn); written by render.
    pub(super) viewport: Cell<u16>,
    /// Set when another screen was pushed; cleared by a reload once we are shown again.
    stale: bool,
    /// Whether render ran since the last push (we are visible again).
    shown: Cell<bool>,
    /// Builds the agenda off the loop; `None` when no second connection could be opened
    /// (then it is built here).
    builder: Option<Worker<Build>>,
    asked: u64,
    /// The build whose answer is awaited.
    pending: Option<u64>,
    /// The filter of the agenda on screen (a first screen's rows come first only when it
    /// changes: otherwise the rows shown stay until the whole agenda replaces them).
    built_for: Option<AgendaFilter>,
}

impl AgendaScreen {
    pub fn new(ctx: &mut Ctx) -> AgendaScreen {
        let builder = ctx.desk.worker("agenda builder (built on the UI thread)");
        AgendaScreen {
            agenda: None,
            error: None,
            kind: None,
            operator: None,
            selected: 0,
            to_check: false,
            operator_chosen: false,
            select_to_check: false,
            viewport: Cell::new(0),
            // Built after the first frame is on screen (see `tick`): the desk sees the app at
            // once, the deadlines a moment later.
            stale: true,
            shown: Cell::new(false),
            builder,
            asked: 0,
            pending: None,
            built_for: None,
        }
    }

    fn filter(&self) -> AgendaFilter {
        AgendaFilter {
            kinds: self.kind.into_iter().collect(),
            operator: self.operator.clone(),
            horizon_days: None,
            to_check: self.to_check,
            limit_per_kind: 0,
            first_rows: false,
        }
    }

    /// Asks for the agenda again (built off the loop; the rows shown stay until it comes).
    /// The first build opens on the logged-in operator's cases when they hold any,
    /// everyone's otherwise.
    pub fn reload(&mut self, ctx: &mut Ctx) {
        if !self.operator_chosen {
            self.operator_chosen = true;
            if ctx
                .desk
                .open_case_operators()
                .is_ok_and(|ops| ops.iter().any(|o| o == ctx.desk.operator()))
            {
                self.operator = Some(ctx.desk.operator().to_string());
            }
        }
        let whole = self.filter();
        let first = AgendaFilter {
            first_rows: true,
            ..whole.clone()
        };
        let changed = self.built_for.as_ref() != Some(&whole);
        match &self.builder {
            Some(_) => self.ask(if changed { first } else { whole }, ctx),
            None => {
                let built = ctx
                    .desk
                    .agenda(ctx.desk.today(), &ctx.config, &self.filter());
                self.receive(built, ctx);
            }
        }
    }

    /// Sends a build to the builder; its answer replaces the agenda on screen.
    fn ask(&mut self, filter: AgendaFilter, ctx: &Ctx) {
        if let Some(w) = &self.builder {
            self.asked += 1;
            w.request(Build {
                generation: self.asked,
                today: ctx.desk.today(),
                config: ctx.config.clone(),
                filter,
            });
            self.pending = Some(self.asked);
        }
    }

    /// Shows a built agenda (or why it could not be built).
    fn receive(&mut self, built: StoreResult<Agenda>, ctx: &mut Ctx) {
        match built {
            Ok(a) => {
                self.selected = self.selected.min(a.items.len().saturating_sub(1));
                self.built_for = Some(self.filter());
                self.agenda = Some(a);
                self.error = None;
            }
            Err(e) => {
                let m = Msg::new("agenda.load_failed").arg("error", e.to_string());
                ctx.error(m.clone());
                self.error = Some(m);
            }
        }
        if self.to_check && self.select_to_check {
            self.select_to_check = false;
            self.select_first_to_check();
        }
    }

    /// Takes the builder's answers; true when the newest one arrived.
    fn take_answers(&mut self, ctx: &mut Ctx) -> bool {
        let answers: Vec<_> = match &self.builder {
            Some(w) => std::iter::from_fn(|| w.try_recv()).collect(),
            None => return false,
        };
        let mut changed = false;
        for a in answers {
            if Some(a.generation) == self.pending {
                self.pending = None;
                // A first screen's rows: the whole agenda is asked for at once.
                let first = a.result.as_ref().is_ok_and(|ag| !ag.complete);
                self.receive(a.result, ctx);
                if first {
                    self.ask(self.filter(), ctx);
                }
                changed = true;
            }
        }
        changed
    }

    fn len(&self) -> usize {
        self.agenda.as_ref().map_or(0, |a| a.items.len())
    }

    fn pushed(&mut self, route: Route) -> Transition {
        self.stale = true;
        self.shown.set(false);
        Transition::Open(route)
    }

    fn next_kind(&self) -> Option<Kind> {
        let counts = self.agenda.as_ref().map(|a| a.counts.clone());
        let has = |k: Kind| {
            counts
                .as_ref()
                .is_none_or(|c| c.iter().any(|(x, n)| *x == k && *n > 0))
        };
        let start = match self.kind {
            None => 0,
            Some(k) => Kind::ALL.iter().position(|x| *x == k).map_or(0, |p| p + 1),
        };
        Kind::ALL[start.min(Kind::ALL.len())..]
            .iter()
            .copied()
            .find(|k| has(*k))
    }

    /// The operator filter after `o`: the logged-in operator's cases (when they hold any),
    /// everyone's, then each other operator's in turn, and round again.
    fn next_operator(&self, me: &str) -> Option<String> {
        let ops = self
            .agenda
            .as_ref()
            .map(|a| a.operators.clone())
            .unwrap_or_default();
        let mut order: Vec<Option<String>> = Vec::new();
        if ops.iter().any(|o| o == me) {
            order.push(Some(me.to_string()));
        }
        order.push(None);
        order.extend(ops.into_iter().filter(|o| o != me).map(Some));
        let at = order.iter().position(|o| *o == self.operator);
        let next = at.map_or(0, |i| (i + 1) % order.len());
        order.swap_remove(next)
    }

    /// Moves to the first record to check, just shown.
    fn select_first_to_check(&mut self) {
        if let Some(i) = self
            .agenda
            .as_ref()
            .and_then(|a| a.items.iter().position(|i| i.due.group() == Group::ToCheck))
        {
            self.selected = i;
        }
    }

    fn open_selected(&mut self) -> Transition {
        let Some(item) = self
            .agenda
            .as_ref()
            .and_then(|a| a.items.get(self.selected))
        else {
            return Transition::None;
        };
        let route = Route::Case(item.case_id);
        self.pushed(route)
    }
}

impl Screen for AgendaScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        if let Some(mv) = Move::of(&action) {
            let page = usize::from(self.viewport.get());
            self.selected = target(mv, self.selected, self.len(), page);
            return Transition::None;
        }
        match action {
            Action::Open => return self.open_selected(),
            Action::Register => {
                return self.pushed(Route::Register);
            }
            Action::Backup => {
                return Transition::Open(Route::Backup);
            }
            Action::Restore => {
                return Transition::Open(Route::Restore);
            }
            Action::Operators => {
                return self.pushed(Route::Operators);
            }
            Action::Audit => {
                return self.pushed(Route::Audit);
            }
            Action::Partners => {
                return self.pushed(Route::Partners);
            }
            Action::CycleKind => {
                self.kind = self.next_kind();
                self.selected = 0;
                self.reload(ctx);
            }
            Action::CycleOperator => {
                self.operator = self.next_operator(ctx.desk.operator());
                self.selected = 0;
                self.reload(ctx);
            }
            Action::ToggleToCheck => {
                self.to_check = !self.to_check;
                // Once the agenda with them comes, the first of them is selected.
                self.select_to_check = self.to_check;
                self.reload(ctx);
            }
            _ => {}
        }
        Transition::None
    }

    fn tick(&mut self, ctx: &mut Ctx) -> Option<Transition> {
        let mut changed = false;
        if self.stale && self.shown.get() {
            self.stale = false;
            self.reload(ctx);
            changed = true;
        }
        changed |= self.take_answers(ctx);
        changed.then_some(Transition::None)
    }

    fn busy(&self) -> bool {
        (self.stale && self.shown.get()) || self.pending.is_some()
    }

    fn on_event(&mut self, ev: &AppEvent, ctx: &mut Ctx) {
        match ev {
            AppEvent::PersonChanged(_) | AppEvent::CaseChanged(_) => self.reload(ctx),
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        self.shown.set(true);
        view::render(self, f, area, ctx);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("agenda.title").to_string()
    }
}
