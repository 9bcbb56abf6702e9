//! Erasing a person from their page: X twice within five seconds (administrators, every
//! case closed). The first X says what will happen; nothing else arms it. The second starts
//! the erasure as the app's long job.

use std::time::{Duration, Instant};

use uuid::Uuid;

use crate::i18n::Msg;
use crate::store::Role;
use crate::store::erase::ErasureReport;
use crate::tui::ctx::{Ctx, Tone};
use crate::tui::jobs::Finished;
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
    // The erasure and the file's rewrite (seconds on a large register, with a fraction) run
    // as the app's long job on a connection of their own; the page closes now, the screens
    // reload when the job ends.
    let mut store = match ctx.desk.store.reopen() {
        Ok(s) => s,
        Err(e) => {
            ctx.error(e.msg());
            return Transition::None;
        }
    };
    let by = ctx.desk.operator().to_string();
    let started = ctx.jobs.start(
        Msg::new("jobs.erase.title"),
        Msg::new("jobs.erase.working"),
        false,
        move |p| {
            // The file's rewrite reports how far it has got (store::watch).
            let p = p.clone();
            let erased = crate::store::watch::watching(
                move |done, total| p.step(done, total),
                || crate::service::gdpr::erase(&mut store, id, &by),
            );
            ended(erased, id)
        },
    );
    match started {
        Ok(()) => Transition::PopWith(AppEvent::PersonChanged(id)),
        Err(m) => {
            ctx.error(m);
            Transition::None
        }
    }
}

/// What the end of the erasure of `id` says.
fn ended(r: Result<ErasureReport, Msg>, id: Uuid) -> Finished {
    let done = match r {
        Ok(r) if !r.wal_emptied => Finished {
            msg: Msg::new("gdpr.wal_busy"),
            tone: Tone::Warn,
            changed: None,
            relog: false,
        },
        Ok(r) => Finished::said(Ok(Msg::new("gdpr.erased")
            .arg("cases", r.cases)
            .arg("forms", r.forms)
            .arg("lines", r.journal_lines))),
        Err(m) => Finished::said(Err(m)),
    };
    done.changing(AppEvent::PersonChanged(id))
}
