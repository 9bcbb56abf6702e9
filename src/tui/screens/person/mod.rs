//! One person: identity at a glance, the intake data, and their cases (the open one, or
//! the newest, with its steps). Enter/c opens that case; N opens a new one when none is.

mod merge;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use uuid::Uuid;

use crate::domain::case::{CaseSummary, StepStatus};
use crate::domain::date::{age_on, format_date};
use crate::domain::person::{PermitState, StoredPerson, permit_state};
use crate::forms::display::{ShownSection, shown};
use crate::i18n::Msg;
use crate::service::cases;
use crate::service::desk::{Access, OpenedPerson};
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::form_job::FormOpen;
use crate::tui::keymap::{Action, Binding, NAV, ch, key};
use crate::tui::router::{self, Route};
use crate::tui::screen::{AppEvent, Screen, Transition};
use crate::tui::theme;
use crate::tui::widgets::scroll_list::TextScroll;

static KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter), ch('c')],
        action: Action::Open,
        help: "case.keys.open_case",
        bar: true,
    },
    Binding {
        keys: &[ch('e')],
        action: Action::Edit,
        help: "keys.edit",
        bar: true,
    },
    Binding {
        keys: &[ch('N')],
        action: Action::New,
        help: "case.keys.new_case",
        bar: true,
    },
    Binding {
        keys: &[ch('X')],
        action: Action::Erase,
        help: "gdpr.keys.erase",
        bar: false,
    },
    Binding {
        keys: &[ch('M')],
        action: Action::Merge,
        help: "merge.keys.merge",
        bar: false,
    },
    Binding {
        keys: &[ch('U')],
        action: Action::Unmerge,
        help: "merge.keys.undo",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

pub struct PersonScreen {
    person: StoredPerson,
    cases: Vec<CaseSummary>,
    sections: Vec<ShownSection>,
    scroll: TextScroll,
    /// When X was pressed once: a second X soon after erases (see `router::erase`).
    erase_armed: Option<std::time::Instant>,
}

impl PersonScreen {
    /// Loads the person; says why in the status line when it cannot.
    pub fn open(id: Uuid, ctx: &mut Ctx) -> Option<PersonScreen> {
        // The desk writes the opening in the audit trail and follows merged records.
        match ctx.desk.open_person(id, Access::View) {
            Ok(Some(OpenedPerson { person, cases })) => {
                let sections = shown(&crate::forms::intake(), &person.record.data, &ctx.i18n);
                Some(PersonScreen {
                    person,
                    cases,
                    sections,
                    scroll: TextScroll::default(),
                    erase_armed: None,
                })
            }
            Ok(None) => {
                ctx.error(Msg::new("person.not_found"));
                None
            }
            Err(f) => {
                ctx.failed(&f);
                None
            }
        }
    }

    pub fn id(&self) -> Uuid {
        self.person.record.id
    }

    fn header(&self, ctx: &Ctx) -> Vec<Line<'static>> {
        let r = &self.person.record;
        let i18n = ctx.i18n;
        let mut first = vec![Span::styled(
            text::sanitize(&r.display_name()).into_owned(),
            theme::title(),
        )];
        if let Some(b) = r.birth_date {
            let age = i18n.tf(
                "person.age",
                &[("n", &age_on(b, ctx.desk.today()).to_string())],
            );
            first.push(Span::raw(format!("  {} ({age})", format_date(b))));
        }
        if let Some(c) = r.birth_country.as_deref() {
            let label = crate::lookups::lookup("countries").label_of(c, i18n.lang);
            first.push(Span::raw(format!("  {}", text::sanitize(label))));
        }
        let mut second = Vec::new();
        if let Some(code) = &r.tax_code {
            second.push(Span::raw(format!(
                "{}: {}  ",
                i18n.t("person.tax_code"),
                text::sanitize(code)
            )));
        }
        if let Some(d) = r.permit_expiry {
            let shown = format_date(d);
            let date = [("date", shown.as_str())];
            second.push(
                match permit_state(d, ctx.desk.today(), ctx.config.permit_warning_days) {
                    PermitState::Expired => {
                        Span::styled(i18n.tf("person.permit_expired", &date), theme::error())
                    }
                    PermitState::Expiring => {
                        Span::styled(i18n.tf("person.permit_expiring", &date), theme::warn())
                    }
                    PermitState::Valid => Span::raw(i18n.tf("person.permit_valid", &date)),
                },
            );
        }
        if r.names.len() > 1 {
            let others: Vec<String> = r.names[1..]
                .iter()
                .map(|n| text::sanitize(&n.display()).into_owned())
                .collect();
            let also = format!("{}: {}", i18n.t("person.also_known_as"), others.join(", "));
            return vec![
                Line::from(first),
                Line::from(second),
                Line::styled(also, theme::dim()),
            ];
        }
        vec![Line::from(first), Line::from(second)]
    }

    fn data_lines(&self, width: usize) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        let labelw = self
            .sections
            .iter()
            .flat_map(|s| &s.fields)
            .map(|f| text::width(&f.label))
            .max()
            .unwrap_or(10)
            .min(28);
        for s in &self.sections {
            out.push(Line::styled(text::clip(&s.label, width), theme::title()));
            for f in &s.fields {
                let label = text::clip(&f.label, labelw);
                let pad = " ".repeat(labelw.saturating_sub(text::width(&label)));
                let room = width.saturating_sub(labelw + 3);
                out.push(Line::from(vec![
                    Span::styled(format!(" {label}{pad} "), theme::dim()),
                    Span::raw(text::clip(&f.value, room)),
                ]));
            }
        }
        out
    }

    /// The case Enter opens: the open one, else the newest.
    fn main_case(&self) -> Option<&CaseSummary> {
        let id = cases::case_to_open(&self.cases)?;
        self.cases.iter().find(|c| c.id == id)
    }

    fn case_line(case: &CaseSummary, ctx: &Ctx) -> Line<'static> {
        let i18n = ctx.i18n;
        let opened = format_date(case.opened_at.date_naive());
        let (state, style) = match case.closed_at {
            None => {
                let key = format!("step.{}", case.current_step().code());
                let step = i18n.t(&key);
                let now = i18n.tf("case.list.current", &[("step", step)]);
                (format!("{}, {now}", i18n.t("case.list.open")), theme::ok())
            }
            Some(at) => {
                let mut t = i18n.tf(
                    "case.list.closed",
                    &[("date", &format_date(at.date_naive()))],
                );
                if let Some(o) = &case.outcome {
                    let label = crate::lookups::lookup("closure_outcomes").label_of(o, i18n.lang);
                    t.push_str(&format!(", {}", text::sanitize(label)));
                }
                (t, theme::dim())
            }
        };
        Line::from(vec![
            Span::raw(format!(" {opened} ")),
            Span::styled(state, style),
        ])
    }

    fn steps_lines(&self, ctx: &Ctx) -> Vec<Line<'static>> {
        let i18n = ctx.i18n;
        let Some(case) = self.main_case() else {
            return vec![Line::styled(
                i18n.t("person.no_case").to_string(),
                theme::dim(),
            )];
        };
        let mut out: Vec<Line<'static>> = self
            .cases
            .iter()
            .map(|c| PersonScreen::case_line(c, ctx))
            .collect();
        let opened = format_date(case.opened_at.date_naive());
        out.push(Line::styled(
            format!(" {}", i18n.tf("person.case_opened", &[("date", &opened)])),
            theme::dim(),
        ));
        for s in &case.steps {
            let (mark, style) = match s.status {
                StepStatus::Done => ("✔", theme::ok()),
                StepStatus::InProgress => ("…", theme::warn()),
                StepStatus::Todo => ("·", theme::dim()),
            };
            let name = i18n.t(&format!("step.{}", s.step.code())).to_string();
            let status = i18n
                .t(&format!("step_status.{}", s.status.code()))
                .to_string();
            out.push(Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::raw(format!("{name}  ")),
                Span::styled(status, style),
            ]));
        }
        out
    }

    fn open_case(&self, ctx: &mut Ctx) -> Transition {
        let Some(case) = self.main_case() else {
            ctx.info(Msg::new("case.none_open"));
            return Transition::None;
        };
        Transition::Open(Route::Case(case.id))
    }

    fn new_case(&mut self, ctx: &mut Ctx) -> Transition {
        match ctx.desk.open_case(self.id()) {
            Ok(case) => {
                ctx.info(Msg::new("case.opened_new"));
                if let Some(fresh) = PersonScreen::open(self.id(), ctx) {
                    *self = PersonScreen {
                        scroll: std::mem::take(&mut self.scroll),
                        ..fresh
                    };
                }
                Transition::Open(Route::Case(case))
            }
            Err(f) => {
                let m = ctx.said(&f);
                ctx.warn(m);
                Transition::None
            }
        }
    }
}

