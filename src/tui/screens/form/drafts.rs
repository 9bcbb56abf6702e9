//! A form's draft: written within a second of each change, offered back after a crash with
//! its target rebuilt, dropped once the form is saved or discarded.

use std::time::Instant;

use serde_json::{Value, json};

use super::target;
use super::{FormScreen, INTAKE, Target};
use crate::forms::{FieldPath, FormState};
use crate::i18n::Msg;
use crate::service::people;
use crate::store::Draft;
use crate::tui::ctx::Ctx;

impl FormScreen {
    /// A form brought back from a draft left by an earlier run.
    pub fn from_draft(d: &Draft, ctx: &Ctx) -> Result<FormScreen, String> {
        let spec = crate::forms::form(&d.form).ok_or_else(|| format!("unknown form {}", d.form))?;
        let mut state = FormState::from_draft(
            spec,
            d.data.get("state").unwrap_or(&Value::Null),
            ctx.desk.today(),
        )?;
        let is_new = d
            .data
            .get("is_new")
            .and_then(Value::as_bool)
            .unwrap_or(d.subject.is_none());
        let target = if d.form == INTAKE {
            Target::Intake {
                person_id: d.subject.unwrap_or(d.id),
                opened: d
                    .data
                    .get("opened")
                    .and_then(|v| serde_json::from_value(v.clone()).ok()),
            }
        } else {
            let saved = d.data.get("target").unwrap_or(&Value::Null);
            let (target, lookups) = target::restore(&d.form, saved, ctx)
                .ok_or_else(|| format!("form {} cannot be resumed", d.form))?;
            state = state.with_lookups(lookups);
            Target::Other(target)
        };
        let mut s = FormScreen::build(state, target, is_new, d.id, ctx);
        s.draft_exists = true;
        Ok(s)
    }

    /// The draft's name for the recovery list: the names typed so far, else nothing.
    pub fn draft_label(d: &Draft, ctx: &Ctx) -> String {
        let state = crate::forms::form(&d.form).and_then(|spec| {
            FormState::from_draft(spec, d.data.get("state")?, ctx.desk.today()).ok()
        });
        let Some(state) = state else {
            return String::new();
        };
        if d.form != INTAKE {
            return state.spec().title.get(ctx.i18n.lang).to_string();
        }
        let get = |k: &str| state.text(&FieldPath::field(k)).trim().to_string();
        format!("{} {}", get("surname").to_uppercase(), get("given_names"))
            .trim()
            .to_string()
    }

    pub(super) fn write_draft(&mut self, ctx: &mut Ctx) {
        let (subject, target) = match &self.target {
            Target::Intake { person_id, opened } => (
                (!self.is_new).then_some(*person_id),
                json!({ "opened": opened }),
            ),
            Target::Other(t) => (None, t.draft()),
        };
        let draft = Draft {
            id: self.draft_id,
            form: self.state.spec().id.clone(),
            subject,
            data: json!({ "is_new": self.is_new, "state": self.state.to_draft(), "target": target }),
            updated_at: people::now(),
        };
        self.last_draft = Instant::now();
        match ctx.desk.store.put_draft(&draft) {
            Ok(()) => {
                self.draft_saved_rev = self.state.revision();
                self.draft_exists = true;
                if self.draft_failed {
                    self.draft_failed = false;
                    ctx.info(Msg::new("form.draft_saved_again"));
                }
            }
            Err(e) => {
                tracing::warn!("draft not saved: {e}");
                if !self.draft_failed {
                    ctx.warn(Msg::new("form.draft_failed").arg("detail", e.msg().key));
                }
                self.draft_failed = true;
            }
        }
    }

    pub(super) fn drop_draft(&mut self, ctx: &mut Ctx) {
        if self.draft_exists
            && let Err(e) = ctx.desk.store.delete_draft(self.draft_id)
        {
            tracing::warn!("draft not deleted: {e}");
            ctx.warn(e.msg());
        }
    }
}
