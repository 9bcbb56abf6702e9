//! A register from an older version, after login: its schema steps run as the app's long job
//! (the progress row says the step and the share done), over a screen that says what is
//! happening; the lock still comes up meanwhile. The agenda opens on the upgraded register
//! once the job has ended and nothing covers the screen; a stop (Ctrl+X, quitting) waits
//! for the step running and goes back to the login.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::App;
use crate::i18n::Msg;
use crate::jobs::Progress;
use crate::service::auth::{Older, Session};
use crate::service::desk::{Clock, Desk};
use crate::store::Store;
use crate::store::upgrade::{Report, Stage};
use crate::tui::ctx::{Ctx, Tone};
use crate::tui::jobs::Finished;
use crate::tui::keymap::{Action, Binding};
use crate::tui::screen::{Screen, Transition};
use crate::tui::theme;

/// The upgraded register, handed from the job's thread to the app.
pub(super) type Slot = Arc<Mutex<Option<(Store, Session)>>>;

/// Fraction units of the progress row.
const UNITS: u64 = 1000;

impl App {
    /// Starts bringing `older` up to date: the operator is in (the lock works), the
    /// screen says what is happening, and the job reports each step.
    pub(super) fn upgrade(&mut self, older: Older) {
        let desk = match Store::placeholder() {
            Ok(store) => Desk::new(store, older.session.clone(), Clock::System),
            Err(e) => {
                self.to_gate(Some(e.msg()));
                return;
            }
        };
        self.ctx.desk = desk;
        self.signed_in = true;
        self.stack.clear();
        self.stack.push(Box::new(Upgrading {
            rows: older.work.rows(),
        }));
        let slot = self.upgraded.clone();
        let lang = self.ctx.i18n.lang;
        let work = move |p: &Progress| -> Finished {
            let report = reporting(p.clone(), lang);
            let stop = || p.cancelled();
            let (msg, tone) = match older.upgrade(report, &stop) {
                Ok(Some(opened)) => {
                    if let Ok(mut s) = slot.lock() {
                        *s = Some(opened);
                    }
                    return Finished::said(Ok(Msg::new("jobs.upgrade.done")));
                }
                Ok(None) => (Msg::new("jobs.upgrade.stopped"), Tone::Warn),
                Err(f) => (crate::words::said(&f, lang), Tone::Error),
            };
            // Not upgraded: back to the login, which says why.
            Finished {
                msg,
                tone,
                changed: None,
                relog: true,
            }
        };
        let title = Msg::new("jobs.upgrade.title");
        if let Err(m) = self.ctx.jobs.start(title.clone(), title, true, work) {
            self.to_gate(Some(m));
        }
    }

    /// Enters the upgraded register once it is there and the screen is not covered (the
    /// lock put up meanwhile stays until the passphrase); true when it did.
    pub(super) fn arrive(&mut self) -> bool {
        if self.covered() || self.quit || self.leaving {
            return false;
        }
        let Some((store, session)) = self.upgraded.lock().ok().and_then(|mut s| s.take()) else {
            return false;
        };
        self.enter(store, session);
        true
    }
}

/// The upgrade's reports on the progress row: a new stage at each step, its share done.
fn reporting(p: Progress, lang: crate::i18n::Lang) -> Report {
    let step = AtomicU32::new(0);
    Arc::new(move |s: &Stage| {
        if step.swap(s.step, Ordering::Relaxed) != s.step {
            p.stage(crate::words::upgrade::doing(s, lang), UNITS);
        }
        p.step((s.fraction * UNITS as f64) as u64, UNITS);
    })
}

/// What the body shows while the steps run.
struct Upgrading {
    rows: u64,
}

/// The app's own keys (quit, help, lock) are all there is: Ctrl+X stops the job.
static KEYS: &[Binding] = &[];

impl Screen for Upgrading {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS]
    }

    fn update(&mut self, _action: Action, _ctx: &mut Ctx) -> Transition {
        Transition::None
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let note = ctx
            .i18n
            .tf("jobs.upgrade.note", &[("rows", &self.rows.to_string())]);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::dim())
            .title(format!(" {} ", ctx.i18n.t("jobs.upgrade.screen_title")));
        frame.render_widget(
            Paragraph::new(note).wrap(Wrap { trim: true }).block(block),
            area,
        );
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("jobs.upgrade.screen_title").to_string()
    }
}

#[cfg(test)]
#[path = "upgrade_tests.rs"]
mod tests;
