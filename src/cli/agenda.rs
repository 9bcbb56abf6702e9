//! `sportello agenda`: what to act on, the most urgent first, as lines or JSON.

use chrono::NaiveDate;

use super::{Env, Failure};
use crate::domain::agenda::Kind;
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

fn day(a: &Args) -> Result<NaiveDate, Failure> {
    match &a.today {
        None => Ok(super::today()),
        Some(t) => crate::domain::date::parse_date(t).map_err(|e| Failure {
            msg: Msg::new(e.message_key()),
            code: 2,
        }),
    }
}

pub fn run(env: Env, a: Args) -> Result<(), Failure> {
    let filter = AgendaFilter {
        kinds: kinds(&a.kinds)?,
        operator: a.operator.clone(),
        horizon_days: a.days,
    };
    let today = day(&a)?;
    let ag = agenda::build(&env.store, today, &env.config, &filter)?;
    if a.json {
        let rows: Vec<_> = ag
            .items
            .iter()
            .map(|i| agenda::item_json(i, &env.i18n))
            .collect();
        println!("{}", serde_json::Value::Array(rows));
        return Ok(());
    }
    if ag.items.is_empty() {
        println!("{}", env.i18n.t("agenda.none"));
    }
    for item in &ag.items {
        println!("{}", agenda::item_line(item, &env.i18n));
    }
    if ag.truncated {
        let limit = agenda::LIMIT_PER_KIND.to_string();
        eprintln!("{}", env.i18n.tf("agenda.truncated", &[("limit", &limit)]));
    }
    Ok(())
}
