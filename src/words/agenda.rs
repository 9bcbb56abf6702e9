//! The agenda's items in words, for `agenda` on the command line.

use serde_json::{Value, json};

use crate::domain::agenda::Item;
use crate::domain::date::format_date;
use crate::i18n::I18n;

/// One item as JSON, with its ids and its reason in the operator's language.
pub fn item_json(item: &Item, i18n: &I18n) -> Value {
    json!({
        "kind": item.kind.code(),
        "due_on": item.due.on.format("%Y-%m-%d").to_string(),
        "days": item.due.days,
        "overdue": item.due.overdue(),
        "group": item.due.group().code(),
        "person_id": item.person_id.to_string(),
        "person": item.person,
        "case_id": item.case_id.to_string(),
        "operator": item.operator,
        "reason_key": item.reason.key,
        "reason": i18n.msg(&item.reason),
    })
}

/// One item as a line of text: `dd/mm/yyyy  kind  person — reason`.
pub fn item_line(item: &Item, i18n: &I18n) -> String {
    format!(
        "{}  {}  {} — {}",
        format_date(item.due.on),
        i18n.t(&item.kind.label_key()),
        crate::text::sanitize(&item.person),
        crate::text::sanitize(&i18n.msg(&item.reason)),
    )
}
