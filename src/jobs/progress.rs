//! How far a long job has got: what it is doing and a fraction, written by the job's thread,
//! read by the screen; and the operator's request to stop, read by the job between steps.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::i18n::Msg;

/// What the screen draws: `done` of `total` units (pages, people); `total` 0 while unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub doing: Msg,
    pub done: u64,
    pub total: u64,
}

impl Snapshot {
    /// The fraction done, 0.0 to 1.0; `None` while the total is unknown.
    pub fn fraction(&self) -> Option<f64> {
        (self.total > 0).then(|| (self.done.min(self.total) as f64) / self.total as f64)
    }
}

struct Shared {
    now: Mutex<(Snapshot, Option<Instant>)>,
    cancel: AtomicBool,
}

/// Shared by a job and the screen; cloning gives another handle to the same progress.
#[derive(Clone)]
pub struct Progress(Arc<Shared>);

/// The loop is woken at most this often by progress alone (the end always wakes it).
const RING_EVERY: Duration = Duration::from_millis(40);

impl Progress {
    pub fn new(doing: Msg) -> Progress {
        Progress(Arc::new(Shared {
            now: Mutex::new((
                Snapshot {
                    doing,
                    done: 0,
                    total: 0,
                },
                None,
            )),
            cancel: AtomicBool::new(false),
        }))
    }

    /// A new stage of the job (its counts start again).
    pub fn stage(&self, doing: Msg, total: u64) {
        self.update(|s| {
            *s = Snapshot {
                doing,
                done: 0,
                total,
            }
        });
    }

    /// `done` of `total` units of the current stage.
    pub fn step(&self, done: u64, total: u64) {
        self.update(|s| {
            s.done = done;
            s.total = total;
        });
    }

    fn update(&self, f: impl FnOnce(&mut Snapshot)) {
        let ring = match self.0.now.lock() {
            Ok(mut g) => {
                f(&mut g.0);
                let due = g.1.is_none_or(|t| t.elapsed() >= RING_EVERY);
                if due {
                    g.1 = Some(Instant::now());
                }
                due
            }
            Err(_) => false,
        };
        if ring {
            super::bell::ring();
        }
    }

    pub fn snapshot(&self) -> Option<Snapshot> {
        self.0.now.lock().ok().map(|g| g.0.clone())
    }

    /// The operator asked to stop: the job stops at its next safe point.
    pub fn cancel(&self) {
        self.0.cancel.store(true, Ordering::Relaxed);
    }

    pub fn cancelled(&self) -> bool {
        self.0.cancel.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_steps_and_cancel() {
        let p = Progress::new(Msg::new("a"));
        assert_eq!(p.snapshot().unwrap().fraction(), None);
        p.step(5, 20);
        assert_eq!(p.snapshot().unwrap().fraction(), Some(0.25));
        p.step(30, 20);
        assert_eq!(p.snapshot().unwrap().fraction(), Some(1.0));
        p.stage(Msg::new("b"), 0);
        let s = p.snapshot().unwrap();
        assert_eq!((s.doing.key.as_str(), s.done, s.total), ("b", 0, 0));
        let q = p.clone();
        assert!(!p.cancelled());
        q.cancel();
        assert!(p.cancelled());
    }
}
