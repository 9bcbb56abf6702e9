//! `sportello demo`: a deterministic, realistic register.

use std::time::Instant;

use super::{Env, Failure};
use crate::i18n::Msg;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many people to create
    #[arg(long, default_value_t = 1000)]
    pub people: u64,
    /// Seed: the same seed gives the same people
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The passphrase of the administrator `demo` on a new database (default: demo)
    #[arg(long)]
    pub passphrase: Option<String>,
}

pub fn run(mut env: Env, a: Args) -> Result<(), Failure> {
    if a.people > 2_000_000 {
        return Err(Failure::new(
            Msg::new("cli.demo.too_many").arg("max", "2000000"),
        ));
    }
    let start = Instant::now();
    let today = env.desk.today();
    let n = crate::demo::run(&mut env.desk.store, a.people, a.seed, today)?;
    crate::service::plan::ensure_programmes(&mut env.desk.store, crate::demo::DEMO_OPERATOR)?;
    let programmes = crate::demo::programme_infos(&env.desk.store)?;
    let (partners, cases) = crate::demo::run_path(&mut env.desk.store, a.seed, today, &programmes)?;
    let secs = format!("{:.2}", start.elapsed().as_secs_f64());
    println!(
        "{}",
        env.i18n
            .tf("cli.demo.done", &[("n", &n.to_string()), ("secs", &secs)])
    );
    println!(
        "{}",
        env.i18n.tf(
            "cli.demo.paths",
            &[
                ("partners", &partners.to_string()),
                ("cases", &cases.to_string())
            ]
        )
    );
    Ok(())
}
