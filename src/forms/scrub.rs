//! What of a filled form may stay after the person is erased: the coded values (dates,
//! choices, numbers, amounts, yes/no), never typed text. Decided by the form's own field
//! kinds, so a field added to a form later is handled without a list to keep up to date.

use serde_json::{Map, Value};

use super::spec::{FieldKind, FieldSpec, FormSpec};

fn coded(f: &FieldSpec, v: &Value) -> Option<Value> {
    match f.kind {
        FieldKind::Text | FieldKind::LongText => None,
        FieldKind::Group => {
            let rows: Vec<Value> = v
                .as_array()?
                .iter()
                .filter_map(|row| {
                    let row = row.as_object()?;
                    let kept = keep(&f.fields, row);
                    (!kept.is_empty()).then_some(Value::Object(kept))
                })
                .collect();
            (!rows.is_empty()).then_some(Value::Array(rows))
        }
        FieldKind::Date
        | FieldKind::Choice
        | FieldKind::MultiChoice
        | FieldKind::Number
        | FieldKind::Money
        | FieldKind::YesNo => Some(v.clone()),
    }
}

fn keep(fields: &[FieldSpec], doc: &Map<String, Value>) -> Map<String, Value> {
    fields
        .iter()
        .filter_map(|f| Some((f.id.clone(), coded(f, doc.get(&f.id)?)?)))
        .collect()
}

/// The coded values of `doc`; text fields, and keys the form does not know, are dropped.
pub fn scrub(spec: &FormSpec, doc: &Map<String, Value>) -> Map<String, Value> {
    let fields: Vec<FieldSpec> = spec
        .sections
        .iter()
        .flat_map(|s| s.fields.iter().cloned())
        .collect();
    keep(&fields, doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_coded_values_stay() {
        let spec = crate::forms::intake();
        let doc = json!({
            "surname": "Tesfaye", "given_names": "Yonas", "sex": "M",
            "birth_date": "1998-07-14", "birth_place": "Asmara", "citizenship": "ER",
            "unknown_key": "secret",
        });
        let kept = scrub(&spec, doc.as_object().unwrap());
        assert_eq!(kept.get("sex"), Some(&json!("M")));
        assert_eq!(kept.get("citizenship"), Some(&json!("ER")));
        for gone in ["surname", "given_names", "birth_place", "unknown_key"] {
            assert!(!kept.contains_key(gone), "{gone}");
        }
    }
}
