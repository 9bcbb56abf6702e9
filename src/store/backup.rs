//! Backups: a consistent copy of the database made while the app is in use (SQLite's online
//! backup), checked once written; and restoring one, checked before anything is replaced,
//! with the database it replaces kept beside it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::cipher::apply_key;
use super::migrations::{self, LATEST};
use super::{Store, StoreError, StoreResult};
use crate::vault::DbKey;

/// Pages copied per step: the progress moves, and a cancel is heard, between two steps
/// (1 MB at 4 KB pages).
const PAGES_PER_STEP: i32 = 256;

/// What a checked backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub bytes: u64,
    pub people: i64,
    pub schema: u32,
}

/// Why a file cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupProblem {
    Missing,
    NotADatabase,
    NotSportello,
    NewerSchema(u32),
    Damaged(String),
}

pub(crate) fn open_read_only(path: &Path, key: Option<&DbKey>) -> StoreResult<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if let Some(k) = key {
        apply_key(&conn, k)?;
    }
    Ok(conn)
}

/// Opens `path` read-only (with `key` when it is encrypted) and checks it is a whole
/// Sportello database. A wrong key reads as "not a database".
pub fn check(path: &Path, key: Option<&DbKey>) -> StoreResult<Result<BackupInfo, BackupProblem>> {
    if !path.is_file() {
        return Ok(Err(BackupProblem::Missing));
    }
    let conn = match open_read_only(path, key) {
        Ok(c) => c,
        Err(_) => return Ok(Err(BackupProblem::NotADatabase)),
    };
    let integrity: Result<String, _> = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0));
    match integrity {
        Ok(s) if s == "ok" => {}
        Ok(s) => return Ok(Err(BackupProblem::Damaged(s))),
        Err(_) => return Ok(Err(BackupProblem::NotADatabase)),
    }
    let schema = migrations::version(&conn)?;
    if schema > LATEST {
        return Ok(Err(BackupProblem::NewerSchema(schema)));
    }
    let people: Result<i64, _> = conn.query_row(
        "SELECT count(*) FROM people WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    );
    let Ok(people) = people else {
        return Ok(Err(BackupProblem::NotSportello));
    };
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(Ok(BackupInfo {
        path: path.to_path_buf(),
        bytes,
        people,
        schema,
    }))
}

/// Told how far a copy has got (`done` of `total` pages); false asks it to stop.
pub type Watch<'a> = &'a dyn Fn(u64, u64) -> bool;

impl Store {
    /// Writes a consistent copy of the database to `dest` (which must not exist), while other
    /// connections keep working, then checks the copy. An encrypted database is copied
    /// encrypted, page by page, with the same key: the copy opens with the same key ring.
    pub fn backup_to(&self, dest: &Path) -> StoreResult<Result<BackupInfo, BackupProblem>> {
        match self.backup_watched(dest, &|_, _| true)? {
            Some(Ok(())) => check(dest, self.key.as_ref()),
            Some(Err(p)) => Ok(Err(p)),
            None => Err(StoreError::Other("the backup was stopped".into())),
        }
    }

    /// Copies the database to `dest` as [`Store::backup_to`] does, telling `watch` the pages
    /// copied after each step; `None` when `watch` asked to stop (the partial file is
    /// removed). The copy is not checked yet: [`check`] does that.
    pub fn backup_watched(
        &self,
        dest: &Path,
        watch: Watch<'_>,
    ) -> StoreResult<Option<Result<(), BackupProblem>>> {
        if dest.exists() {
            return Err(StoreError::Other(format!(
                "{} already exists: a backup never overwrites a file",
                dest.display()
            )));
        }
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(StoreError::other)?;
        }
        let copied = self.copy_pages(dest, watch);
        if !matches!(copied, Ok(true)) {
            for s in ["", "-journal", "-wal", "-shm"] {
                let mut p = dest.as_os_str().to_owned();
                p.push(s);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
        }
        Ok(copied?.then_some(Ok(())))
    }

