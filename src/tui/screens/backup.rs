//! The backup form (B on the agenda): a consistent copy of the database to a new file,
//! checked once written; the form stays open with the reason when it cannot be made.

use std::path::PathBuf;

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::forms::Lookups;
use crate::i18n::Msg;
use crate::tui::ctx::Ctx;
use crate::tui::screen::{AppEvent, Screen};
use crate::tui::screens::form::FormScreen;
use crate::tui::screens::form::target::{FormTarget, Restored};

struct BackupTarget;

impl FormTarget for BackupTarget {
    fn save(&mut self, doc: &Map<String, Value>, ctx: &mut Ctx) -> Result<AppEvent, Msg> {
        let raw = doc
            .get("path")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim();
        let path = expand_home(raw);
        let info = crate::service::backup::backup(
            &ctx.desk.store,
            &ctx.db_path,
            &path,
            ctx.desk.operator(),
        )?;
        let mb = format!("{:.1}", info.bytes as f64 / 1e6);
        ctx.info(
            Msg::new("cli.backup.done")
                .arg("path", info.path.display())
                .arg("people", info.people)
                .arg("mb", mb),
        );
        // Nothing of a case changed: the screens below need no reload.
        Ok(AppEvent::CaseChanged(Uuid::nil()))
    }

    fn draft(&self) -> Value {
        json!({})
    }
}

/// `~/x` as the operator means it.
fn expand_home(raw: &str) -> PathBuf {
    match (raw.strip_prefix("~/"), directories::UserDirs::new()) {
        (Some(rest), Some(u)) => u.home_dir().join(rest),
        _ => PathBuf::from(raw),
    }
}

/// Rebuilds the backup form's target from a draft.
pub fn restore(form: &str) -> Option<Restored> {
    (form == "backup").then(|| {
        (
            Box::new(BackupTarget) as Box<dyn FormTarget>,
            Lookups::new(),
        )
    })
}

/// The backup form, proposing a dated file beside the database.
pub fn open(ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M");
    let proposed = ctx
        .db_path
        .with_file_name(format!("sportello-backup-{stamp}.db"));
    let doc: Map<String, Value> = [("path".to_string(), json!(proposed.display().to_string()))]
        .into_iter()
        .collect();
    FormScreen::for_target(
        "backup",
        Some(&doc),
        Lookups::new(),
        Box::new(BackupTarget),
        ctx,
    )
    .map(|f| Box::new(f.as_new()) as Box<dyn Screen>)
}
