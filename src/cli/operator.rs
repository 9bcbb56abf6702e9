//! `sportello operator …` (an administrator's work on operators, and anyone's own
//! passphrase) and `sportello recover` (the recovery code replaces a lost passphrase).

use super::auth::{ENV_PASSPHRASE, ENV_RECOVERY, ask_current, ask_new_passphrase, ask_username};
use super::{Env, Failure};
use crate::i18n::{I18n, Msg};
use crate::service::auth::{NewOperator, role_key};
use crate::service::operators;
use crate::store::Role;
use crate::text::sanitize;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the operators with their roles
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Add an operator (their passphrase: typed twice, or SPORTELLO_NEW_PASSPHRASE)
    Add {
        username: String,
        /// Full name
        #[arg(long)]
        name: String,
        /// operator, coordinator or administrator
        #[arg(long, default_value = "operator")]
        role: String,
    },
    /// Remove an operator: their passphrase no longer opens the database
    Remove { username: String },
    /// Change an operator's role
    Role { username: String, role: String },
    /// Change your own passphrase
    Passphrase,
}

fn role_of(s: &str) -> Result<Role, Failure> {
    Role::from_code(s).ok_or_else(|| Failure {
        msg: Msg::new("cli.operator.bad_role").arg("value", s),
        code: 2,
    })
}

fn role_word(i18n: &I18n, r: Role) -> String {
    i18n.t(role_key(r)).to_string()
}

pub fn run(mut env: Env, c: Command) -> Result<(), Failure> {
    let i18n = env.i18n;
    match c {
        Command::List { json } => {
            let ops = env.desk.operators().map_err(|f| env.failed(f))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&ops).unwrap_or_default());
                return Ok(());
            }
            for o in ops {
                let state = if o.active {
                    ""
                } else {
                    i18n.t("cli.operator.removed_mark")
                };
                println!(
                    "{:<16} {:<32} {} {}",
                    sanitize(&o.username),
                    sanitize(&o.name),
                    role_word(&i18n, o.role),
                    state
                );
            }
            Ok(())
        }
        Command::Add {
            username,
            name,
            role,
        } => {
            let role = role_of(&role)?;
            let (pass, again) = ask_new_passphrase(&i18n)?;
            let op = NewOperator {
                username: &username,
                name: &name,
                pass: &pass,
                again: &again,
            };
            env.desk
                .add_operator(&env.db_path, &op, role)
                .map_err(|f| env.failed(f))?;
            let r = role_word(&i18n, role);
            println!(
                "{}",
                i18n.tf("auth.cli.added", &[("username", &username), ("role", &r)])
            );
            Ok(())
        }
        Command::Remove { username } => {
            env.desk
                .remove_operator(&env.db_path, &username)
                .map_err(|f| env.failed(f))?;
            println!(
                "{}",
                i18n.tf("auth.cli.removed", &[("username", &username)])
            );
            Ok(())
        }
        Command::Role { username, role } => {
            let role = role_of(&role)?;
            env.desk
                .set_role(&username, role)
                .map_err(|f| env.failed(f))?;
            let r = role_word(&i18n, role);
            println!(
                "{}",
                i18n.tf("auth.cli.added", &[("username", &username), ("role", &r)])
            );
            Ok(())
        }
        Command::Passphrase => {
            let old = ask_current(&i18n, ENV_PASSPHRASE, "auth.cli.prompt_pass")?;
            let (new, again) = ask_new_passphrase(&i18n)?;
            env.desk
                .change_passphrase(&env.db_path, &old, &new, &again)
                .map_err(|f| env.failed(f))?;
            println!("{}", i18n.t("auth.cli.passphrase_changed"));
            Ok(())
        }
    }
}

/// `sportello recover`: no login (every passphrase was lost).
pub fn recover(db: &std::path::Path, i18n: &I18n) -> Result<(), Failure> {
    let user = ask_username(i18n)?;
    let code = ask_current(i18n, ENV_RECOVERY, "auth.cli.prompt_code")?;
    let (new, again) = ask_new_passphrase(i18n)?;
    operators::recover(db, &code, &user, &new, &again)
        .map_err(|f| super::auth::refused(&f, i18n.lang))?;
    println!("{}", i18n.tf("auth.recovered", &[("username", &user)]));
    Ok(())
}
