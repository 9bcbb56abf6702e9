//! `sportello search QUERY`: the register's search, for scripts and checks.

use super::{Env, Failure};
use crate::domain::date::format_date;
use crate::domain::person::Count;
use crate::text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to look for: names, tax code, phone, permit number
    pub query: String,
    /// At most this many results
    #[arg(long, default_value_t = 20)]
    pub limit: u64,
    /// Print a JSON array (each with id and names)
    #[arg(long)]
    pub json: bool,
}

pub fn run(env: Env, a: Args) -> Result<(), Failure> {
    let page = env
        .desk
        .store
        .search(&a.query, 0, a.limit.min(10_000), !a.json)?;
    if a.json {
        let rows: Vec<_> = page
            .rows
            .iter()
            .map(|r| serde_json::to_value(r).unwrap_or_default())
            .collect();
        println!("{}", serde_json::Value::Array(rows));
        return Ok(());
    }
    for r in &page.rows {
        let name = r.names.first().map(String::as_str).unwrap_or("");
        let born = r.birth_date.map(format_date).unwrap_or_default();
        let code = r.tax_code.as_deref().unwrap_or("");
        println!(
            "{}  {:<40} {:<10} {}",
            r.id,
            text::clip(name, 40),
            born,
            text::sanitize(code)
        );
    }
    let total = match page.total {
        Some(Count::Exact(n)) => n.to_string(),
        Some(Count::AtLeast(n)) => format!("{n}+"),
        None => page.rows.len().to_string(),
    };
    println!("{}", env.i18n.tf("cli.search.count", &[("n", &total)]));
    Ok(())
}
