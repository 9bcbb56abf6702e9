//! What each step's key opens, as a route: the intake form of the person, the step forms
//! (orientation, assessment) with what was saved, the closure (its open work first) and
//! the screens of the plan, referrals, internship and follow-ups.

use uuid::Uuid;

use crate::domain::case::Step;
use crate::i18n::Msg;
use crate::tui::ctx::Ctx;
use crate::tui::form_job::{FormJob, FormOpen};
use crate::tui::router::Route;

/// The reopen form of a closed case.
pub fn reopen_route(case: Uuid) -> Route {
    Route::Form(Box::new(FormOpen::new(FormJob::Reopen { case }, None)))
}

/// The route a step's key opens; `None` with a status message when there is none.
pub fn step_route(step: Step, case: Uuid, ctx: &mut Ctx) -> Option<Route> {
    match step {
        Step::Intake => match ctx.desk.case_person(case) {
            Ok(Some(p)) => Some(Route::Form(Box::new(FormOpen::edit_person(&p)))),
            Ok(None) => {
                ctx.error(Msg::new("case.not_found"));
                None
            }
            Err(f) => {
                ctx.failed(&f);
                None
            }
        },
        Step::Orientation | Step::Assessment => {
            let doc = ctx
                .desk
                .case_form(case, step.code())
                .map_err(|f| ctx.failed(&f))
                .ok()?;
            let job = FormJob::step_form(case, step)?;
            Some(Route::Form(Box::new(FormOpen::new(job, doc))))
        }
        Step::Closure => Some(Route::Closure(case)),
        Step::ActionPlan => Some(Route::Plan(case)),
        Step::Referral => Some(Route::Referrals(case)),
        Step::Internship => Some(Route::Internship(case)),
        Step::FollowUp => Some(Route::FollowUps(case)),
    }
}
