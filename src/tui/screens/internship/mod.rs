//! A case's internship: host, tutor, dates, hours, allowance, its state with the date and
//! reason, days to the end; its months with attendance and the allowance paid. n sets it up
//! (or edits it), s changes its state, x extends it, a records a month, p pays a month.

use std::collections::HashMap;

use chrono::Datelike;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::domain::date::format_date;
use crate::domain::internship;
use crate::domain::money::OpKind;
use crate::i18n::Msg;
use crate::i18n::money;
use crate::lookups::lookup;
use crate::store::internships::{Internship, InternshipMonth};
use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::form_job::FormOpen;
use crate::tui::keymap::{Action, Binding, ch, key};
use crate::tui::router::Route;
use crate::tui::screen::{AppEvent, Screen, Transition};
use crate::tui::theme;

mod kind;

use kind::Kind;

static KEYS: &[Binding] = &[
    Binding {
        keys: &[ch('n'), ch('e')],
        action: Action::New,
        help: "internship.keys.new",
        bar: true,
    },
    Binding {
        keys: &[ch('s')],
        action: Action::Edit,
        help: "internship.keys.status",
        bar: true,
    },
    Binding {
        keys: &[ch('x')],
        action: Action::Extend,
        help: "internship.keys.extend",
        bar: false,
    },
    Binding {
        keys: &[ch('a')],
        action: Action::Attendance,
        help: "internship.keys.attendance",
        bar: true,
    },
    Binding {
        keys: &[ch('p')],
        action: Action::Money(OpKind::Pay),
        help: "internship.keys.pay",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

pub struct InternshipScreen {
    case: Uuid,
    open: bool,
    current: Option<Internship>,
    months: Vec<InternshipMonth>,
    /// Allowance paid per month (from the plan's ledger).
    paid: HashMap<String, i64>,
    changed: bool,
}

/// The internship screen of a case, or `None` with the reason in the status line.
pub fn open(case: Uuid, ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    InternshipScreen::load(case, ctx).map(|s| Box::new(s) as Box<dyn Screen>)
}

impl InternshipScreen {
    pub fn load(case: Uuid, ctx: &mut Ctx) -> Option<InternshipScreen> {
        let loaded = ctx.desk.case_is_open(case).and_then(|open| {
            let current = ctx.desk.internships(case)?.into_iter().next();
            let months = match &current {
                Some(i) => ctx.desk.internship_months(i.id)?,
                None => Vec::new(),
            };
            let mut paid = HashMap::new();
            for e in ctx.desk.ledger(case, 1000)? {
                if let (Some(m), OpKind::Pay) = (e.month, e.kind)
                    && e.internship_id == current.as_ref().map(|i| i.id)
                {
                    *paid.entry(m).or_insert(0) += e.cents;
                }
            }
            Ok((open, current, months, paid))
        });
        match loaded {
            Ok((open, current, months, paid)) => Some(InternshipScreen {
                case,
                open,
                current,
                months,
                paid,
                changed: false,
            }),
            Err(f) => {
                ctx.failed(&f);
                None
            }
        }
    }

    fn form(&self, kind: Kind, ctx: &mut Ctx) -> Transition {
        if !self.open {
            ctx.warn(Msg::new("case.closed_hint"));
            return Transition::None;
        }
        let current = self.current.as_ref();
        let id = match (kind, current) {
            (Kind::Edit, None) => Uuid::now_v7(),
            (_, Some(i)) => i.id,
            (_, None) => {
                ctx.info(Msg::new("internship.none"));
                return Transition::None;
            }
        };
        if kind == Kind::Status && current.is_some_and(|i| i.status.next().is_empty()) {
            ctx.info(Msg::new("internship.final"));
            return Transition::None;
        }
        let today = ctx.desk.today().format("%Y-%m-%d").to_string();
        let month = format!(
            "{:04}-{:02}",
            ctx.desk.today().year(),
            ctx.desk.today().month()
        );
        let doc: Option<Map<String, Value>> = match (kind, current) {
            (Kind::Edit, Some(i)) => Some(i.data.clone()),
            (Kind::Edit, None) => None,
            (Kind::Pay, Some(i)) => Some(
                [
                    ("on_date".to_string(), json!(today)),
                    ("month".to_string(), json!(month)),
                    ("amount".to_string(), json!(i.monthly_allowance_cents)),
                ]
                .into_iter()
                .collect(),
            ),
            (Kind::Attendance, _) => {
                Some([("month".to_string(), json!(month))].into_iter().collect())
            }
            _ => Some(
                [("on_date".to_string(), json!(today))]
                    .into_iter()
                    .collect(),
            ),
        };
        let job = kind.job(self.case, id);
        let form = if kind == Kind::Edit && current.is_some() {
            FormOpen::new(job, doc)
        } else {
            FormOpen::fresh(job, doc)
        };
        Transition::Open(Route::Form(Box::new(form)))
    }

    fn lines(&self, ctx: &Ctx) -> Vec<Line<'static>> {
        let i18n = ctx.i18n;
        let Some(i) = &self.current else {
            return vec![Line::styled(i18n.t("internship.none"), theme::dim())];
        };
        let status = lookup("internship_statuses").label_of(i.status.code(), i18n.lang);
        let since = i.status_on.map(format_date).unwrap_or_default();
        let mut head = i18n.tf(
            "internship.status_on",
            &[("status", status), ("date", &since)],
        );
        if !i.status_reason.is_empty() {
            head.push_str(&format!(" — {}", text::sanitize(&i.status_reason)));
        }
        let days = (i.planned_end_on - ctx.desk.today()).num_days();
        let style = if i.status.is_running() && days <= ctx.config.internship_ending_days {
            theme::warn()
        } else {
            theme::title()
        };
        let mut out = vec![
            Line::styled(head, style),
            Line::from(format!(
                "{}: {}   {}: {}",
                i18n.t("internship.host"),
                text::sanitize(&i.host),
                i18n.t("internship.tutor"),
                text::sanitize(&i.tutor)
            )),
            Line::from(i18n.tf(
                "internship.dates",
                &[
                    ("start", &format_date(i.start_on)),
                    ("end", &format_date(i.planned_end_on)),
                ],
            )),
        ];
        if i.status.is_running() && days >= 0 {
            out.push(Line::styled(
                i18n.tf("internship.ends_in", &[("days", &days.to_string())]),
                style,
            ));
        }
        let hours = i.weekly_hours.map(|h| h.to_string()).unwrap_or_default();
        out.push(Line::from(format!(
            "{}   {}",
            i18n.tf("internship.hours", &[("hours", &hours)]),
            i18n.tf(
                "internship.allowance",
                &[("amount", &money(i.monthly_allowance_cents, i18n.lang))]
            )
        )));
        out.push(Line::raw(""));
        out.push(Line::styled(i18n.t("internship.months"), theme::dim()));
        for m in internship::months(i.start_on, i.planned_end_on) {
            let attended = self.months.iter().find(|r| r.month == m);
            let row = attended.map_or(String::new(), |r| {
                i18n.tf(
                    "internship.month_row",
                    &[
                        ("hours", &r.hours.to_string()),
                        ("absent", &r.days_absent.to_string()),
                    ],
                )
            });
            let paid = self
                .paid
                .get(&m)
                .map(|c| i18n.tf("internship.paid", &[("amount", &money(*c, i18n.lang))]))
                .unwrap_or_default();
            out.push(Line::from(format!("  {m}  {row:<36} {paid}")));
        }
        out
    }
}

impl Screen for InternshipScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        match action {
            Action::Back if self.changed => Transition::PopWith(AppEvent::CaseChanged(self.case)),
            Action::Back => Transition::Pop,
            Action::New => self.form(Kind::Edit, ctx),
            Action::Edit => self.form(Kind::Status, ctx),
            Action::Extend => self.form(Kind::Extend, ctx),
            Action::Attendance => self.form(Kind::Attendance, ctx),
            Action::Money(OpKind::Pay) => self.form(Kind::Pay, ctx),
            _ => Transition::None,
        }
    }

    fn on_event(&mut self, ev: &AppEvent, ctx: &mut Ctx) {
        if *ev == AppEvent::CaseChanged(self.case)
            && let Some(fresh) = InternshipScreen::load(self.case, ctx)
        {
            *self = InternshipScreen {
                changed: true,
                ..fresh
            };
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        f.render_widget(Paragraph::new(self.lines(ctx)), area);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("internship.title").to_string()
    }
}
