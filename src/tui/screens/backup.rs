//! The backup form (B on the agenda): a consistent copy of the database to a new file,
//! checked once written (see the backup job); the form stays open with the reason when it
//! cannot be made.

use serde_json::{Map, Value, json};

use crate::tui::ctx::Ctx;
use crate::tui::form_job::{FormJob, FormOpen};

/// The backup form, proposing a dated file beside the database.
pub fn form(ctx: &Ctx) -> FormOpen {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M");
    let proposed = ctx
        .db_path
        .with_file_name(format!("sportello-backup-{stamp}.db"));
    let doc: Map<String, Value> = [("path".to_string(), json!(proposed.display().to_string()))]
        .into_iter()
        .collect();
    FormOpen::fresh(FormJob::Backup, Some(doc))
}
