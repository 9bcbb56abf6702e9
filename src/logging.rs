//! Logs go to a file in the user's state/data directory, never to the screen.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

/// Starts logging to `dir/sportello.log`. Silently does nothing when the file cannot be
/// opened: logging must never stop the desk.
pub fn init(dir: &Path) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(file) = OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("sportello.log"))
    else {
        return;
    };
    let filter = std::env::var("SPORTELLO_LOG")
        .ok()
        .and_then(|s| s.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(filter)
        .try_init();
}
