//! One module per screen of the stack.

pub mod agenda;
mod agenda_build;
mod agenda_register;
mod agenda_view;
pub mod audit;
pub mod backup;
pub mod case;
pub mod drafts;
pub mod erase;
pub mod follow_ups;
pub mod form;
pub mod help;
pub mod internship;
pub mod operators;
mod operators_dialog;
pub mod partners;
pub mod person;
mod person_merge;
pub mod plan;
pub mod programmes;
pub mod referrals;
pub mod register;
mod register_view;

use super::app::App;
use super::ctx::Ctx;

/// The app as it opens: the agenda (the register is one key away), with any unsaved draft
/// offered back on top.
pub fn start(mut ctx: Ctx) -> App {
    let agenda = agenda::AgendaScreen::new(&mut ctx);
    let drafts = drafts::Drafts::offer(&mut ctx);
    let mut app = App::new(ctx, Box::new(agenda));
    if let Some(d) = drafts {
        app.push(Box::new(d));
    }
    app
}
