//! `sportello partners [QUERY] [--json]`: the directory of the network with its figures.

use super::{Env, Failure};
use crate::lookups::lookup;
use crate::text;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words at the start of words of the name or territory (all partners when empty)
    #[arg(default_value = "")]
    pub query: String,
    /// Print a JSON array (each with id, document and figures)
    #[arg(long)]
    pub json: bool,
}

pub fn run(env: Env, a: Args) -> Result<(), Failure> {
    let rows = env.desk.directory(&a.query).map_err(|f| env.failed(f))?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
        return Ok(());
    }
    println!(
        "{:<44} {:<24} {:<16} {}",
        env.i18n.t("partners.col_name"),
        env.i18n.t("partners.col_kind"),
        env.i18n.t("partners.col_territory"),
        env.i18n.t("partners.col_figures")
    );
    for r in &rows {
        let p = &r.partner;
        let f = &r.figures;
        let median = f.median_days.map_or("–".to_string(), |d| d.to_string());
        println!(
            "{:<44} {:<24} {:<16} {:>4} {:>4} {:>4} {:>4} {:>4}",
            text::clip(&text::sanitize(&p.name), 44),
            text::clip(lookup("partner_kinds").label_of(&p.kind, env.i18n.lang), 24),
            text::clip(&text::sanitize(&p.territory), 16),
            f.sent,
            f.accepted,
            f.declined,
            f.waiting,
            median
        );
    }
    Ok(())
}
