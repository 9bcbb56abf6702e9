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
