//! The doorbell: one process-wide way for a worker thread to wake the terminal loop. The loop
//! installs it while it runs; without it (the command line, tests) ringing does nothing.

use std::sync::{Mutex, OnceLock};

type Ring = Box<dyn Fn() + Send>;

fn slot() -> &'static Mutex<Option<Ring>> {
    static SLOT: OnceLock<Mutex<Option<Ring>>> = OnceLock::new();
    SLOT.get_or_init(|| Mutex::new(None))
}

/// Wakes the loop, if one is listening.
pub fn ring() {
    if let Ok(g) = slot().lock()
        && let Some(r) = g.as_ref()
    {
        r();
    }
}

/// Makes `ring` call `f` until the returned guard is dropped.
pub fn install(f: impl Fn() + Send + 'static) -> Installed {
    if let Ok(mut g) = slot().lock() {
        *g = Some(Box::new(f));
    }
    Installed(())
}

/// Removes the doorbell when dropped.
pub struct Installed(());

impl Drop for Installed {
    fn drop(&mut self) {
        if let Ok(mut g) = slot().lock() {
            *g = None;
        }
    }
}
