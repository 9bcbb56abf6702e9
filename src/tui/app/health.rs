//! A register too large to check at login is checked beside the app once the operator is
//! in: the first minutes of work are not held up, and damage found puts the register in
//! read-only as a login would have.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use super::App;
use crate::service::health::quick_check_beside;
use crate::service::outcome::Outcome;
use crate::store::health::checked_at_login;

/// The check starts this long after login, once the agenda and the first searches have
/// had the disk to themselves.
const AFTER_LOGIN: Duration = Duration::from_secs(5);

/// The answer of the check running beside the app.
pub(super) type Pending = Option<Receiver<Outcome<Vec<String>>>>;

impl App {
    /// Starts the page check of a register the login did not check.
    pub(super) fn check_beside(&mut self) {
        if checked_at_login(&self.ctx.db_path) || self.ctx.desk.read_only() {
            return;
        }
        let run = match quick_check_beside(&self.ctx.desk.store) {
            Ok(run) => run,
            Err(f) => {
                tracing::warn!("no page check beside the app: {f:?}");
                return;
            }
        };
        let (tx, rx) = mpsc::channel();
        let started = std::thread::Builder::new()
            .name("page check".into())
            .spawn(move || {
                std::thread::sleep(AFTER_LOGIN);
                let _ = tx.send(run());
                crate::jobs::bell::ring();
            });
        match started {
            Ok(_) => self.health = Some(rx),
            Err(e) => tracing::warn!("no page check beside the app: {e}"),
        }
    }

    /// Takes the check's answer once it has come; true when the screen changes.
    pub(super) fn health_arrived(&mut self) -> bool {
        let Some(rx) = &self.health else {
            return false;
        };
        let answer = match rx.try_recv() {
            Ok(a) => a,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => {
                self.health = None;
                return false;
            }
        };
        self.health = None;
        match answer {
            Ok(problems) if problems.is_empty() => false,
            Ok(problems) => {
                tracing::error!("the register is damaged, held read-only: {problems:?}");
                if let Err(e) = self.ctx.desk.store.hold_read_only() {
                    tracing::error!("the register could not be held read-only: {e}");
                }
                let why = self.ctx.desk.read_only_why(&self.ctx.db_path);
                self.ctx.warn(why);
                true
            }
            Err(f) => {
                tracing::warn!("the page check beside the app failed: {f:?}");
                false
            }
        }
    }
}
