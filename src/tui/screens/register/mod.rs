//! The people register: a search field and a window over the results. Typing searches on
//! every key (on a worker thread, newest query wins); the list holds only the rows in view.

pub mod from_agenda;
mod view;

use std::cell::Cell;

use ratatui::crossterm::event::KeyCode;
use uuid::Uuid;

use crate::domain::person::{Count, PersonSummary, SearchPage};
use crate::i18n::Msg;
use crate::store::worker::{SearchRequest, SearchWorker};
use crate::tui::ctx::Ctx;
use crate::tui::form_job::FormOpen;
use crate::tui::keymap::{Action, Binding, NAV, TEXT_EDIT, ch, ctrl, key};
use crate::tui::router::Route;
use crate::tui::screen::{AppEvent, Screen, Transition};
use crate::tui::widgets::scroll_list::{Move, target};

use crate::tui::widgets::line_edit::LineEdit;

/// Rows fetched per request: a few screens' worth around the selection.
const WINDOW: u64 = 120;
/// Rows asked for when the query changes ([`crate::store::FIRST_PAGE`], or a screenful and a
/// few more on a taller terminal); scrolling further asks for [`WINDOW`] rows.
fn first_page(viewport: u16) -> u64 {
    crate::store::FIRST_PAGE.max(u64::from(viewport) + 5)
}
/// Longest query kept (a 10 MB paste is cut here).
pub const MAX_QUERY: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Search,
    List,
}

pub(super) static SEARCH_KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Open,
        help: "keys.open_person",
        bar: true,
    },
    Binding {
        keys: &[ctrl('n')],
        action: Action::New,
        help: "keys.new_person",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.clear_or_list",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Tab)],
        action: Action::FocusList,
        help: "keys.focus_list",
        bar: false,
    },
];

pub(super) static LIST_KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Open,
        help: "keys.open_person",
        bar: true,
    },
    Binding {
        keys: &[ch('n'), ctrl('n')],
        action: Action::New,
        help: "keys.new_person",
        bar: true,
    },
    Binding {
        keys: &[ch('/'), key(KeyCode::Tab), key(KeyCode::Esc)],
        action: Action::FocusSearch,
        help: "keys.focus_search",
        bar: true,
    },
];

/// A request waiting to be sent on the next tick (after every queued key was read).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Want {
    offset: u64,
    with_count: bool,
    limit: u64,
}

/// What a request to the worker asks for. A page that wants a count asks for it once the
/// rows are on screen: the operator reads the rows first, and a key typed meanwhile
/// supersedes the count instead of waiting behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Asked {
    Page { count_after: bool },
    Count,
}

pub struct Register {
    pub(super) query: LineEdit,
    pub(super) focus: Focus,
    worker: Option<SearchWorker>,
    generation: u64,
    /// The generation of the answer awaited, and what it will be.
    pending: Option<(u64, Asked)>,
    want: Option<Want>,
    /// The query `total` counts (a count arrives after its page).
    counted: Option<String>,
    pub(super) rows: Vec<PersonSummary>,
    pub(super) rows_offset: u64,
    pub(super) total: Option<Count>,
    pub(super) selected: u64,
    pub(super) error: Option<Msg>,
    /// Rows visible in the last frame (for PgUp/PgDn); written by render.
    pub(super) viewport: Cell<u16>,
    /// Whether the first answer arrived (before it the list says "searching").
    pub(super) loaded: bool,
}

impl Register {
    pub fn new(ctx: &Ctx) -> Register {
        let worker = ctx.desk.worker("search worker (search on the UI thread)");
        Register {
            query: LineEdit::new(MAX_QUERY),
            focus: Focus::Search,
            worker,
            generation: 0,
            pending: None,
            counted: None,
            want: Some(Want {
                offset: 0,
                with_count: true,
                limit: first_page(20),
            }),
            rows: Vec::new(),
            rows_offset: 0,
            total: None,
            selected: 0,
            error: None,
            viewport: Cell::new(20),
            loaded: false,
        }
    }

    /// How many rows the operator can move through (the count may be capped).
    pub(super) fn len(&self) -> u64 {
        self.total
            .map(Count::value)
            .unwrap_or(self.rows_offset + self.rows.len() as u64)
    }

    pub(super) fn row(&self, i: u64) -> Option<&PersonSummary> {
        i.checked_sub(self.rows_offset)
            .and_then(|k| self.rows.get(k as usize))
    }

    fn selected_id(&self) -> Option<Uuid> {
        self.row(self.selected).map(|r| r.id)
    }

    fn query_changed(&mut self) {
        self.selected = 0;
        self.want = Some(Want {
            offset: 0,
            with_count: true,
            limit: first_page(self.viewport.get()),
        });
    }

    /// Selects `row` (a row of the list), asking for the rows around it when they are not
    /// loaded.
    fn move_to(&mut self, row: u64) {
        let len = self.len();
        self.selected = row;
        let page = self.viewport.get().max(1) as u64;
        let loaded_end = self.rows_offset + self.rows.len() as u64;
        let (lo, hi) = (
            self.selected.saturating_sub(page),
            (self.selected + page).min(len),
        );
        if lo < self.rows_offset || hi > loaded_end {
            let offset = self.selected.saturating_sub(WINDOW / 2);
            self.want = Some(Want {
                offset,
                with_count: false,
                limit: WINDOW,
            });
        }
    }

