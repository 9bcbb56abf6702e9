//! `sportello backup PATH` and `sportello restore PATH`: a consistent copy made while the app
//! is in use, checked once written; a restore checked before anything is replaced, the
//! replaced database kept beside it.

use std::path::PathBuf;

use super::auth::{ENV_PASSPHRASE, ask_current, ask_username};
use super::{Env, Failure};
use crate::i18n::Msg;
use crate::service::backup as service;
use crate::store::backup::BackupInfo;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to write (backup) or read (restore)
    pub path: PathBuf,
}

fn said(env_i18n: &crate::i18n::I18n, key: &str, i: &BackupInfo) {
    let mb = format!("{:.1}", i.bytes as f64 / 1e6);
    println!(
        "{}",
        env_i18n.tf(
            key,
            &[
                ("path", &i.path.display().to_string()),
                ("people", &i.people.to_string()),
                ("mb", &mb),
            ],
        )
    );
}

fn exit5(msg: Msg) -> Failure {
    Failure { msg, code: 5 }
}

pub fn backup(env: Env, a: Args) -> Result<(), Failure> {
    let info = service::backup(&env.desk.store, &env.db_path, &a.path, env.desk.operator())
        .map_err(exit5)?;
    said(&env.i18n, "cli.backup.done", &info);
    Ok(())
}

pub fn restore(mut env: Env, a: Args) -> Result<(), Failure> {
    let pass = ask_current(&env.i18n, ENV_PASSPHRASE, "auth.cli.prompt_pass")?;
    let session = env.desk.session().clone();
    let (info, keep) =
        service::restore(&mut env.desk.store, &env.db_path, &a.path, &session, &pass)
            .map_err(exit5)?;
    said(&env.i18n, "cli.backup.restored", &info);
    println!(
        "{}",
        env.i18n
            .tf("cli.backup.kept", &[("path", &keep.display().to_string())])
    );
    Ok(())
}

/// A restore onto a path with no database yet (a new laptop): no login, the backup's own
/// key ring is opened with the operator's passphrase.
pub fn restore_new(
    db: &std::path::Path,
    i18n: &crate::i18n::I18n,
    a: &Args,
) -> Result<(), Failure> {
    let user = ask_username(i18n)?;
    let pass = ask_current(i18n, ENV_PASSPHRASE, "auth.cli.prompt_pass")?;
    let info = service::restore_new(db, &a.path, &user, &pass).map_err(exit5)?;
    said(i18n, "cli.backup.restored", &info);
    Ok(())
}
