//! A case's referrals to partners: state and its date, partner, service, those waiting too
//! long marked; n drafts one, s moves the selected one to a state its lifecycle allows (with
//! a date and a note), and its history shows below.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::domain::date::format_date;
use crate::domain::referral::is_overdue;
use crate::i18n::Msg;

use crate::lookups::lookup;
use crate::store::{Referral, ReferralEvent};
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
        help: "referral.keys.new",
        bar: true,
    },
    Binding {
        keys: &[ch('s'), key(KeyCode::Enter)],
        action: Action::Edit,
        help: "referral.keys.status",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

pub struct ReferralsScreen {
    case: Uuid,
    open: bool,
    items: Vec<Referral>,
    selected: usize,
    history: Vec<ReferralEvent>,
    changed: bool,
}

/// The referrals screen of a case, or `None` with the reason in the status line.
pub fn open(case: Uuid, ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    ReferralsScreen::load(case, ctx).map(|s| Box::new(s) as Box<dyn Screen>)
}

impl ReferralsScreen {
    pub fn load(case: Uuid, ctx: &mut Ctx) -> Option<ReferralsScreen> {
        let loaded = ctx
            .desk
            .case_is_open(case)
            .and_then(|open| Ok((open, ctx.desk.referrals(case)?)));
        match loaded {
            Ok((open, items)) => {
                let mut s = ReferralsScreen {
                    case,
                    open,
                    items,
                    selected: 0,
                    history: Vec::new(),
                    changed: false,
                };
                s.load_history(ctx);
                Some(s)
            }
            Err(f) => {
                ctx.failed(&f);
                None
            }
        }
    }

    fn load_history(&mut self, ctx: &mut Ctx) {
        self.history = match self.items.get(self.selected) {
            Some(r) => match ctx.desk.referral_events(r.id) {
                Ok(events) => events,
                Err(f) => {
                    ctx.failed(&f);
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
    }

    fn form(job: FormJob, doc: Option<Map<String, Value>>) -> Transition {
        Transition::Open(Route::Form(Box::new(FormOpen::fresh(job, doc))))
    }

    fn line(&self, r: &Referral, selected: bool, ctx: &Ctx) -> Line<'static> {
        let i18n = ctx.i18n;
        let status = lookup("referral_statuses").label_of(r.status.code(), i18n.lang);
        let service = lookup("partner_services").label_of(&r.service, i18n.lang);
        let late = is_overdue(
            r.status,
            r.sent_on,
            ctx.desk.today(),
            ctx.config.referral_answer_days,
        );
        // A referral waiting too long says so before anything that may be clipped.
        let overdue = match (late, r.sent_on) {
            (true, Some(sent)) => {
                let days = (ctx.desk.today() - sent).num_days().to_string();
                format!("{}  ", i18n.tf("referral.overdue", &[("days", &days)]))
            }
            _ => String::new(),
        };
        let row = format!(
            "{:<16} {}  {overdue}{:<36} {}",
            text::clip(status, 16),
            format_date(r.status_on),
            text::clip(&text::sanitize(&r.partner), 36),
            text::clip(service, 28)
        );
        let style = match (selected, late) {
            (true, _) => theme::selected(),
            (false, true) => theme::error(),
            _ => Style::new(),
        };
        Line::styled(row, style)
    }
}

impl Screen for ReferralsScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS, NAV]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        if let Some(mv) = Move::of(&action) {
            self.selected = target(mv, self.selected, self.items.len(), PAGE);
            self.load_history(ctx);
            return Transition::None;
        }
        match action {
            Action::Back if self.changed => {
                return Transition::PopWith(AppEvent::CaseChanged(self.case));
            }
            Action::Back => return Transition::Pop,
            Action::New | Action::Edit if !self.open => ctx.warn(Msg::new("case.closed_hint")),
            Action::New => {
                return Self::form(FormJob::Referral { case: self.case }, None);
            }
            Action::Edit => {
                let Some(r) = self.items.get(self.selected) else {
                    return Transition::None;
                };
                if r.status.is_final() {
                    ctx.info(Msg::new("referral.final"));
                    return Transition::None;
                }
                let today = ctx.desk.today().format("%Y-%m-%d").to_string();
                let doc: Map<String, Value> = [("on_date".to_string(), json!(today))]
                    .into_iter()
                    .collect();
                let job = FormJob::ReferralStatus {
                    case: self.case,
                    referral: r.id,
                };
                return Self::form(job, Some(doc));
            }
            _ => {}
        }
        Transition::None
    }

    fn on_event(&mut self, ev: &AppEvent, ctx: &mut Ctx) {
        if *ev == AppEvent::CaseChanged(self.case)
            && let Some(fresh) = ReferralsScreen::load(self.case, ctx)
        {
            let selected = self.selected.min(fresh.items.len().saturating_sub(1));
            *self = ReferralsScreen {
                selected,
                changed: true,
                ..fresh
            };
            self.load_history(ctx);
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let i18n = ctx.i18n;
        let [list, history] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(8)]).areas(area);
        if self.items.is_empty() {
            let none = Line::styled(i18n.t("referral.none"), theme::dim());
            f.render_widget(Paragraph::new(none), list);
        } else {
            let (len, sel) = (self.items.len(), Some(self.selected));
            scroll_list::render(f, list, len, sel, Window::Follow, |i, on| {
                self.line(&self.items[i], on, ctx)
            });
        }
        let events: Vec<Line> = self
            .history
            .iter()
            .map(|e| {
                let status = lookup("referral_statuses").label_of(e.status.code(), i18n.lang);
                Line::from(format!(
                    "{}  {:<16} {}  {}",
                    format_date(e.on),
                    status,
                    text::sanitize(&e.by),
                    text::sanitize(&e.note)
                ))
            })
            .collect();
        let block = Block::new()
            .borders(Borders::TOP)
            .title(format!(" {} ", i18n.t("referral.history")));
        f.render_widget(Paragraph::new(events).block(block), history);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("referral.title").to_string()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde_json::json;

    use super::*;
    use crate::config::Config;
    use crate::i18n::{I18n, Lang};
    use crate::service::desk::{Clock, Desk};
    use crate::store::Role;
    use crate::store::Store;

    #[test]
    fn n_opens_the_referral_form_and_s_the_status_form() {
        let mut store = Store::open_memory().unwrap();
        let person = Uuid::now_v7();
        let doc = json!({ "surname": "Ali", "given_names": "Sara", "sex": "F",
            "birth_date": "1999-01-01", "birth_country": "SO", "legal_status": "refugee",
            "consent_given": false });
        crate::service::people::save_intake(
            &mut store,
            person,
            doc.as_object().cloned().unwrap(),
            "t",
            None,
        )
        .unwrap();
        let case = store.cases_for(person).unwrap()[0].id;
        let partner = Uuid::now_v7();
        let p = json!({ "name": "CPIA Lecco", "kind": "language_school", "territory": "Lecco" });
        store
            .save_partner(partner, p.as_object().unwrap(), "t", chrono::Utc::now())
            .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        store
            .create_referral(
                case,
                partner,
                "language_course",
                "",
                today,
                "t",
                chrono::Utc::now(),
            )
            .unwrap()
            .unwrap();
        let mut ctx = Ctx::new(
            Desk::as_operator(store, "t", Role::Operator, Clock::on(today)),
            std::path::PathBuf::from(":memory:"),
            I18n::new(Lang::En),
            Config::default(),
        );
        let mut s = ReferralsScreen::load(case, &mut ctx).unwrap();
        let Transition::Open(Route::Form(new)) = s.update(Action::New, &mut ctx) else {
            panic!("n opens a form: {:?}", ctx.status);
        };
        assert!(matches!(new.job, FormJob::Referral { case: c } if c == case));
        let Transition::Open(Route::Form(moved)) = s.update(Action::Edit, &mut ctx) else {
            panic!("s opens a form: {:?}", ctx.status);
        };
        assert!(matches!(moved.job, FormJob::ReferralStatus { case: c, .. } if c == case));
        // Both forms open, with the partners and the states allowed from "draft" to choose.
        for f in [new, moved] {
            let route = Route::Form(f);
            assert!(
                crate::tui::router::open(route, &mut ctx).is_some(),
                "{:?}",
                ctx.status
            );
        }
    }
}
