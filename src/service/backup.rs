//! Backups with what is needed to open them: the encrypted copy and its key ring beside it
//! (`PATH` and `PATH.keys`); restores that check the copy opens with the operator's
//! passphrase and the desk's key, and is whole, before anything is replaced.

use std::path::{Path, PathBuf};

use crate::i18n::Msg;
use crate::jobs::Progress;
use crate::service::auth::{Session, require, ring_msg};
use crate::store::anchor::anchor_path;
use crate::store::audit::Action;
use crate::store::backup::{self, BackupInfo, BackupProblem, RestoreStage};
use crate::store::cipher::{self, FileState};
use crate::store::{Role, Store};
use crate::vault::{KeyRing, ring_path};

/// The message for a backup that cannot be used.
pub fn problem_msg(p: &BackupProblem, path: &Path) -> Msg {
    let file = path.display().to_string();
    match p {
        BackupProblem::Missing => Msg::new("cli.backup.missing").arg("path", file),
        BackupProblem::NotADatabase => Msg::new("cli.backup.not_a_database").arg("path", file),
        BackupProblem::NotSportello => Msg::new("cli.backup.not_sportello").arg("path", file),
        BackupProblem::NewerSchema(v) => Msg::new("cli.backup.newer").arg("version", v),
        BackupProblem::Damaged(d) => {
            tracing::error!("{file} failed its page check: {d}");
            Msg::new("cli.backup.damaged").arg("path", file)
        }
    }
}

/// Whether `by` may write a backup to `dest`: the refusal to show, if not.
pub fn may_backup(store: &Store, dest: &Path, by: &str) -> Result<(), Msg> {
    require(store, by, Role::Coordinator)?;
    if dest.exists() || ring_path(dest).exists() {
        return Err(Msg::new("cli.backup.exists").arg("path", dest.display()));
    }
    Ok(())
}

/// The entity an audit entry about the whole register names.
const REGISTER: &str = "register";

/// Writes the copy and its key ring. Coordinators and administrators.
pub fn backup(store: &Store, db: &Path, dest: &Path, by: &str) -> Result<BackupInfo, Msg> {
    backup_with(
        store,
        db,
        dest,
        by,
        &Progress::new(Msg::new("jobs.backup.copying")),
    )?
    .ok_or_else(|| Msg::new("jobs.backup.cancelled"))
}

/// [`backup`], telling `progress` the pages copied, then the check; stops between two steps
/// of the copy when `progress` is cancelled (`None`: the partial file is removed).
pub fn backup_with(
    store: &Store,
    db: &Path,
    dest: &Path,
    by: &str,
    progress: &Progress,
) -> Result<Option<BackupInfo>, Msg> {
    may_backup(store, dest, by)?;
    let watch = |done: u64, total: u64| {
        progress.step(done, total);
        !progress.cancelled()
    };
    match store.backup_watched(dest, &watch).map_err(|e| e.msg())? {
        None => return Ok(None),
        Some(Err(p)) => return Err(problem_msg(&p, dest)),
        Some(Ok(())) => {}
    }
    progress.stage(Msg::new("jobs.backup.checking"), 0);
    let info = backup::check(dest, store.key())
        .map_err(|e| e.msg())?
        .map_err(|p| problem_msg(&p, dest))?;
    if progress.cancelled() {
        // Asked during the check: the copy goes, as it would have during the copy.
        let _ = std::fs::remove_file(dest);
        return Ok(None);
    }
    if store.is_encrypted() {
        let ring = KeyRing::load(&ring_path(db))
            .map_err(|e| ring_msg(&e))?
            .ok_or_else(|| Msg::new("auth.not_set_up"))?;
        ring.save(&ring_path(dest)).map_err(|e| ring_msg(&e))?;
    }
    Ok(Some(info))
}

/// The key of the backup at `source`, if `username`'s passphrase opens its key ring.
fn backup_key(source: &Path, username: &str, pass: &str) -> Result<crate::vault::DbKey, Msg> {
    let ring = KeyRing::load(&ring_path(source))
        .map_err(|e| ring_msg(&e))?
        .ok_or_else(|| Msg::new("cli.backup.no_keys").arg("path", ring_path(source).display()))?;
    ring.open(username, pass)
        .map_err(|_| Msg::new("cli.backup.not_yours"))
}

