//! `sportello agenda`: what to act on, the most urgent first, as lines or JSON.

use chrono::NaiveDate;

use super::{Env, Failure};
use crate::domain::agenda::{Group, Kind};
use crate::i18n::Msg;
use crate::service::agenda::{self, AgendaFilter};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only items due within N days (overdue ones always show)
    #[arg(long, value_name = "N")]
    pub days: Option<i64>,
    /// Print a JSON array (each item with its person and case ids)
    #[arg(long)]
    pub json: bool,
    /// Only this kind (repeatable): follow_up, permit, patto, asylum_work, uam_conversion,
    /// referral, internship, plan_action, budget
    #[arg(long = "kind", value_name = "K")]
    pub kinds: Vec<String>,
    /// Only the cases of this operator
    #[arg(long, value_name = "NAME")]
    pub operator: Option<String>,
    /// Also list the records to check (overdue for more than 30 days); otherwise only counted
    #[arg(long)]
    pub to_check: bool,
    /// Compute the agenda as of this day (YYYY-MM-DD or dd/mm/yyyy; default: today)
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

fn kinds(codes: &[String]) -> Result<Vec<Kind>, Failure> {
    codes
        .iter()
        .map(|c| {
            Kind::from_code(c).ok_or_else(|| {
                let valid: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
                let m = Msg::new("agenda.bad_kind")
                    .arg("kind", c)
                    .arg("valid", valid.join(", "));
                Failure { msg: m, code: 2 }
            })
        })
        .collect()
}

fn day(a: &Args, env: &Env) -> Result<NaiveDate, Failure> {
    match &a.today {
        None => Ok(env.desk.today()),
        Some(t) => crate::domain::date::parse_date(t).map_err(|e| Failure {
            msg: Msg::new(e.message_key()),
            code: 2,
        }),
    }
}

/// Rows read per kind and window: a command line lists far more than a screen shows.
const CLI_LIMIT_PER_KIND: usize = 10_000;

fn heading(g: Group, n: usize, env: &Env) -> String {
    env.i18n.tf(&g.label_key(), &[("count", &n.to_string())])
}

pub fn run(env: Env, a: Args) -> Result<(), Failure> {
    let filter = AgendaFilter {
        kinds: kinds(&a.kinds)?,
        operator: a.operator.clone(),
        horizon_days: a.days,
        to_check: a.to_check,
        limit_per_kind: CLI_LIMIT_PER_KIND,
        first_rows: false,
    };
    let today = day(&a, &env)?;
    let ag = env.desk.agenda(today, &env.config, &filter)?;
    if a.json {
        let rows: Vec<_> = ag
            .items
            .iter()
            .map(|i| crate::words::agenda::item_json(i, &env.i18n))
            .collect();
        println!("{}", serde_json::Value::Array(rows));
        return Ok(());
    }
    if ag.items.is_empty() {
        println!("{}", env.i18n.t("agenda.none"));
    }
    let groups = ag.group_counts();
    let mut current = None;
    for item in &ag.items {
        let g = item.due.group();
        if current != Some(g) {
            current = Some(g);
            let n = groups.iter().find(|(x, _)| *x == g).map_or(0, |(_, n)| *n);
            println!("── {}", heading(g, n, &env));
        }
        println!("{}", crate::words::agenda::item_line(item, &env.i18n));
    }
    if ag.to_check > 0 && !a.to_check {
        println!(
            "── {} {}",
            heading(Group::ToCheck, ag.to_check, &env),
            env.i18n.t("agenda.to_check_cli")
        );
    }
    if ag.truncated {
        let limit = agenda::LIMIT_PER_KIND.to_string();
        eprintln!("{}", env.i18n.tf("agenda.truncated", &[("limit", &limit)]));
    }
    Ok(())
}
