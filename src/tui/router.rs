//! Routes and the one place that builds screens from them. A screen says what it wants
//! opened as a [`Route`] (data) and never names another screen's type; the app hands the
//! route here. A route that cannot be built (a record gone, a store error) opens nothing
//! and leaves the reason in the status line.

use std::time::Instant;

use uuid::Uuid;

use super::app::App;
use super::ctx::Ctx;
use super::form_job::{FormJob, FormOpen};
use super::keymap::Binding;
use super::screen::{Screen, Transition};
use super::screens::{
    agenda, audit, backup, case, drafts, erase, follow_ups, form, help, internship, operators,
    partners, person, plan, programmes, referrals, register, restore,
};
use crate::i18n::Msg;
use crate::store::Draft;

/// What a screen can ask to open.
#[derive(Debug, Clone)]
pub enum Route {
    /// A person's page.
    Person(Uuid),
    /// A case and its steps.
    Case(Uuid),
    /// A case's closure: its open work first when there is any, else the form.
    Closure(Uuid),
    Plan(Uuid),
    Referrals(Uuid),
    Internship(Uuid),
    FollowUps(Uuid),
    Programmes,
    Partners,
    Audit,
    Operators,
    /// The backup form, proposing a dated file beside the database.
    Backup,
    /// Restoring a backup over the register (administrators).
    Restore,
    /// The register opened from the agenda (Esc comes back).
    Register,
    /// Any form for its job.
    Form(Box<FormOpen>),
    /// A form brought back from a draft left by an earlier run.
    Draft(Box<Draft>),
}

/// Builds the screen of `route`; `None` (with the reason said) when it cannot be opened.
pub fn open(route: Route, ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    match route {
        Route::Person(id) => boxed(person::PersonScreen::open(id, ctx)),
        Route::Case(id) => case::open(id, ctx),
        Route::Closure(id) => match case::closure::ClosureScreen::load(id, ctx)? {
            Some(s) => Some(Box::new(s)),
            None => open(Route::Form(Box::new(closure_form(id))), ctx),
        },
        Route::Plan(id) => plan::open(id, ctx),
        Route::Referrals(id) => referrals::open(id, ctx),
        Route::Internship(id) => internship::open(id, ctx),
        Route::FollowUps(id) => follow_ups::open(id, ctx),
        Route::Programmes => boxed(programmes::ProgrammesScreen::open(ctx)),
        Route::Partners => partners::open(ctx),
        Route::Audit => audit::open(ctx),
        Route::Operators => operators::open(ctx),
        Route::Backup => open(Route::Form(Box::new(backup::form(ctx))), ctx),
        Route::Restore => restore::open(ctx),
        Route::Register => Some(Box::new(register::from_agenda::FromAgenda(
            register::Register::new(ctx),
        ))),
        Route::Form(f) => form_screen(*f, ctx),
        Route::Draft(d) => match form::FormScreen::from_draft(&d, ctx) {
            Ok(s) => Some(Box::new(s)),
            Err(e) => {
                tracing::warn!("draft {} unreadable: {e}", d.id);
                ctx.error(Msg::new("drafts.unreadable"));
                None
            }
        },
    }
}

fn boxed<S: Screen + 'static>(s: Option<S>) -> Option<Box<dyn Screen>> {
    s.map(|s| Box::new(s) as Box<dyn Screen>)
}

/// A fresh closure form: after a reopening, the old outcome must not be saved again by
/// mistake (the old document stays on file and in the timeline).
fn closure_form(case: Uuid) -> FormOpen {
    FormOpen::new(FormJob::Closure { case }, None)
}

fn form_screen(f: FormOpen, ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    let Some(lookups) = f.job.lookups(&ctx.desk) else {
        ctx.warn(Msg::new("case.not_available"));
        return None;
    };
    match form::FormScreen::open(f, lookups, ctx) {
        Some(s) => Some(Box::new(s)),
        None => {
            ctx.warn(Msg::new("case.not_available"));
            None
        }
    }
}

/// The app as it opens: the agenda (the register is one key away), with any unsaved draft
/// offered back on top.
pub fn start(mut ctx: Ctx) -> App {
    let screens = first(&mut ctx);
    App::with_screens(ctx, screens)
}

/// The screens an operator finds once in: the agenda, and any unsaved draft offered back on
/// top of it.
pub fn first(ctx: &mut Ctx) -> Vec<Box<dyn Screen>> {
    let mut screens: Vec<Box<dyn Screen>> = vec![Box::new(agenda::AgendaScreen::new(ctx))];
    if let Some(d) = drafts::Drafts::offer(ctx) {
        screens.push(Box::new(d));
    }
    screens
}

/// The help popup over a screen with these key tables.
pub fn help(tables: &[&'static [Binding]], typing: bool, title: String) -> Box<dyn Screen> {
    Box::new(help::Help::new(tables, typing, title))
}

/// An X on the page of person `id`: erasure arms on the first, runs on the second.
pub fn erase(armed: &mut Option<Instant>, id: Uuid, ctx: &mut Ctx) -> Transition {
    erase::on_key(armed, id, ctx)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde_json::json;

    use super::*;

    use crate::domain::case::Step;

    fn ctx() -> Ctx {
        Ctx::in_memory("test", NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    }

    #[test]
    fn every_route_of_a_person_and_their_case_opens_its_screen() {
        let mut ctx = ctx();
        let person = Uuid::now_v7();
        let doc = json!({ "surname": "Ali", "given_names": "Sara", "sex": "F",
            "birth_date": "1999-01-01", "birth_country": "SO", "legal_status": "refugee",
            "consent_given": false });
        crate::service::people::save_intake(
            &mut ctx.desk.store,
            person,
            doc.as_object().cloned().unwrap(),
            "t",
            None,
        )
        .unwrap();
        let case = ctx.desk.store.cases_for(person).unwrap()[0].id;
        let p = ctx.desk.store.person(person).unwrap().unwrap();
        let routes = [
            Route::Person(person),
            Route::Case(case),
            Route::Closure(case),
            Route::Plan(case),
            Route::Referrals(case),
            Route::Internship(case),
            Route::FollowUps(case),
            Route::Programmes,
            Route::Partners,
            Route::Audit,
            Route::Register,
            Route::Backup,
            Route::Form(Box::new(FormOpen::edit_person(&p))),
            Route::Form(Box::new(FormOpen::new_intake("rossi mario"))),
            Route::Form(Box::new(FormOpen::new(
                FormJob::step_form(case, Step::Assessment).unwrap(),
                None,
            ))),
        ];
        for r in routes {
            let shown = format!("{r:?}");
            assert!(open(r, &mut ctx).is_some(), "{shown}: {:?}", ctx.status);
        }
    }

    #[test]
    fn a_route_to_what_is_not_there_opens_nothing_and_says_why() {
        let gone = Uuid::now_v7();
        for r in [
            Route::Person(gone),
            Route::Case(gone),
            Route::Form(Box::new(FormOpen::new(
                FormJob::ReferralStatus {
                    case: gone,
                    referral: gone,
                },
                None,
            ))),
        ] {
            let mut ctx = ctx();
            let shown = format!("{r:?}");
            assert!(open(r, &mut ctx).is_none(), "{shown}");
            assert!(ctx.status.is_some(), "{shown} says nothing");
        }
    }
}