/// Whether `by` may restore the backup at `source` over `store` with passphrase `pass`:
/// an administrator, a file there with its key ring, the passphrase opening it, the desk's
/// own key. The refusal to show, if not. (The backup's integrity is checked by the restore.)
pub fn may_restore(store: &Store, source: &Path, by: &Session, pass: &str) -> Result<(), Msg> {
    require(store, &by.username, Role::Administrator)?;
    if !source.is_file() {
        return Err(problem_msg(&BackupProblem::Missing, source));
    }
    let key = backup_key(source, &by.username, pass)?;
    if store.key() != Some(&key) {
        return Err(Msg::new("cli.backup.other_key"));
    }
    Ok(())
}

/// Replaces the open database with the backup at `source` (administrators). The backup
/// must open with the operator's passphrase and hold the desk's own key; the replaced
/// database is kept beside it, with its key ring. Returns what was restored and where the
/// replaced database was kept.
pub fn restore(
    store: &mut Store,
    db: &Path,
    source: &Path,
    by: &Session,
    pass: &str,
) -> Result<(BackupInfo, PathBuf), Msg> {
    let progress = Progress::new(Msg::new("jobs.restore.checking"));
    restore_with(store, db, source, by, pass, &progress)
}

/// [`restore`], telling `progress` each stage (checking the backup, keeping the database as
/// it is, copying the backup in) and the pages copied. It cannot be cancelled.
pub fn restore_with(
    store: &mut Store,
    db: &Path,
    source: &Path,
    by: &Session,
    pass: &str,
    progress: &Progress,
) -> Result<(BackupInfo, PathBuf), Msg> {
    may_restore(store, source, by, pass)?;
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let keep = db.with_file_name(format!("sportello-before-restore-{stamp}.db"));
    let stage = std::cell::Cell::new(None);
    let watch = |s: RestoreStage, done: u64, total: u64| {
        if stage.get() != Some(s) {
            stage.set(Some(s));
            let doing = match s {
                RestoreStage::Checking => "jobs.restore.checking",
                RestoreStage::Keeping => "jobs.restore.keeping",
                RestoreStage::Copying => "jobs.restore.copying",
            };
            progress.stage(Msg::new(doing), total);
        }
        progress.step(done, total);
        true
    };
    let info = store
        .restore_watched(source, &keep, &watch)
        .map_err(|e| e.msg())?
        .map_err(|p| problem_msg(&p, source))?;
    if let Ok(Some(ring)) = KeyRing::load(&ring_path(db)) {
        ring.save(&ring_path(&keep)).map_err(|e| ring_msg(&e))?;
    }
    // The restored chain goes on with the restore itself: who put this backup in place.
    store
        .record_access(
            Action::Restore,
            REGISTER,
            uuid::Uuid::nil(),
            &by.username,
            chrono::Utc::now(),
        )
        .map_err(|e| e.msg())?;
    Ok((info, keep))
}

/// Restores onto a path with no database (a new laptop, or a desk whose file was lost or
/// emptied): the copy and its key ring are put in place once the copy opens with the
/// operator's passphrase and is whole. The key file and anchor of a lost file are kept
/// beside, renamed, not overwritten.
pub fn restore_new(
    db: &Path,
    source: &Path,
    username: &str,
    pass: &str,
) -> Result<BackupInfo, Msg> {
    let exists = || Msg::new("cli.backup.exists").arg("path", db.display());
    if cipher::file_state(db).map_err(|e| e.msg())? != FileState::New {
        return Err(exists());
    }
    let key = backup_key(source, username, pass)?;
    let info = backup::check(source, Some(&key))
        .map_err(|e| e.msg())?
        .map_err(|p| problem_msg(&p, source))?;
    let io = |e: std::io::Error| Msg::new("cli.backup.io").arg("detail", e);
    for left in [ring_path(db), anchor_path(db)] {
        if left.exists() {
            let mut aside = left.clone().into_os_string();
            aside.push(".before-restore");
            std::fs::rename(&left, aside).map_err(io)?;
        }
    }
    std::fs::copy(source, db).map_err(io)?;
    std::fs::copy(ring_path(source), ring_path(db)).map_err(io)?;
    let mut restored = Store::open_keyed(db, &key).map_err(|e| e.msg())?;
    restored
        .record_access(
            Action::Restore,
            REGISTER,
            uuid::Uuid::nil(),
            username,
            chrono::Utc::now(),
        )
        .map_err(|e| e.msg())?;
    Ok(info)
}
