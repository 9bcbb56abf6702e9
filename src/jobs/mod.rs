//! Work off the UI thread. Whatever a thread finishes or advances, it rings the [`bell`], so
//! the terminal loop (which blocks on one channel) wakes and looks; nothing polls on a timer.
//! [`long`] runs one long job at a time (a backup, the file rewritten after an erasure) with
//! its [`Progress`]; searches keep their own newest-wins workers (`store::worker`).

pub mod bell;
pub mod long;
mod progress;

pub use long::Long;
pub use progress::{Progress, Snapshot};
