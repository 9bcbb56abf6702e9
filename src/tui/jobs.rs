//! The app's long job, at most one at a time: a screen starts it (a backup, the file
//! rewritten after an erasure) and goes on answering keys; the app draws its progress under
//! the screen, lets Ctrl+X cancel it where that is safe, and when it ends puts its outcome
//! on the status line and tells the screens what changed.

use std::time::{Duration, Instant};

use crate::i18n::Msg;
use crate::jobs::{Long, Progress, Snapshot};
use crate::tui::ctx::Tone;
use crate::tui::screen::AppEvent;

/// What a long job ends with: a message for the status line, and what the screens must
/// reload.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    pub msg: Msg,
    pub tone: Tone,
    pub changed: Option<AppEvent>,
    /// The register was replaced (a restore): the app goes back to the login, which says
    /// `msg`.
    pub relog: bool,
}

impl Finished {
    /// Information when it went well, an error otherwise.
    pub fn said(said: Result<Msg, Msg>) -> Finished {
        let (msg, tone) = match said {
            Ok(m) => (m, Tone::Info),
            Err(m) => (m, Tone::Error),
        };
        Finished {
            msg,
            tone,
            changed: None,
            relog: false,
        }
    }

    pub fn changing(self, ev: AppEvent) -> Finished {
        Finished {
            changed: Some(ev),
            ..self
        }
    }
}

#[derive(Default)]
pub struct Jobs {
    running: Option<Long<Finished>>,
}

/// What the progress row shows.
pub struct Showing<'a> {
    pub title: &'a Msg,
    pub now: Snapshot,
    pub cancellable: bool,
    /// Cancel was asked; the job stops at its next safe point.
    pub cancelling: bool,
    /// Whole seconds since the job started (shown while the total is unknown).
    pub secs: u64,
}

impl Jobs {
    /// Starts `work` unless a long job already runs (then the refusal to show).
    pub fn start(
        &mut self,
        title: Msg,
        first: Msg,
        cancellable: bool,
        work: impl FnOnce(&Progress) -> Finished + Send + 'static,
    ) -> Result<(), Msg> {
        if self.running.is_some() {
            return Err(Msg::new("jobs.busy"));
        }
        let job = Long::spawn(title, first, cancellable, work)
            .map_err(|e| Msg::new("jobs.not_started").arg("detail", e))?;
        self.running = Some(job);
        Ok(())
    }

    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    pub fn showing(&self) -> Option<Showing<'_>> {
        let job = self.running.as_ref()?;
        Some(Showing {
            title: job.title(),
            now: job.progress().snapshot()?,
            cancellable: job.cancellable(),
            cancelling: job.progress().cancelled(),
            secs: job.started().elapsed().as_secs(),
        })
    }

    /// When the seconds shown next change, while a job runs.
    pub fn due(&self) -> Option<Instant> {
        let ran = self.running.as_ref()?.started().elapsed();
        Some(
            Instant::now() + Duration::from_secs(1)
                - Duration::from_nanos(u64::from(ran.subsec_nanos())),
        )
    }

    /// Asks the running job to stop; false when none runs or it cannot stop safely.
    pub fn cancel(&self) -> bool {
        match &self.running {
            Some(j) if j.cancellable() => {
                j.progress().cancel();
                true
            }
            _ => false,
        }
    }

    /// The running job's outcome once it has ended.
    pub fn finished(&mut self) -> Option<Finished> {
        let out = self.running.as_ref()?.finished()?;
        self.running = None;
        Some(out.unwrap_or_else(|_| Finished::said(Err(Msg::new("jobs.lost")))))
    }

    /// Waits up to `timeout` for the running job's outcome (tests).
    pub fn wait(&mut self, timeout: Duration) -> Option<Finished> {
        let out = self.running.as_ref()?.wait(timeout)?;
        self.running = None;
        Some(out.unwrap_or_else(|_| Finished::said(Err(Msg::new("jobs.lost")))))
    }
}
