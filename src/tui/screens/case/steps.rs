//! What each step's key opens: the intake form of the person, the step forms of this part
//! (orientation, assessment, closure, reopening) for their targets, and the screens of the
//! other parts (plan, referrals, internship, follow-ups), wired at merge.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::domain::case::Step;
use crate::forms::Lookups;
use crate::i18n::Msg;
use crate::service::cases;
use crate::tui::ctx::Ctx;
use crate::tui::screen::{AppEvent, Screen};
use crate::tui::screens::form::FormScreen;
use crate::tui::screens::form::target::{FormTarget, OpenedAt, Restored};
use crate::words::Said;

/// Saves a step form of a case (orientation, assessment).
pub struct StepFormTarget {
    pub case: Uuid,
    pub step: Step,
    /// A save over someone else's later one is refused once.
    pub opened: OpenedAt,
}

impl StepFormTarget {
    pub fn new(case: Uuid, step: Step) -> StepFormTarget {
        StepFormTarget {
            case,
            step,
            opened: OpenedAt::now(),
        }
    }
}

impl FormTarget for StepFormTarget {
    fn save(&mut self, doc: &Map<String, Value>, ctx: &mut Ctx) -> Result<AppEvent, Msg> {
        let (case, step) = (self.case, self.step);
        self.opened
            .checked(|opened| ctx.desk.save_step_form(case, step, doc, Some(opened)))?;
        Ok(AppEvent::CaseChanged(self.case))
    }

    fn draft(&self) -> Value {
        json!({ "case": self.case, "step": self.step.code() })
    }
}

/// Closes a case with the closure form.
pub struct ClosureTarget {
    pub case: Uuid,
}

impl FormTarget for ClosureTarget {
    fn save(&mut self, doc: &Map<String, Value>, ctx: &mut Ctx) -> Result<AppEvent, Msg> {
        let lang = ctx.i18n.lang;
        ctx.desk
            .close_case(self.case, doc)
            .map_err(|e| e.msg(lang))?;
        Ok(AppEvent::CaseChanged(self.case))
    }

    fn draft(&self) -> Value {
        json!({ "case": self.case })
    }
}

/// Reopens a closed case with the reopen form.
pub struct ReopenTarget {
    pub case: Uuid,
}

impl FormTarget for ReopenTarget {
    fn save(&mut self, doc: &Map<String, Value>, ctx: &mut Ctx) -> Result<AppEvent, Msg> {
        ctx.desk.reopen_case(self.case, doc)?;
        Ok(AppEvent::CaseChanged(self.case))
    }

    fn draft(&self) -> Value {
        json!({ "case": self.case })
    }
}

/// Rebuilds one of this part's targets from a draft (see `form::target::restore`).
pub fn restore(form: &str, saved: &Value) -> Option<Restored> {
    let case = saved
        .get("case")
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())?;
    let target: Box<dyn FormTarget> = match form {
        "closure" => Box::new(ClosureTarget { case }),
        "reopen" => Box::new(ReopenTarget { case }),
        _ => {
            let step = Step::from_code(form).filter(|s| cases::STEP_FORMS.contains(s))?;
            Box::new(StepFormTarget::new(case, step))
        }
    };
    Some((target, Lookups::new()))
}

fn form_screen(
    form: &str,
    doc: Option<&Map<String, Value>>,
    target: Box<dyn FormTarget>,
    ctx: &mut Ctx,
) -> Option<Box<dyn Screen>> {
    match FormScreen::for_target(form, doc, Lookups::new(), target, ctx) {
        Some(s) => Some(Box::new(s)),
        None => {
            ctx.warn(Msg::new("case.not_available"));
            None
        }
    }
}

fn saved_form(case: Uuid, form: &str, ctx: &mut Ctx) -> Result<Option<Map<String, Value>>, ()> {
    ctx.desk
        .store
        .case_form(case, form)
        .map_err(|e| ctx.error(e.msg()))
}

/// The reopen form of a closed case.
pub fn reopen_screen(case: Uuid, ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    form_screen("reopen", None, Box::new(ReopenTarget { case }), ctx)
}

/// The screen a step's key opens; `None` with a status message when there is none.
pub fn step_screen(step: Step, case: Uuid, ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    match step {
        Step::Intake => {
            let person = match ctx.desk.store.case(case) {
                Ok(Some(c)) => ctx.desk.store.person(c.person_id),
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            };
            match person {
                Ok(Some(p)) => Some(Box::new(FormScreen::edit(&p, ctx))),
                Ok(None) => {
                    ctx.error(Msg::new("case.not_found"));
                    None
                }
                Err(e) => {
                    ctx.error(e.msg());
                    None
                }
            }
        }
        Step::Orientation | Step::Assessment => {
            let doc = saved_form(case, step.code(), ctx).ok()?;
            let target = Box::new(StepFormTarget::new(case, step));
            form_screen(step.code(), doc.as_ref(), target, ctx)
        }
        // The open work first, then a fresh closure form.
        Step::Closure => super::closure::open(case, ctx),
        // Other parts' screens: the coordinator wires
        // crate::tui::screens::{plan,referrals,internship,follow_ups}::open(case, ctx).
        Step::ActionPlan => crate::tui::screens::plan::open(case, ctx),
        Step::Referral => crate::tui::screens::referrals::open(case, ctx),
        Step::Internship => crate::tui::screens::internship::open(case, ctx),
        Step::FollowUp => crate::tui::screens::follow_ups::open(case, ctx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_of_this_part_s_forms_come_back_and_others_are_left_to_their_parts() {
        let case = Uuid::now_v7();
        let t = StepFormTarget::new(case, Step::Assessment);
        let saved = t.draft();
        assert!(restore("assessment", &saved).is_some());
        assert!(restore("closure", &json!({ "case": case })).is_some());
        assert!(restore("reopen", &json!({ "case": case })).is_some());
        assert!(restore("referral", &saved).is_none());
        assert!(restore("action_plan", &saved).is_none());
        assert!(restore("closure", &json!({ "case": "nope" })).is_none());
    }
}
