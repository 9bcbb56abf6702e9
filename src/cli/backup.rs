//! `sportello backup PATH` and `sportello restore PATH`: a consistent copy made while the app
//! is in use, checked once written; a restore checked before anything is replaced, the
//! replaced database kept beside it.

use std::path::PathBuf;

use super::{Env, Failure};
use crate::i18n::Msg;
use crate::store::backup::{BackupInfo, BackupProblem};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to write (backup) or read (restore)
    pub path: PathBuf,
}

fn problem(p: BackupProblem, path: &std::path::Path) -> Failure {
    let file = path.display().to_string();
    let msg = match p {
        BackupProblem::Missing => Msg::new("cli.backup.missing").arg("path", file),
        BackupProblem::NotADatabase => Msg::new("cli.backup.not_a_database").arg("path", file),
        BackupProblem::NotSportello => Msg::new("cli.backup.not_sportello").arg("path", file),
        BackupProblem::NewerSchema(v) => Msg::new("cli.backup.newer").arg("version", v),
        BackupProblem::Damaged(d) => Msg::new("cli.backup.damaged").arg("detail", d),
    };
    Failure { msg, code: 5 }
}

fn said(env: &Env, key: &str, i: &BackupInfo) {
    let mb = format!("{:.1}", i.bytes as f64 / 1e6);
    println!(
        "{}",
        env.i18n.tf(
            key,
            &[
                ("path", &i.path.display().to_string()),
                ("people", &i.people.to_string()),
                ("mb", &mb),
            ],
        )
    );
}

pub fn backup(env: Env, a: Args) -> Result<(), Failure> {
    if a.path.exists() {
        return Err(Failure::new(
            Msg::new("cli.backup.exists").arg("path", a.path.display()),
        ));
    }
    let info = env
        .store
        .backup_to(&a.path)?
        .map_err(|p| problem(p, &a.path))?;
    said(&env, "cli.backup.done", &info);
    Ok(())
}

pub fn restore(mut env: Env, a: Args) -> Result<(), Failure> {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let keep = env
        .db_path
        .with_file_name(format!("sportello-before-restore-{stamp}.db"));
    let info = env
        .store
        .restore_from(&a.path, &keep)?
        .map_err(|p| problem(p, &a.path))?;
    said(&env, "cli.backup.restored", &info);
    println!(
        "{}",
        env.i18n
            .tf("cli.backup.kept", &[("path", &keep.display().to_string())])
    );
    Ok(())
}
