//! `sportello audit verify`: walks the audit trail's hash chain and reports the first entry
//! that was altered, removed, inserted or moved (exit 4), or that the chain is whole.

use super::{Env, Failure};
use crate::i18n::Msg;
use crate::store::audit::Break;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Check that no entry of the audit trail was altered, removed, inserted or reordered
    Verify {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(env: Env, c: Command) -> Result<(), Failure> {
    match c {
        Command::Verify { json } => verify(&env, json),
    }
}

/// `sportello check`: every page and index of the file, then the audit trail; exit 8 when
/// the file is damaged, 4 when only the chain breaks.
pub fn check(env: &Env) -> Result<(), Failure> {
    let checked = env.desk.check_register().map_err(|f| env.failed(f))?;
    let path = env.db_path.display().to_string();
    let v = match checked {
        Ok(v) => v,
        Err(pages) => {
            println!(
                "{}",
                env.i18n
                    .tf("store.health.pages_damaged", &[("path", &path)])
            );
            for p in &pages {
                println!("  {}", crate::text::clip(p, 200));
            }
            return Err(Failure {
                msg: Msg::new("store.health.restore_hint").arg("path", &path),
                code: 8,
            });
        }
    };
    match v.first_break {
        None => {
            let n = v.entries.to_string();
            println!(
                "{}",
                env.i18n
                    .tf("store.health.checked", &[("path", &path), ("entries", &n)])
            );
            Ok(())
        }
        Some(b) => Err(Failure {
            msg: Msg::new("store.health.audit_broken").arg("seq", break_seq(&b)),
            code: 4,
        }),
    }
}

fn break_seq(b: &Break) -> i64 {
    match *b {
        Break::Removed { seq } | Break::Reordered { seq } | Break::Altered { seq } => seq,
        Break::AnchorAltered => 0,
    }
}

fn verify(env: &Env, json: bool) -> Result<(), Failure> {
    let v = env.desk.verify_audit().map_err(|f| env.failed(f))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    let n = v.entries.to_string();
    match v.first_break {
        None => {
            if !json {
                println!("{}", env.i18n.tf("cli.audit.whole", &[("n", &n)]));
            }
            Ok(())
        }
        Some(b) => {
            let (key, seq) = match b {
                Break::Removed { seq } => ("cli.audit.removed", seq),
                Break::Reordered { seq } => ("cli.audit.reordered", seq),
                Break::Altered { seq } => ("cli.audit.altered", seq),
                Break::AnchorAltered => ("cli.audit.anchor_altered", 0),
            };
            Err(Failure {
                msg: Msg::new(key).arg("seq", seq),
                code: 4,
            })
        }
    }
}
