//! The internship screen's forms: which form saves what (set-up, state, extension,
//! attendance, payment), the lookups they choose from, and their drafts restored.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::domain::internship;
use crate::forms::Lookups;
use crate::i18n::Msg;
use crate::lookups::{Lookup, LookupItem, lookup};
use crate::service::internships;
use crate::store::internships::Internship;
use crate::tui::ctx::Ctx;
use crate::tui::screen::AppEvent;
use crate::tui::screens::form::target::{FormTarget, OpenedAt, Restored};
use crate::words::Said;

/// Which form a target saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Edit,
    Status,
    Extend,
    Attendance,
    Pay,
}

impl Kind {
    pub(super) fn form(self) -> &'static str {
        match self {
            Kind::Edit => "internship",
            Kind::Status => "internship_status",
            Kind::Extend => "internship_extend",
            Kind::Attendance => "attendance",
            Kind::Pay => "allowance_payment",
        }
    }

    fn from_form(form: &str) -> Option<Kind> {
        [
            Kind::Edit,
            Kind::Status,
            Kind::Extend,
            Kind::Attendance,
            Kind::Pay,
        ]
        .into_iter()
        .find(|k| k.form() == form)
    }
}

pub(super) struct Target {
    pub(super) case: Uuid,
    pub(super) id: Uuid,
    pub(super) kind: Kind,
    /// The edit form refuses once to save over someone else's later save.
    pub(super) opened: OpenedAt,
}

impl FormTarget for Target {
    fn save(&mut self, doc: &Map<String, Value>, ctx: &mut Ctx) -> Result<AppEvent, Msg> {
        let lang = ctx.i18n.lang;
        let d = &mut ctx.desk;
        let words = |e: internships::InternshipError| e.msg(lang);
        match self.kind {
            Kind::Edit => {
                let (case, id) = (self.case, self.id);
                self.opened
                    .checked(|at| d.save_internship(case, id, doc, Some(at)).map_err(words))?
            }
            Kind::Status => d.internship_status(self.id, doc).map_err(words)?,
            Kind::Extend => d
                .extend_internship(self.case, self.id, doc)
                .map_err(words)?,
            Kind::Attendance => d.record_month(self.id, doc).map_err(words)?,
            Kind::Pay => {
                d.pay_month(self.id, doc).map_err(words)?;
            }
        }
        Ok(AppEvent::CaseChanged(self.case))
    }

    fn draft(&self) -> Value {
        json!({ "case": self.case, "internship": self.id })
    }
}

pub(super) fn lookups(ctx: &Ctx, current: Option<&Internship>) -> Lookups {
    let mut out = Lookups::new();
    out.insert(
        "partners".into(),
        ctx.desk.partners_lookup().unwrap_or_else(|e| {
            ctx.problem(e.msg());
            Lookup::default()
        }),
    );
    if let Some(i) = current {
        let all = lookup("internship_statuses");
        let next = i
            .status
            .next()
            .iter()
            .filter_map(|s| all.get(s.code()).cloned())
            .collect();
        out.insert("internship_next".into(), Lookup { items: next });
        let months = internship::months(i.start_on, i.planned_end_on)
            .into_iter()
            .map(|m| LookupItem {
                code: m.clone(),
                it: m.clone(),
                en: m,
                belfiore: None,
            })
            .collect();
        out.insert("internship_months".into(), Lookup { items: months });
    }
    out
}

fn uuid_at(v: &Value, k: &str) -> Option<Uuid> {
    v.get(k)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

/// Rebuilds an internship form's target from a draft.
pub fn restore(form: &str, saved: &Value, ctx: &Ctx) -> Option<Restored> {
    let kind = Kind::from_form(form)?;
    let (case, id) = (uuid_at(saved, "case")?, uuid_at(saved, "internship")?);
    let current = ctx
        .desk
        .store
        .internships_for(case)
        .map_err(|e| ctx.problem(e.msg()))
        .ok()?
        .into_iter()
        .find(|i| i.id == id);
    let l = lookups(ctx, current.as_ref());
    Some((
        Box::new(Target {
            case,
            id,
            kind,
            opened: OpenedAt::now(),
        }),
        l,
    ))
}
