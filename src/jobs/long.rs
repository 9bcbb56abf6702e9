//! A long job on a thread of its own: it reports [`Progress`] as it goes, checks for a
//! cancel between its steps where stopping is safe, and hands back one result at the end.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::{Progress, bell};
use crate::i18n::Msg;

pub struct Long<T> {
    title: Msg,
    progress: Progress,
    cancellable: bool,
    done: Receiver<T>,
    started: Instant,
}

/// The job's thread ended without a result (it panicked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lost;

impl<T: Send + 'static> Long<T> {
    /// Starts `work` on its own thread. `title` says what the job is; `first` what it does
    /// until it says otherwise; `cancellable` when `work` honours [`Progress::cancelled`].
    pub fn spawn(
        title: Msg,
        first: Msg,
        cancellable: bool,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> std::io::Result<Long<T>> {
        let progress = Progress::new(first);
        let p = progress.clone();
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("job".into())
            .spawn(move || {
                let out = work(&p);
                let _ = tx.send(out);
                bell::ring();
            })?;
        Ok(Long {
            title,
            progress,
            cancellable,
            done: rx,
            started: Instant::now(),
        })
    }

    pub fn title(&self) -> &Msg {
        &self.title
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Since when the job runs.
    pub fn started(&self) -> Instant {
        self.started
    }

    pub fn cancellable(&self) -> bool {
        self.cancellable
    }

    /// The result once the job has ended. Never blocks.
    pub fn finished(&self) -> Option<Result<T, Lost>> {
        match self.done.try_recv() {
            Ok(t) => Some(Ok(t)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(Lost)),
        }
    }

    /// Waits up to `timeout` for the result (tests, the command line).
    pub fn wait(&self, timeout: Duration) -> Option<Result<T, Lost>> {
        match self.done.recv_timeout(timeout) {
            Ok(t) => Some(Ok(t)),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => Some(Err(Lost)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reports_progress_and_its_result_and_can_be_cancelled() {
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let job = Long::spawn(Msg::new("t"), Msg::new("d"), true, move |p| {
            p.step(1, 4);
            let _ = go_rx.recv();
            if p.cancelled() { 0 } else { 7 }
        })
        .unwrap();
        assert_eq!(job.title().key, "t");
        assert!(job.cancellable());
        while job.progress().snapshot().unwrap().done != 1 {
            std::thread::yield_now();
        }
        assert!(job.finished().is_none());
        job.progress().cancel();
        go_tx.send(()).unwrap();
        assert_eq!(job.wait(Duration::from_secs(10)), Some(Ok(0)));
        let lost = Long::spawn(Msg::new("t"), Msg::new("d"), false, |_| -> u8 {
            panic!("a bug in a job")
        })
        .unwrap();
        assert_eq!(lost.wait(Duration::from_secs(10)), Some(Err(Lost)));
    }
}
