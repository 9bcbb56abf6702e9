//! `sportello retention [--json]`: cases closed longer ago than `retention_months` (the
//! configuration), oldest first, for the administrator to erase.

use chrono::Months;

use super::{Env, Failure};
use crate::domain::date::format_date;
use crate::lookups::lookup;
use crate::text::sanitize;

/// How many cases one listing shows.
const PAGE: usize = 500;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
    /// Erase the people listed (those with no open case), after the listing
    #[arg(long)]
    pub erase: bool,
    /// Confirm the erasure: it cannot be undone
    #[arg(long)]
    pub yes: bool,
}

/// Erases every person listed who has no open case; returns how many.
fn erase_listed(env: &mut Env, rows: &[crate::store::Expired]) -> Result<usize, Failure> {
    let mut people: Vec<uuid::Uuid> = rows
        .iter()
        .filter(|r| !r.person_active)
        .map(|r| r.person_id)
        .collect();
    people.sort();
    people.dedup();
    env.desk.erase_all(&people).map_err(|f| env.failed(f))
}

pub fn run(mut env: Env, a: Args) -> Result<(), Failure> {
    let months = u32::try_from(env.config.retention_months).unwrap_or(60);
    let cutoff_day = env
        .desk
        .today()
        .checked_sub_months(Months::new(months))
        .unwrap_or_default();
    let cutoff = cutoff_day
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc();
    let closed = env.desk.closed_before(cutoff, PAGE);
    let (rows, total) = closed.map_err(|f| env.failed(f))?;
    if a.json {
        let v = serde_json::json!({ "cutoff": cutoff_day, "total": total, "cases": rows });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(());
    }
    println!(
        "{}",
        env.i18n.tf(
            "cli.retention.head",
            &[
                ("n", &total.to_string()),
                ("date", &format_date(cutoff_day))
            ],
        )
    );
    for r in &rows {
        let outcome = r
            .outcome
            .as_deref()
            .map(|o| lookup("closure_outcomes").label_of(o, env.i18n.lang))
            .unwrap_or_default();
        let active = if r.person_active {
            env.i18n.t("cli.retention.active")
        } else {
            ""
        };
        println!(
            "{}  {}  {:<36} {}  {}",
            format_date(r.closed_at.date_naive()),
            r.case_id,
            sanitize(&r.person),
            outcome,
            active
        );
    }
    if a.erase {
        if !a.yes {
            return Err(Failure {
                msg: crate::i18n::Msg::new("gdpr.needs_yes"),
                code: 3,
            });
        }
        let n = erase_listed(&mut env, &rows)?;
        println!(
            "{}",
            env.i18n
                .tf("cli.retention.erased", &[("n", &n.to_string())])
        );
    }
    Ok(())
}
