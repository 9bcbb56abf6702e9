//! Where Sportello keeps its files: the database and logs in the user's data directory, the
//! configuration in the user's config directory (XDG on Linux, the platform's elsewhere).

use std::path::PathBuf;

use directories::ProjectDirs;

fn dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("it", "Sportello", "sportello")
}

/// The default database file, `…/sportello/sportello.db` in the data directory.
pub fn default_db() -> Option<PathBuf> {
    dirs().map(|d| d.data_dir().join("sportello.db"))
}

pub fn config_file() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Log directory: the state directory where the platform has one, else local data.
pub fn log_dir() -> Option<PathBuf> {
    dirs().map(|d| d.state_dir().unwrap_or(d.data_local_dir()).to_path_buf())
}
