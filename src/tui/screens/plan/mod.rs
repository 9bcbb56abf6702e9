//! The Individual Action Plan of a case with its endowment: goals and actions above, the
//! budget below — per line what is budgeted, committed, paid and left, and the total —
//! recomputed after every movement. Every change goes through a form (PAI, movement,
//! enrolment) whose job calls the plan service; a refused movement keeps the form open
//! with the reason.

mod view;

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use uuid::Uuid;

use crate::domain::money::OpKind;
use crate::i18n::Msg;
use crate::service::plan::PlanOverview;
use crate::tui::ctx::Ctx;
use crate::tui::form_job::{FormJob, FormOpen};
use crate::tui::keymap::{Action, Binding, ch, key};
use crate::tui::router::Route;
use crate::tui::screen::{AppEvent, Screen, Transition};

static KEYS: &[Binding] = &[
    Binding {
        keys: &[ch('e')],
        action: Action::Edit,
        help: "plan.keys.edit",
        bar: true,
    },
    Binding {
        keys: &[ch('g')],
        action: Action::Enrol,
        help: "plan.keys.enrol",
        bar: true,
    },
    Binding {
        keys: &[ch('c')],
        action: Action::Money(OpKind::Commit),
        help: "plan.keys.commit",
        bar: true,
    },
    Binding {
        keys: &[ch('p')],
        action: Action::Money(OpKind::Pay),
        help: "plan.keys.pay",
        bar: true,
    },
    Binding {
        keys: &[ch('r')],
        action: Action::Money(OpKind::Release),
        help: "plan.keys.release",
        bar: false,
    },
    Binding {
        keys: &[ch('P')],
        action: Action::Programmes,
        help: "plan.keys.programmes",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

pub struct PlanScreen {
    case: Uuid,
    plan: PlanOverview,
    changed: bool,
}

/// The plan screen of a case, or `None` with the reason in the status line.
pub fn open(case: Uuid, ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    PlanScreen::load(case, ctx).map(|s| Box::new(s) as Box<dyn Screen>)
}

impl PlanScreen {
    pub fn load(case: Uuid, ctx: &mut Ctx) -> Option<PlanScreen> {
        match ctx.desk.plan_overview(case) {
            Ok(Some(plan)) => Some(PlanScreen {
                case,
                plan,
                changed: false,
            }),
            Ok(None) => {
                ctx.error(Msg::new("case.not_found"));
                None
            }
            Err(f) => {
                ctx.failed(&f);
                None
            }
        }
    }

    fn refuse_if_closed(&self, ctx: &mut Ctx) -> bool {
        if !self.plan.open {
            ctx.warn(Msg::new("plan.case_closed"));
        }
        !self.plan.open
    }
}

impl Screen for PlanScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        let case = self.case;
        let form = match action {
            Action::Back if self.changed => {
                return Transition::PopWith(AppEvent::CaseChanged(self.case));
            }
            Action::Back => return Transition::Pop,
            Action::Programmes => {
                return Transition::Open(Route::Programmes);
            }
            _ if self.refuse_if_closed(ctx) => return Transition::None,
            Action::Edit => {
                let job = FormJob::ActionPlan {
                    case,
                    opened: Default::default(),
                };
                Some(FormOpen::new(job, self.plan.doc.clone()))
            }
            Action::Enrol if self.plan.budget.is_some() => {
                ctx.info(Msg::new("plan.already_enrolled"));
                None
            }
            Action::Enrol => Some(FormOpen::new(FormJob::Enrol { case }, None)),
            Action::Money(_) if self.plan.budget.is_none() => {
                ctx.warn(Msg::new("plan.not_enrolled"));
                None
            }
            Action::Money(kind) => {
                let today = ctx.desk.today().format("%Y-%m-%d").to_string();
                let doc = [("on_date".to_string(), serde_json::json!(today))]
                    .into_iter()
                    .collect();
                ctx.info(Msg::new(format!("plan.movement.{}", kind.code())));
                let job = FormJob::LedgerEntry { case, kind };
                Some(FormOpen::fresh(job, Some(doc)))
            }
            _ => None,
        };
        form.map_or(Transition::None, |f| {
            Transition::Open(Route::Form(Box::new(f)))
        })
    }

    fn on_event(&mut self, ev: &AppEvent, ctx: &mut Ctx) {
        if *ev == AppEvent::CaseChanged(self.case)
            && let Some(fresh) = PlanScreen::load(self.case, ctx)
        {
            *self = PlanScreen {
                changed: true,
                ..fresh
            };
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        view::render(&self.plan, f, area, ctx);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("plan.title").to_string()
    }
}