    fn send(&mut self, w: Want, ctx: &mut Ctx) {
        self.generation += 1;
        let req = SearchRequest {
            generation: self.generation,
            query: self.query.value().to_string(),
            offset: w.offset,
            limit: w.limit,
            with_count: w.with_count,
        };
        match &self.worker {
            Some(worker) => {
                worker.request(SearchRequest {
                    with_count: false,
                    ..req
                });
                let asked = Asked::Page {
                    count_after: w.with_count,
                };
                self.pending = Some((self.generation, asked));
            }
            None => {
                let r = ctx
                    .desk
                    .search(&req.query, req.offset, req.limit, req.with_count);
                self.accept(r.map_err(|f| ctx.said(&f)), w.with_count);
            }
        }
    }

    /// Asks the worker for the count of the query on screen.
    fn send_count(&mut self) {
        let Some(worker) = &self.worker else {
            return;
        };
        self.generation += 1;
        worker.request(SearchRequest {
            generation: self.generation,
            query: self.query.value().to_string(),
            offset: 0,
            limit: 0,
            with_count: true,
        });
        self.pending = Some((self.generation, Asked::Count));
    }

    fn accept_count(&mut self, result: Result<SearchPage, Msg>) {
        match result {
            Ok(page) => {
                self.total = page.total;
                self.counted = Some(self.query.value().to_string());
            }
            Err(m) => self.error = Some(m),
        }
    }

    fn accept(&mut self, result: Result<SearchPage, Msg>, with_count: bool) {
        self.loaded = true;
        match result {
            Ok(page) => {
                self.error = None;
                self.rows_offset = page.offset;
                self.rows = page.rows;
                if with_count || page.total.is_some() {
                    self.total = page.total;
                    self.counted = Some(self.query.value().to_string());
                }
                let len = self.len();
                if self.selected >= len {
                    self.selected = len.saturating_sub(1);
                }
            }
            Err(m) => self.error = Some(m),
        }
    }

    fn refresh(&mut self) {
        let offset = self.selected.saturating_sub(WINDOW / 2);
        self.want = Some(Want {
            offset,
            with_count: true,
            limit: WINDOW,
        });
    }
}

impl Screen for Register {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        match self.focus {
            Focus::Search => vec![SEARCH_KEYS, NAV, TEXT_EDIT],
            Focus::List => vec![LIST_KEYS, NAV],
        }
    }

    fn wants_text(&self) -> bool {
        self.focus == Focus::Search
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        if let Some(mv) = Move::of(&action) {
            let page = usize::from(self.viewport.get());
            let to = target(mv, self.selected as usize, self.len() as usize, page);
            self.move_to(to as u64);
            return Transition::None;
        }
        match action {
            Action::FocusSearch => self.focus = Focus::Search,
            Action::FocusList => self.focus = Focus::List,
            Action::Back => {
                if self.query.value().is_empty() {
                    self.focus = Focus::List;
                } else {
                    self.query.clear();
                    self.query_changed();
                }
            }
            Action::Open => {
                if let Some(id) = self.selected_id() {
                    return Transition::Open(Route::Person(id));
                }
            }
            Action::New => {
                let query = self.query.value();
                let form = FormOpen::new_intake(query);
                return Transition::Open(Route::Form(Box::new(form)));
            }
            a => {
                let clipped = self.query.apply(&a);
                if clipped {
                    ctx.warn(Msg::new("register.query_clipped").arg("max", MAX_QUERY));
                }
                if self.query.take_changed() {
                    self.query_changed();
                }
            }
        }
        Transition::None
    }

    fn tick(&mut self, ctx: &mut Ctx) -> Option<Transition> {
        let mut changed = false;
        if let Some(w) = self.want.take() {
            self.send(w, ctx);
            changed = true;
        }
        let answers: Vec<_> = match &self.worker {
            Some(w) => std::iter::from_fn(|| w.try_recv()).collect(),
            None => Vec::new(),
        };
        for resp in answers {
            let Some((_, asked)) = self.pending.filter(|(g, _)| *g == resp.generation) else {
                continue; // a stale answer: a newer query is on its way
            };
            self.pending = None;
            let result = resp
                .result
                .map_err(|e| Msg::new(e.message_key()).arg("detail", e));
            match asked {
                Asked::Count => self.accept_count(result),
                Asked::Page { count_after } => {
                    if count_after && self.counted.as_deref() != Some(self.query.value()) {
                        // Another query's count would be wrong beside these rows.
                        self.total = None;
                    }
                    let ok = result.is_ok();
                    self.accept(result, false);
                    if count_after && ok {
                        self.send_count();
                    }
                }
            }
            changed = true;
        }
        changed.then_some(Transition::None)
    }

    fn on_event(&mut self, ev: &AppEvent, _ctx: &mut Ctx) {
        match ev {
            AppEvent::PersonChanged(_) | AppEvent::CaseChanged(_) => self.refresh(),
        }
    }

    fn busy(&self) -> bool {
        self.pending.is_some() || self.want.is_some()
    }

    fn render(&self, f: &mut ratatui::Frame, area: ratatui::layout::Rect, ctx: &Ctx) {
        view::render(self, f, area, ctx);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("register.title").to_string()
    }
}
