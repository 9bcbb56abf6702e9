//! Erasing a person from their page: X twice within five seconds (administrators, every
//! case closed). The first X says what will happen; nothing else arms it.

use std::time::{Duration, Instant};

use uuid::Uuid;

use crate::i18n::Msg;
use crate::store::Role;
use crate::tui::ctx::Ctx;
use crate::tui::screen::{AppEvent, Transition};

/// How long the first X waits for the second.
const WINDOW: Duration = Duration::from_secs(5);

/// Handles an X on the page of person `id`; `armed` is when the last X was pressed.
pub fn on_key(armed: &mut Option<Instant>, id: Uuid, ctx: &mut Ctx) -> Transition {
    let second = armed.take().is_some_and(|t| t.elapsed() < WINDOW);
    if !second {
        let allowed = ctx.desk.require(Role::Administrator).and_then(|()| {
            match ctx.desk.store.has_open_case(id) {
                Ok(false) => Ok(()),
                Ok(true) => Err(Msg::new("gdpr.open_case")),
                Err(e) => Err(e.msg()),
            }
        });
        match allowed {
            Ok(()) => {
                *armed = Some(Instant::now());
                ctx.warn(Msg::new("gdpr.press_again"));
            }
            Err(m) => ctx.error(m),
        }
        return Transition::None;
    }
    match ctx.desk.erase(id) {
        Ok(r) if !r.wal_emptied => {
            ctx.warn(Msg::new("gdpr.wal_busy"));
            Transition::PopWith(AppEvent::PersonChanged(id))
        }
        Ok(r) => {
            ctx.info(
                Msg::new("gdpr.erased")
                    .arg("cases", r.cases)
                    .arg("forms", r.forms)
                    .arg("lines", r.journal_lines),
            );
            Transition::PopWith(AppEvent::PersonChanged(id))
        }
        Err(m) => {
            ctx.error(m);
            Transition::None
        }
    }
}