impl Screen for PersonScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        match action {
            Action::Back => return Transition::Pop,
            Action::Open => return self.open_case(ctx),
            Action::New => return self.new_case(ctx),
            Action::Erase => {
                let id = self.id();
                return router::erase(&mut self.erase_armed, id, ctx);
            }
            Action::Merge => {
                return match merge::MergeBox::open(&self.person.record, ctx) {
                    Some(b) => Transition::Push(Box::new(b)),
                    None => Transition::None,
                };
            }
            Action::Unmerge if merge::undo(self.id(), ctx) => {
                self.on_event(&AppEvent::PersonChanged(self.id()), ctx);
            }
            Action::Edit => {
                return Transition::Open(Route::Form(Box::new(FormOpen::edit_person(
                    &self.person,
                ))));
            }
            Action::Up => self.scroll.up(1),
            Action::Down => self.scroll.down(1),
            Action::PageUp => self.scroll.up(10),
            Action::PageDown => self.scroll.down(10),
            _ => {}
        }
        Transition::None
    }

    fn on_event(&mut self, ev: &AppEvent, ctx: &mut Ctx) {
        let mine = match ev {
            AppEvent::PersonChanged(id) => *id == self.id(),
            AppEvent::CaseChanged(case) => self.cases.iter().any(|c| c.id == *case),
        };
        if mine && let Some(fresh) = PersonScreen::open(self.id(), ctx) {
            *self = PersonScreen {
                scroll: std::mem::take(&mut self.scroll),
                ..fresh
            };
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let header = self.header(ctx);
        let [head, body] = Layout::vertical([
            Constraint::Length(header.len() as u16 + 1),
            Constraint::Min(1),
        ])
        .areas(area);
        f.render_widget(
            Paragraph::new(header).block(Block::new().borders(Borders::BOTTOM)),
            head,
        );
        let wide = body.width >= 90;
        let (data_area, steps_area) = if wide {
            let [a, b] =
                Layout::horizontal([Constraint::Min(40), Constraint::Length(42)]).areas(body);
            (a, b)
        } else {
            let [a, b] = Layout::vertical([Constraint::Min(3), Constraint::Length(12)]).areas(body);
            (a, b)
        };
        let data = self.data_lines(data_area.width as usize);
        let top = self.scroll.first(data.len(), data_area.height as usize);
        f.render_widget(Paragraph::new(data).scroll((top as u16, 0)), data_area);
        let steps_block = Block::new()
            .borders(if wide { Borders::LEFT } else { Borders::TOP })
            .title(format!(" {} ", ctx.i18n.t("person.steps")));
        f.render_widget(
            Paragraph::new(self.steps_lines(ctx)).block(steps_block),
            steps_area,
        );
    }

    fn title(&self, _ctx: &Ctx) -> String {
        text::clip(&self.person.record.display_name(), 40)
    }
}
