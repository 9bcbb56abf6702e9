//! Forms as data: one engine describes, holds, navigates and validates any form written in
//! `assets/forms/*.toml` (compiled in). Intake is the first; orientation, skills assessment
//! and referral are new TOML files, not new code. No terminal code here: the UI draws from
//! [`FormState`] (stops, texts, cursor, issues) and calls its editing methods.

pub mod amount;
mod checks;
pub mod condition;
pub mod dates;
pub mod display;
pub mod document;
mod draft;
mod edit;
pub mod issue;
mod nav;
pub mod prefill;
mod rows;
pub mod scrub;
pub mod spec;
mod spec_check;
pub mod state;
pub mod strict;
pub mod validate;
pub mod value;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

pub use crate::lookups::Lookups;
pub use issue::{FieldPath, Issue, Severity};
pub use nav::Stop;
pub use spec::{Check, DatePrecision, FieldKind, FieldSpec, FormSpec, Label, SectionSpec};
pub use state::FormState;
pub use validate::{validate, validate_with};
pub use value::{FieldInput, Row, Values};

/// The forms compiled into the binary.
const FORMS: &[(&str, &str)] = &[
    ("intake", include_str!("../../assets/forms/intake.toml")),
    (
        "orientation",
        include_str!("../../assets/forms/orientation.toml"),
    ),
    (
        "assessment",
        include_str!("../../assets/forms/assessment.toml"),
    ),
    (
        "action_plan",
        include_str!("../../assets/forms/action_plan.toml"),
    ),
    (
        "ledger_entry",
        include_str!("../../assets/forms/ledger_entry.toml"),
    ),
    ("enrol", include_str!("../../assets/forms/enrol.toml")),
    (
        "programme",
        include_str!("../../assets/forms/programme.toml"),
    ),
    // Part 6 (case core).
    ("partner", include_str!("../../assets/forms/partner.toml")),
    ("referral", include_str!("../../assets/forms/referral.toml")),
    (
        "referral_status",
        include_str!("../../assets/forms/referral_status.toml"),
    ),
    (
        "internship",
        include_str!("../../assets/forms/internship.toml"),
    ),
    (
        "internship_status",
        include_str!("../../assets/forms/internship_status.toml"),
    ),
    (
        "internship_extend",
        include_str!("../../assets/forms/internship_extend.toml"),
    ),
    (
        "attendance",
        include_str!("../../assets/forms/attendance.toml"),
    ),
    (
        "allowance_payment",
        include_str!("../../assets/forms/allowance_payment.toml"),
    ),
    (
        "follow_up",
        include_str!("../../assets/forms/follow_up.toml"),
    ),
    (
        "follow_up_outcome",
        include_str!("../../assets/forms/follow_up_outcome.toml"),
    ),
    ("backup", include_str!("../../assets/forms/backup.toml")),
    ("closure", include_str!("../../assets/forms/closure.toml")),
    ("reopen", include_str!("../../assets/forms/reopen.toml")),
];

fn load() -> BTreeMap<&'static str, Arc<FormSpec>> {
    let mut out = BTreeMap::new();
    for (id, text) in FORMS {
        match FormSpec::from_toml(text) {
            Ok(spec) => {
                out.insert(*id, Arc::new(spec));
            }
            Err(e) => tracing::error!("form {id} is broken: {e}"),
        }
    }
    out
}

/// The compiled-in form `id`, parsed once; `None` (and a log line) when missing or broken.
pub fn form(id: &str) -> Option<Arc<FormSpec>> {
    static ALL: OnceLock<BTreeMap<&'static str, Arc<FormSpec>>> = OnceLock::new();
    ALL.get_or_init(load).get(id).cloned()
}

/// The ids of the compiled-in forms.
pub fn ids() -> impl Iterator<Item = &'static str> {
    FORMS.iter().map(|(id, _)| *id)
}

/// The intake form. A test keeps it sound; were it broken, an empty form is returned (every
/// method of [`FormState`] copes with one) and the error is logged.
pub fn intake() -> Arc<FormSpec> {
    form("intake").unwrap_or_else(|| {
        Arc::new(FormSpec {
            id: "intake".into(),
            version: 0,
            title: Label {
                it: "Accoglienza".into(),
                en: "Intake".into(),
            },
            sections: Vec::new(),
        })
    })
}
