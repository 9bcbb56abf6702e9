//! The agenda, the first screen: what to act on today, grouped by urgency (overdue within a
//! month, today, this week, later), the records overdue for longer counted in a group of their
//! own that `x` opens. It opens on the logged-in operator's cases; `o` widens to everyone and
//! then each operator, `t` filters by kind; Enter opens the item's case. The register is one
//! key away (`r`/F2; Esc there comes back here).

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

use super::register::Register;
use crate::domain::agenda::{Group, Kind};
use crate::i18n::Msg;
use crate::service::agenda::{self, Agenda, AgendaFilter};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, NAV, ch, key};
use crate::tui::screen::{AppEvent, Screen, Transition};

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
    /// Rows visible in the last frame (for PgUp/PgDn); written by render.
    pub(super) viewport: Cell<u16>,
    /// Set when another screen was pushed; cleared by a reload once we are shown again.
    stale: bool,
    /// Whether render ran since the last push (we are visible again).
    shown: Cell<bool>,
}

impl AgendaScreen {
    pub fn new(_ctx: &mut Ctx) -> AgendaScreen {
        AgendaScreen {
            agenda: None,
            error: None,
            kind: None,
            operator: None,
            selected: 0,
            to_check: false,
            operator_chosen: false,
            viewport: Cell::new(0),
            // Built after the first frame is on screen (see `tick`): the desk sees the app at
            // once, the deadlines a moment later.
            stale: true,
            shown: Cell::new(false),
        }
    }

    fn filter(&self) -> AgendaFilter {
        AgendaFilter {
            kinds: self.kind.into_iter().collect(),
            operator: self.operator.clone(),
            horizon_days: None,
            to_check: self.to_check,
            limit_per_kind: 0,
        }
    }

    /// Rebuilds the agenda from the store (cheap: a few indexed queries). The first build
    /// opens on the logged-in operator's cases when they hold any, everyone's otherwise.
    pub fn reload(&mut self, ctx: &mut Ctx) {
        if !self.operator_chosen {
            self.operator_chosen = true;
            if ctx
                .desk
                .store
                .open_case_operators()
                .is_ok_and(|ops| ops.iter().any(|o| o == ctx.desk.operator()))
            {
                self.operator = Some(ctx.desk.operator().to_string());
            }
        }
        match agenda::build(
            &ctx.desk.store,
            ctx.desk.today(),
            &ctx.config,
            &self.filter(),
        ) {
            Ok(a) => {
                self.selected = self.selected.min(a.items.len().saturating_sub(1));
                self.agenda = Some(a);
                self.error = None;
            }
            Err(e) => {
                let m = Msg::new("agenda.load_failed").arg("error", e.to_string());
                ctx.error(m.clone());
                self.error = Some(m);
            }
        }
    }

    fn len(&self) -> usize {
        self.agenda.as_ref().map_or(0, |a| a.items.len())
    }

    fn move_to(&mut self, i: i64) {
        let last = self.len().saturating_sub(1) as i64;
        self.selected = i.clamp(0, last.max(0)) as usize;
    }

    fn pushed(&mut self, s: Box<dyn Screen>) -> Transition {
        self.stale = true;
        self.shown.set(false);
        Transition::Push(s)
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

    fn open_selected(&mut self, ctx: &mut Ctx) -> Transition {
        let Some(item) = self
            .agenda
            .as_ref()
            .and_then(|a| a.items.get(self.selected))
        else {
            return Transition::None;
        };
        match super::case::open(item.case_id, ctx) {
            Some(c) => self.pushed(c),
            None => Transition::None,
        }
    }
}

impl Screen for AgendaScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        let page = i64::from(self.viewport.get().max(1));
        let sel = self.selected as i64;
        match action {
            Action::Up => self.move_to(sel - 1),
            Action::Down => self.move_to(sel + 1),
            Action::PageUp => self.move_to(sel - page),
            Action::PageDown => self.move_to(sel + page),
            Action::First => self.move_to(0),
            Action::Last => self.move_to(self.len() as i64 - 1),
            Action::Open => return self.open_selected(ctx),
            Action::Register => {
                return self.pushed(Box::new(super::agenda_register::FromAgenda(Register::new(
                    ctx,
                ))));
            }
            Action::Backup => {
                return match super::backup::open(ctx) {
                    Some(b) => Transition::Push(b),
                    None => Transition::None,
                };
            }
            Action::Operators => {
                return match super::operators::open(ctx) {
                    Some(o) => self.pushed(o),
                    None => Transition::None,
                };
            }
            Action::Audit => {
                return match super::audit::open(ctx) {
                    Some(a) => self.pushed(a),
                    None => Transition::None,
                };
            }
            Action::Partners => {
                return match super::partners::open(ctx) {
                    Some(p) => self.pushed(p),
                    None => Transition::None,
                };
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
                self.reload(ctx);
                if self.to_check {
                    self.select_first_to_check();
                }
            }
            _ => {}
        }
        Transition::None
    }

    fn tick(&mut self, ctx: &mut Ctx) -> Option<Transition> {
        if self.stale && self.shown.get() {
            self.stale = false;
            self.reload(ctx);
            return Some(Transition::None);
        }
        None
    }

    fn busy(&self) -> bool {
        self.stale && self.shown.get()
    }

    fn on_event(&mut self, ev: &AppEvent, ctx: &mut Ctx) {
        match ev {
            AppEvent::PersonChanged(_) | AppEvent::CaseChanged(_) => self.reload(ctx),
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        self.shown.set(true);
        super::agenda_view::render(self, f, area, ctx);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("agenda.title").to_string()
    }
}
