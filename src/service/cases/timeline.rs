//! A case's timeline as words: one line per journal line, "when · who · what". Form fields
//! are named by their label, never by the value typed (no personal data in the timeline).

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::{TIMELINE_LIMIT, store_msg};
use crate::forms;
use crate::i18n::{I18n, Msg};
use crate::lookups::lookup;
use crate::store::{JournalEntry, Store};

/// One line of a case's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineLine {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub by: String,
    pub entity: String,
    pub field: Option<String>,
    /// What happened, in the operator's language.
    pub text: String,
}

fn str_of<'a>(v: Option<&'a Value>, key: &str) -> &'a str {
    v.and_then(|v| v.get(key))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The label of a form (by entity name) and of one of its fields.
fn form_labels(entity: &str, field: &str, i18n: &I18n) -> Option<(String, String)> {
    let spec = forms::form(entity)?;
    let title = spec.title.get(i18n.lang).to_string();
    let label = spec
        .field(field)
        .map(|f| f.label.get(i18n.lang).to_string())
        .unwrap_or_else(|| field.to_string());
    Some((title, label))
}

/// What a journal entity is called: its form's title, else its catalogue name, else itself.
fn entity_label(entity: &str, i18n: &I18n) -> String {
    if let Some(spec) = forms::form(entity) {
        return spec.title.get(i18n.lang).to_string();
    }
    let key = format!("case.entity.{entity}");
    match i18n.t(&key) {
        t if t == key => entity.to_string(),
        t => t.to_string(),
    }
}

/// A movement of money: its kind, amount and line (amounts are not personal data).
fn money_msg(v: Option<&Value>, i18n: &I18n) -> Msg {
    let kind = str_of(v, "kind");
    let line = str_of(v, "line");
    let cents = v
        .and_then(|v| v.get("cents"))
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let label = crate::domain::programme::line_label(line, i18n.lang).unwrap_or(line.to_string());
    Msg::new("case.tl.money")
        .arg("kind", i18n.t(&format!("plan.kind.{kind}")))
        .arg("amount", crate::forms::amount::euros(cents))
        .arg("line", label)
}

/// What one journal line of a case says.
pub fn timeline_text(e: &JournalEntry, i18n: &I18n) -> String {
    let field = e.field.as_deref();
    let msg = match (e.entity.as_str(), field) {
        ("case", None) => Msg::new("case.tl.opened"),
        ("case", Some("closed")) => {
            let code = str_of(e.new_value.as_ref(), "outcome");
            let outcome = lookup("closure_outcomes").label_of(code, i18n.lang);
            Msg::new("case.tl.closed").arg("outcome", outcome)
        }
        ("case", Some("reopened")) => {
            Msg::new("case.tl.reopened").arg("reason", str_of(e.new_value.as_ref(), "reason"))
        }
        ("referral", Some("status")) => {
            let code = e.new_value.as_ref().and_then(Value::as_str).unwrap_or("");
            let status = lookup("referral_statuses").label_of(code, i18n.lang);
            Msg::new("case.tl.referral_status").arg("status", status)
        }
        ("case", Some("programme")) => Msg::new("case.tl.programme").arg(
            "code",
            e.new_value.as_ref().and_then(Value::as_str).unwrap_or(""),
        ),
        ("case", Some("operator")) => Msg::new("case.tl.operator").arg(
            "operator",
            e.new_value.as_ref().and_then(Value::as_str).unwrap_or(""),
        ),
        (entity, Some(f)) if f.starts_with("data.") => {
            let id = &f["data.".len()..];
            let (form, label) = form_labels(entity, id, i18n)
                .unwrap_or_else(|| (entity_label(entity, i18n), id.to_string()));
            let key = match (&e.old_value, &e.new_value) {
                (None, Some(_)) => "case.tl.field_added",
                (Some(_), None) => "case.tl.field_removed",
                _ => "case.tl.field_changed",
            };
            Msg::new(key).arg("form", form).arg("field", label)
        }
        ("ledger", None) => money_msg(e.new_value.as_ref(), i18n),
        (entity, None) => Msg::new("case.tl.created").arg("what", entity_label(entity, i18n)),
        (entity, Some(f)) => Msg::new("case.tl.other")
            .arg("what", entity_label(entity, i18n))
            .arg("field", f),
    };
    i18n.msg(&msg)
}

/// The newest lines of a case's timeline, newest first.
pub fn timeline(store: &Store, case: Uuid, i18n: &I18n) -> Result<Vec<TimelineLine>, Msg> {
    let lines = store
        .changes_by_case(case, TIMELINE_LIMIT)
        .map_err(store_msg)?;
    Ok(lines
        .iter()
        .map(|e| TimelineLine {
            seq: e.seq,
            at: e.at,
            by: e.by.clone(),
            entity: e.entity.clone(),
            field: e.field.clone(),
            text: timeline_text(e, i18n),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::json;

    use super::*;
    use crate::i18n::Lang;

    fn entry(
        entity: &str,
        field: Option<&str>,
        old: Option<Value>,
        new: Option<Value>,
    ) -> JournalEntry {
        JournalEntry {
            seq: 1,
            id: Uuid::nil(),
            entity: entity.into(),
            entity_id: Uuid::nil(),
            field: field.map(str::to_string),
            old_value: old,
            new_value: new,
            at: Utc::now(),
            by: "maria".into(),
        }
    }

    #[test]
    fn fields_are_named_by_label_and_values_never_shown() {
        let en = I18n::new(Lang::En);
        let e = entry(
            "closure",
            Some("data.employer"),
            Some(json!("Secret Employer srl")),
            Some(json!("Another Secret srl")),
        );
        let text = timeline_text(&e, &en);
        assert!(
            text.contains("Closure") && text.contains("Employer"),
            "{text}"
        );
        assert!(!text.contains("Secret"), "{text}");
        let added = timeline_text(
            &entry("closure", Some("data.notes"), None, Some(json!("x"))),
            &en,
        );
        assert_ne!(added, text);
    }

    #[test]
    fn case_lines_say_what_happened_in_both_languages() {
        let closed = entry(
            "case",
            Some("closed"),
            None,
            Some(json!({ "outcome": "employed" })),
        );
        assert!(timeline_text(&closed, &I18n::new(Lang::En)).contains("Employed"));
        assert!(timeline_text(&closed, &I18n::new(Lang::It)).contains("Assunto"));
        let reopened = entry(
            "case",
            Some("reopened"),
            None,
            Some(json!({ "reason": "back again" })),
        );
        assert!(timeline_text(&reopened, &I18n::new(Lang::En)).contains("back again"));
        let referral = entry("referral", None, None, Some(json!({})));
        assert_eq!(
            timeline_text(&referral, &I18n::new(Lang::It)),
            "Invio a un partner: aggiunto"
        );
        let unknown = entry("gadget", Some("size"), None, Some(json!(1)));
        assert_eq!(
            timeline_text(&unknown, &I18n::new(Lang::En)),
            "gadget: size changed"
        );
    }
}
