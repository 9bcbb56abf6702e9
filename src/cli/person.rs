//! `sportello person show ID` and `sportello person add --json FILE`.

use std::path::PathBuf;

use uuid::Uuid;

use super::{Env, Failure, today};
use crate::i18n::Msg;
use crate::service::people::{self, AddError};

/// Largest person file accepted: a person is a few kilobytes.
const MAX_FILE: u64 = 1 << 20;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print one person (all intake data, name variants, cases)
    Show {
        /// The person's id (as printed by `search`)
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Add one person from a JSON file (same fields and validation as the intake form)
    Add {
        /// JSON file with one person: an object keyed by intake field ids
        #[arg(long, value_name = "FILE")]
        json: PathBuf,
    },
}

pub fn run(env: Env, c: Command) -> Result<(), Failure> {
    match c {
        Command::Show { id, json } => show(env, &id, json),
        Command::Add { json } => add(env, json),
    }
}

fn show(env: Env, id: &str, json: bool) -> Result<(), Failure> {
    let uuid = Uuid::parse_str(id.trim())
        .map_err(|_| Failure::new(Msg::new("cli.bad_id").arg("value", id)))?;
    let Some(p) = env.store.person(uuid)? else {
        return Err(Failure::new(Msg::new("cli.not_found").arg("id", uuid)));
    };
    let cases = env.store.cases_for(uuid)?;
    let value = people::person_json(&p, &cases);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        for line in people::describe(&p, &env.i18n) {
            println!("{}", crate::text::sanitize(&line));
        }
    }
    Ok(())
}

fn add(mut env: Env, path: PathBuf) -> Result<(), Failure> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Failure::new(
            Msg::new("cli.file_unreadable")
                .arg("path", path.display())
                .arg("detail", e),
        )
    };
    let meta = std::fs::metadata(&path).map_err(|e| unreadable(&e))?;
    if meta.len() > MAX_FILE {
        let m = Msg::new("cli.file_too_big")
            .arg("path", path.display())
            .arg("max", MAX_FILE);
        return Err(Failure::new(m));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| unreadable(&e))?;
    let by = env.operator.clone();
    match people::add_from_json(&mut env.store, &text, today(), &by) {
        Ok(id) => {
            println!(
                "{}",
                env.i18n.tf("cli.person_saved", &[("id", &id.to_string())])
            );
            println!("{id}");
            Ok(())
        }
        Err(AddError::Json(detail)) => {
            Err(Failure::new(Msg::new("cli.bad_json").arg("detail", detail)))
        }
        Err(AddError::Invalid(issues)) => {
            for i in &issues {
                let row = i.path.row.map(|r| format!("[{r}]")).unwrap_or_default();
                let sub = i
                    .path
                    .sub
                    .as_deref()
                    .map(|s| format!(".{s}"))
                    .unwrap_or_default();
                let msg = env.i18n.msg(&i.msg);
                eprintln!(
                    "  {}{row}{sub}: {}",
                    i.path.field,
                    crate::text::sanitize(&msg)
                );
            }
            Err(Failure {
                msg: Msg::new("cli.invalid_person").arg("n", issues.len()),
                code: 3,
            })
        }
        Err(AddError::Store(e)) => Err(e.into()),
    }
}
