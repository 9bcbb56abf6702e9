//! How far long store work has got (encrypting a plain file, the rewrite after an erasure),
//! told to whoever runs it on this thread. The work is reached through service verbs that
//! take no progress of their own (setup, erasure); a job that wants the numbers runs the
//! verb inside [`watching`], and the store reports to it from the same thread. Outside it
//! (the command line, tests) reporting does nothing.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Shared with a thread the work starts to watch a file grow.
type Report = Arc<dyn Fn(u64, u64) + Send + Sync>;

thread_local! {
    static WATCH: RefCell<Option<Report>> = const { RefCell::new(None) };
}

/// Runs `f` with `report` told `done` of `total` units by the store work inside it.
pub fn watching<R>(report: impl Fn(u64, u64) + Send + Sync + 'static, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<Report>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let before = self.0.take();
            WATCH.with(|w| *w.borrow_mut() = before);
        }
    }
    let before = WATCH.with(|w| w.borrow_mut().replace(Arc::new(report)));
    let _reset = Reset(before);
    f()
}

/// The watcher of this thread, if any.
fn current() -> Option<Report> {
    WATCH.with(|w| w.borrow().clone())
}

/// Reports to the watcher of the thread that made it (from any thread), and never goes
/// back: a count read lower than the last one (a size read early) is shown as where it had
/// got to.
pub(crate) struct Forward {
    report: Option<Report>,
    last: AtomicU64,
    total: u64,
}

impl Forward {
    pub(crate) fn new(total: u64) -> Forward {
        Forward {
            report: current(),
            last: AtomicU64::new(0),
            total,
        }
    }

    /// Reports `done` (at most the total), unless it is behind what was reported.
    pub(crate) fn to(&self, done: u64) {
        let done = done.min(self.total);
        if self.last.fetch_max(done, Ordering::Relaxed) <= done
            && let Some(r) = &self.report
        {
            r(done, self.total);
        }
    }

    /// The end: everything done.
    pub(crate) fn end(&self) {
        self.to(self.total);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn reports_reach_the_watcher_of_this_thread_only_and_never_go_back() {
        Forward::new(2).to(1);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        let out = watching(
            move |d, t| s.lock().unwrap().push((d, t)),
            || {
                let f = Forward::new(10);
                f.to(3);
                f.to(2);
                // Another thread's own reports reach no one; a Forward made here, from
                // there, reaches this thread's watcher.
                std::thread::scope(|scope| {
                    scope.spawn(|| Forward::new(9).end());
                    scope.spawn(|| f.to(5));
                });
                f.to(40);
                f.end();
                7
            },
        );
        assert_eq!(out, 7);
        assert_eq!(
            *seen.lock().unwrap(),
            vec![(3, 10), (5, 10), (10, 10), (10, 10)]
        );
        Forward::new(5).end();
        assert_eq!(seen.lock().unwrap().len(), 4, "no watcher after the work");
    }
}
