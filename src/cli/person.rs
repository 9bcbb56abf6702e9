//! `sportello person show ID` and `sportello person add --json FILE`.

use std::path::PathBuf;

use uuid::Uuid;

use super::{Env, Failure};
use crate::domain::case::CaseSummary;
use crate::domain::date::format_date;
use crate::i18n::{I18n, Msg};
use crate::lookups::lookup;
use crate::service::desk::{Access, OpenedPerson};
use crate::service::outcome::{Failure as Refused, FormProblem, Reason};
use crate::service::people;

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
    /// Write everything held about a person (JSON and a readable document), with who saw or
    /// changed it
    Export(super::export::Args),
    /// Erase a person (GDPR): names, identifiers, contacts, free text and documents go from
    /// every table; anonymous counts stay. Administrators; every case must be closed
    Erase {
        /// The person's id
        id: String,
        /// Confirm: erasure cannot be undone
        #[arg(long)]
        yes: bool,
    },
    /// Merge two records of one person (coordinators): OTHER's names, missing facts, cases
    /// and tax codes move to SURVIVOR; OTHER is hidden and its id leads to SURVIVOR
    Merge {
        /// The record that stays
        survivor: String,
        /// The record merged into it
        other: String,
    },
    /// Undo the latest merge into SURVIVOR (possible until the next merge)
    Unmerge {
        /// The record that took the other in
        survivor: String,
    },
}

fn parse_id(id: &str) -> Result<Uuid, Failure> {
    Uuid::parse_str(id.trim()).map_err(|_| Failure::new(Msg::new("cli.bad_id").arg("value", id)))
}

fn merge(mut env: Env, survivor: &str, other: &str) -> Result<(), Failure> {
    let (s, o) = (parse_id(survivor)?, parse_id(other)?);
    env.desk.merge(s, o).map_err(|f| env.failed(f))?;
    println!(
        "{}",
        env.i18n.tf(
            "merge.cli_done",
            &[("other", &o.to_string()), ("survivor", &s.to_string())]
        )
    );
    Ok(())
}

fn unmerge(mut env: Env, survivor: &str) -> Result<(), Failure> {
    let s = parse_id(survivor)?;
    let back = env.desk.undo_merge(s).map_err(|f| env.failed(f))?;
    println!(
        "{}",
        env.i18n
            .tf("merge.cli_undone", &[("other", &back.to_string())])
    );
    Ok(())
}

fn erase(mut env: Env, id: &str, yes: bool) -> Result<(), Failure> {
    let uuid = Uuid::parse_str(id.trim())
        .map_err(|_| Failure::new(Msg::new("cli.bad_id").arg("value", id)))?;
    if !yes {
        println!("{}", env.i18n.t("gdpr.confirm"));
        return Err(Failure {
            msg: Msg::new("gdpr.needs_yes"),
            code: 3,
        });
    }
    let r = env.desk.erase(uuid).map_err(|f| env.failed(f))?;
    if !r.wal_emptied {
        eprintln!("{}", env.i18n.t("gdpr.wal_busy"));
    }
    println!(
        "{}",
        env.i18n.tf(
            "gdpr.erased",
            &[
                ("cases", &r.cases.to_string()),
                ("forms", &r.forms.to_string()),
                ("lines", &r.journal_lines.to_string()),
            ],
        )
    );
    Ok(())
}

pub fn run(env: Env, c: Command) -> Result<(), Failure> {
    match c {
        Command::Show { id, json } => show(env, &id, json),
        Command::Add { json } => add(env, json),
        Command::Export(a) => super::export::run(env, a),
        Command::Erase { id, yes } => erase(env, &id, yes),
        Command::Merge { survivor, other } => merge(env, &survivor, &other),
        Command::Unmerge { survivor } => unmerge(env, &survivor),
    }
}

fn show(mut env: Env, id: &str, json: bool) -> Result<(), Failure> {
    let uuid = parse_id(id)?;
    let opened = env.desk.open_person(uuid, Access::View);
    let Some(OpenedPerson { person: p, cases }) = opened.map_err(|f| env.failed(f))? else {
        return Err(Failure::new(Msg::new("cli.not_found").arg("id", uuid)));
    };
    let mut value = people::person_json(&p, &cases);
    if let Some(slot) = value.get_mut("cases") {
        *slot = cases_json(&cases);
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        let mut lines = crate::words::people::describe(&p, &env.i18n);
        lines.extend(cases_lines(&cases, &env.i18n));
        for line in lines {
            println!("{}", crate::text::sanitize(&line));
        }
    }
    Ok(())
}

/// The person's cases for `--json`: each summary with its current step.
fn cases_json(cases: &[CaseSummary]) -> serde_json::Value {
    let list = cases
        .iter()
        .map(|c| {
            let mut v = serde_json::to_value(c).unwrap_or_default();
            if let Some(m) = v.as_object_mut() {
                m.insert("current_step".into(), serde_json::json!(c.current_step()));
            }
            v
        })
        .collect();
    serde_json::Value::Array(list)
}

/// The person's cases as text: id, opened, open (and its step) or closed (and outcome).
fn cases_lines(cases: &[CaseSummary], i18n: &I18n) -> Vec<String> {
    let mut out = vec![String::new(), format!("[{}]", i18n.t("case.list.title"))];
    if cases.is_empty() {
        out.push(format!("  {}", i18n.t("person.no_case")));
    }
    for c in cases {
        let opened = format_date(c.opened_at.date_naive());
        let state = match c.closed_at {
            None => {
                let key = format!("step.{}", c.current_step().code());
                let now = i18n.tf("case.list.current", &[("step", i18n.t(&key))]);
                format!("{}, {now}", i18n.t("case.list.open"))
            }
            Some(at) => {
                let mut t = i18n.tf(
                    "case.list.closed",
                    &[("date", &format_date(at.date_naive()))],
                );
                if let Some(o) = &c.outcome {
                    t.push_str(", ");
                    t.push_str(lookup("closure_outcomes").label_of(o, i18n.lang));
                }
                t
            }
        };
        out.push(format!("  {}  {opened}  {state}", c.id));
    }
    out
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
    match env.desk.add_person_json(&text) {
        Ok(id) => {
            println!(
                "{}",
                env.i18n.tf("cli.person_saved", &[("id", &id.to_string())])
            );
            println!("{id}");
            Ok(())
        }
        Err(Refused::Refused(Reason::Form(FormProblem::Issues(issues)))) => {
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
        Err(f) => Err(env.failed(f)),
    }
}
