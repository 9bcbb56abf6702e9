//! Two records of one person made one: what the surviving record's intake document becomes.
//! The other record's names join the survivor's as variants (unless the survivor already
//! has them, script and spelling aside), and every fact the survivor lacks is taken from the
//! other; where both have a value the survivor's stays (the other's is still on its own
//! record, kept hidden and findable by its id).

use serde_json::{Map, Value};

use super::names;

/// The most name variants a record holds (the intake form's limit).
pub const MAX_VARIANTS: usize = 20;

fn text(doc: &Map<String, Value>, key: &str) -> String {
    doc.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        _ => false,
    }
}

/// Every name of a document: (surname, given names), the document's own first.
pub fn names_of(doc: &Map<String, Value>) -> Vec<(String, String)> {
    let mut v = vec![(text(doc, "surname"), text(doc, "given_names"))];
    if let Some(rows) = doc.get("name_variants").and_then(Value::as_array) {
        for r in rows.iter().filter_map(Value::as_object) {
            v.push((text(r, "surname"), text(r, "given")));
        }
    }
    v.retain(|(s, g)| !s.is_empty() || !g.is_empty());
    v
}

fn same_name(a: &(String, String), b: &(String, String)) -> bool {
    names::similarity(&format!("{} {}", a.0, a.1), &format!("{} {}", b.0, b.1)) >= 0.999
}

/// The survivor's document after taking in `other`.
pub fn merged_document(
    keep: &Map<String, Value>,
    other: &Map<String, Value>,
) -> Map<String, Value> {
    let mut out = keep.clone();
    let mut known = names_of(keep);
    let mut variants: Vec<Value> = keep
        .get("name_variants")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for n in names_of(other) {
        if known.iter().any(|k| same_name(k, &n)) || variants.len() >= MAX_VARIANTS {
            continue;
        }
        let mut row = Map::new();
        row.insert("surname".into(), Value::String(n.0.clone()));
        row.insert("given".into(), Value::String(n.1.clone()));
        row.insert("kind".into(), Value::String("variant".into()));
        variants.push(Value::Object(row));
        known.push(n);
    }
    if !variants.is_empty() {
        out.insert("name_variants".into(), Value::Array(variants));
    }
    // A second phone goes where the survivor has room for it.
    let phone = text(other, "phone");
    if !phone.is_empty()
        && !text(keep, "phone").is_empty()
        && text(keep, "phone") != phone
        && is_blank(keep.get("phone_alt"))
    {
        out.insert("phone_alt".into(), Value::String(phone));
    }
    for (k, v) in other {
        if matches!(k.as_str(), "surname" | "given_names" | "name_variants") {
            continue;
        }
        if is_blank(out.get(k)) && !is_blank(Some(v)) {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn names_join_as_variants_and_missing_facts_are_filled() {
        let keep = doc(json!({"surname": "AL-HASSAN", "given_names": "Mohammed",
            "phone": "3331112222", "birth_date": "1990-01-01", "email": ""}));
        let other = doc(json!({"surname": "Alhassan", "given_names": "Mohamed",
            "phone": "3339998888", "email": "m@example.org", "birth_date": "1991-01-01",
            "tax_code": "LHSMMD90A01Z336X",
            "name_variants": [{"surname": "الحسن", "given": "محمد", "kind": "script"},
                              {"surname": "Al-Hassan", "given": "Mohammed", "kind": "variant"}]}));
        let m = merged_document(&keep, &other);
        let names = names_of(&m);
        assert_eq!(names.len(), 3, "{names:?}");
        assert_eq!(names[1], ("Alhassan".into(), "Mohamed".into()));
        assert_eq!(m["phone"], "3331112222");
        assert_eq!(m["phone_alt"], "3339998888");
        assert_eq!(m["email"], "m@example.org");
        assert_eq!(m["birth_date"], "1990-01-01", "the survivor's value stays");
        assert_eq!(m["tax_code"], "LHSMMD90A01Z336X");
    }

    #[test]
    fn variants_stop_at_the_forms_limit() {
        let keep = doc(json!({"surname": "A", "given_names": "B"}));
        let rows: Vec<Value> = (0..40)
            .map(|i| json!({"surname": format!("X{i}"), "given": "Y", "kind": "variant"}))
            .collect();
        let other = doc(json!({"surname": "C", "given_names": "D", "name_variants": rows}));
        let m = merged_document(&keep, &other);
        assert_eq!(
            m["name_variants"].as_array().map(Vec::len),
            Some(MAX_VARIANTS)
        );
    }
}
