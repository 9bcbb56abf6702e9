//! A form's draft: written within a second of each change, offered back after a crash with
//! its job read back, dropped once the form is saved or discarded.

use std::time::Instant;

use serde_json::{Value, json};

use super::FormScreen;
use crate::forms::FormState;
use crate::i18n::Msg;
use crate::service::people;
use crate::store::Draft;
use crate::tui::ctx::Ctx;
use crate::tui::form_job::FormJob;

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
        let job = FormJob::from_draft(d)?;
        let lookups = job
            .lookups(&ctx.desk)
            .ok_or_else(|| format!("what draft {} is about is gone", d.id))?;
        state = state.with_lookups(lookups);
        let mut s = FormScreen::build(state, job, is_new, d.id, ctx);
        s.draft_exists = true;
        Ok(s)
    }

    pub(super) fn write_draft(&mut self, ctx: &mut Ctx) {
        let subject = if self.is_new {
            None
        } else {
            self.job.subject()
        };
        let target = self.job.to_draft();
        let draft = Draft {
            id: self.draft_id,
            form: self.state.spec().id.clone(),
            subject,
            data: json!({ "is_new": self.is_new, "state": self.state.to_draft(), "target": target }),
            updated_at: people::now(),
        };
        self.last_draft = Instant::now();
        match ctx.desk.put_draft(&draft) {
            Ok(()) => {
                self.draft_saved_rev = self.state.revision();
                self.draft_exists = true;
                if self.draft_failed {
                    self.draft_failed = false;
                    ctx.info(Msg::new("form.draft_saved_again"));
                }
            }
            Err(e) => {
                tracing::warn!("draft not saved: {e:?}");
                if !self.draft_failed {
                    let key = ctx.said(&e).key;
                    ctx.warn(Msg::new("form.draft_failed").arg("detail", key));
                }
                self.draft_failed = true;
            }
        }
    }

    pub(super) fn drop_draft(&mut self, ctx: &mut Ctx) {
        if self.draft_exists
            && let Err(f) = ctx.desk.delete_draft(self.draft_id)
        {
            tracing::warn!("draft not deleted: {f:?}");
            let m = ctx.said(&f);
            ctx.warn(m);
        }
    }
}
