//! Saved values put into words for reading: a person's page, `person show`.

use serde_json::{Map, Value};

use super::amount::euros;
use super::spec::{FieldKind, FieldSpec, FormSpec};
use crate::domain::date::format_date;
use crate::i18n::{I18n, Lang};
use crate::lookups::{Lookups, resolve};

/// One field as shown: its label and its value in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub label: String,
    pub value: String,
}

/// A section and its filled fields (empty sections are left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownSection {
    pub label: String,
    pub fields: Vec<Shown>,
}

/// The label of a choice field's code in the operator's language (the code when unknown).
pub fn choice_label(field: &FieldSpec, code: &str, lang: Lang) -> String {
    choice_label_with(field, code, lang, &Lookups::new())
}

/// [`choice_label`], also looking in the run-time lists of `@` fields.
pub fn choice_label_with(field: &FieldSpec, code: &str, lang: Lang, runtime: &Lookups) -> String {
    match field.lookup.as_deref().and_then(|l| resolve(l, runtime)) {
        Some(list) => list.label_of(code, lang).to_string(),
        None => code.to_string(),
    }
}

/// The value of one field in words; `None` when empty.
pub fn value_text(field: &FieldSpec, v: &Value, i18n: &I18n) -> Option<String> {
    value_text_with(field, v, i18n, &Lookups::new())
}

/// [`value_text`], with the run-time lists of `@` fields (partner names…).
pub fn value_text_with(
    field: &FieldSpec,
    v: &Value,
    i18n: &I18n,
    runtime: &Lookups,
) -> Option<String> {
    let choice_label =
        |field: &FieldSpec, code: &str, lang: Lang| choice_label_with(field, code, lang, runtime);
    let s = match (field.kind, v) {
        (_, Value::Null) => return None,
        (FieldKind::Date, Value::String(s)) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(format_date)
            .unwrap_or_else(|_| s.clone()),
        (FieldKind::Choice, Value::String(code)) => choice_label(field, code, i18n.lang),
        (FieldKind::MultiChoice, Value::Array(codes)) => codes
            .iter()
            .filter_map(Value::as_str)
            .map(|c| choice_label(field, c, i18n.lang))
            .collect::<Vec<_>>()
            .join(", "),
        (FieldKind::YesNo, Value::Bool(b)) => i18n
            .t(if *b { "yes_no.yes" } else { "yes_no.no" })
            .to_string(),
        (FieldKind::Money, Value::Number(n)) => euros(n.as_i64().unwrap_or(0)),
        (FieldKind::Group, Value::Array(rows)) => rows
            .iter()
            .filter_map(Value::as_object)
            .map(|row| {
                field
                    .fields
                    .iter()
                    .filter_map(|sub| {
                        row.get(&sub.id)
                            .and_then(|v| value_text_with(sub, v, i18n, runtime))
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|r| !r.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    };
    (!s.trim().is_empty()).then_some(s)
}

/// Every filled field of `doc`, section by section, labels in the operator's language.
pub fn shown(spec: &FormSpec, doc: &Map<String, Value>, i18n: &I18n) -> Vec<ShownSection> {
    shown_with(spec, doc, i18n, &Lookups::new())
}

/// [`shown`], with the run-time lists of `@` fields (partner names…).
pub fn shown_with(
    spec: &FormSpec,
    doc: &Map<String, Value>,
    i18n: &I18n,
    runtime: &Lookups,
) -> Vec<ShownSection> {
    spec.sections
        .iter()
        .map(|s| ShownSection {
            label: s.label.get(i18n.lang).to_string(),
            fields: s
                .fields
                .iter()
                .filter_map(|f| {
                    let value = value_text_with(f, doc.get(&f.id)?, i18n, runtime)?;
                    Some(Shown {
                        label: f.label.get(i18n.lang).to_string(),
                        value,
                    })
                })
                .collect(),
        })
        .filter(|s| !s.fields.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_in_the_operators_language() {
        let spec = crate::forms::intake();
        let doc: Map<String, Value> = serde_json::from_value(serde_json::json!({
            "surname": "Tesfaye",
            "birth_date": "1998-07-14",
            "birth_country": "ER",
            "consent_given": true,
            "name_variants": [{"surname": "Tesfay", "given": "Yonas", "kind": "variant"}],
        }))
        .unwrap();
        let it = shown(&spec, &doc, &I18n::new(Lang::It));
        let all: Vec<&Shown> = it.iter().flat_map(|s| &s.fields).collect();
        assert!(all.iter().any(|f| f.value == "14/07/1998"));
        assert!(all.iter().any(|f| f.value == "Eritrea"));
        assert!(all.iter().any(|f| f.value == "sì"));
        assert!(all.iter().any(|f| f.value.starts_with("Tesfay Yonas")));
        let en = shown(&spec, &doc, &I18n::new(Lang::En));
        assert!(en.iter().flat_map(|s| &s.fields).any(|f| f.value == "yes"));
    }
}