    /// The page copy; false when `watch` asked to stop.
    fn copy_pages(&self, dest: &Path, watch: Watch<'_>) -> StoreResult<bool> {
        let mut out = Connection::open(dest)?;
        if let Some(k) = &self.key {
            apply_key(&out, k)?;
        }
        // One read transaction over every step: the copy is of one moment, and writes by
        // other connections meanwhile (the app's drafts) do not restart it.
        self.conn.execute_batch("BEGIN")?;
        let copied = (|| -> StoreResult<bool> {
            self.conn
                .query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
            copy_pages(&self.conn, &mut out, watch)
        })();
        let _ = self.conn.execute_batch("COMMIT");
        if copied? {
            // A single file: no WAL beside the copy.
            out.query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            })?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Replaces this database with the checked backup at `source`. The database replaced is
    /// first copied to `keep` so that nothing is lost. Returns what was restored.
    pub fn restore_from(
        &mut self,
        source: &Path,
        keep: &Path,
    ) -> StoreResult<Result<BackupInfo, BackupProblem>> {
        self.restore_watched(source, keep, &|_, _, _| true)
    }

    /// [`Store::restore_from`], telling `watch` each stage and the pages copied in it (the
    /// check has no count: 0 of 0). Nothing is replaced until the backup is checked and the
    /// database is kept; the return value of `watch` is not a way to stop (half a restore
    /// must not be left behind).
    pub fn restore_watched(
        &mut self,
        source: &Path,
        keep: &Path,
        watch: &dyn Fn(RestoreStage, u64, u64) -> bool,
    ) -> StoreResult<Result<BackupInfo, BackupProblem>> {
        watch(RestoreStage::Checking, 0, 0);
        let info = match check(source, self.key.as_ref())? {
            Ok(i) => i,
            Err(p) => return Ok(Err(p)),
        };
        watch(RestoreStage::Keeping, 0, 0);
        match self.backup_watched(keep, &|d, t| watch(RestoreStage::Keeping, d, t))? {
            Some(Ok(())) => {}
            Some(Err(p)) => return Ok(Err(p)),
            None => return Err(StoreError::Other("the backup was stopped".into())),
        }
        if let Err(p) = check(keep, self.key.as_ref())? {
            return Ok(Err(p));
        }
        watch(RestoreStage::Copying, 0, 0);
        {
            let src = open_read_only(source, self.key.as_ref())?;
            copy_pages(&src, &mut self.conn, |done, total| {
                watch(RestoreStage::Copying, done, total);
                true
            })?;
        }
        // An older backup is brought up to this build's schema like any other file.
        migrations::migrate(&mut self.conn, LATEST)?;
        // The restored chain replaces the anchored one.
        if let Some(db) = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
        {
            super::anchor::write(&self.conn, &db, self.key.as_ref())?;
        }
        Ok(Ok(info))
    }
}

/// Copies every page of `src` into `dst` with SQLite's online backup, a few hundred pages a
/// step, telling `step` the pages done of all after each; `step` answering false stops the
/// copy. Returns whether it ran to the end.
pub(crate) fn copy_pages(
    src: &Connection,
    dst: &mut Connection,
    mut step: impl FnMut(u64, u64) -> bool,
) -> StoreResult<bool> {
    let b = Backup::new(src, dst)?;
    loop {
        let result = b.step(PAGES_PER_STEP)?;
        if matches!(result, StepResult::Busy | StepResult::Locked) {
            std::thread::sleep(Duration::from_millis(5));
        }
        let p = b.progress();
        let total = u64::try_from(p.pagecount).unwrap_or(0);
        let left = u64::try_from(p.remaining).unwrap_or(0);
        let go_on = step(total.saturating_sub(left), total);
        if result == StepResult::Done {
            return Ok(true);
        }
        if !go_on {
            return Ok(false);
        }
    }
}

/// The stages of a restore, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreStage {
    /// The backup's integrity and schema.
    Checking,
    /// The database as it is, copied beside it.
    Keeping,
    /// The backup copied over the database.
    Copying,
}
