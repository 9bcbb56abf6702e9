//! A form's document read from a file (the command line's `person add --json`), held to what
//! the form itself accepts: every key a field of the form, every value of its field's JSON
//! type, no key twice (serde_json would keep the last one silently). What is left for the
//! form's own validation (lengths, control characters, rows, dates, lists) runs after, on the
//! same engine as the screen.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::issue::{FieldPath, Issue};
use super::spec::{FieldKind, FieldSpec, FormSpec};
use crate::i18n::Msg;

/// Why a file gave no document.
#[derive(Debug, Clone, PartialEq)]
pub enum StrictError {
    /// Not JSON, or not one object: the parser's words.
    Json(String),
    /// JSON, but not what the form takes: one issue per field.
    Invalid(Vec<Issue>),
}

/// One step into a JSON value: an object's key or an array's index.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Reads any JSON value, noting the place of every key met twice in one object (the first
/// value is kept; the document is refused anyway).
struct Reader<'a> {
    at: Vec<Seg>,
    dupes: &'a mut Vec<Vec<Seg>>,
}

impl<'de> DeserializeSeed<'de> for Reader<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Reader<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        loop {
            let mut at = self.at.clone();
            at.push(Seg::Index(out.len()));
            let seed = Reader {
                at,
                dupes: &mut *self.dupes,
            };
            match seq.next_element_seed(seed)? {
                Some(v) => out.push(v),
                None => return Ok(Value::Array(out)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let mut at = self.at.clone();
            at.push(Seg::Key(key.clone()));
            let seed = Reader {
                at: at.clone(),
                dupes: &mut *self.dupes,
            };
            let v = map.next_value_seed(seed)?;
            if out.contains_key(&key) {
                self.dupes.push(at);
            } else {
                out.insert(key, v);
            }
        }
        Ok(Value::Object(out))
    }
}

/// The field a place in the document belongs to: a top-level key, or a cell of a group row.
fn path_of(at: &[Seg]) -> FieldPath {
    match at {
        [Seg::Key(g), Seg::Index(r), Seg::Key(sub), ..] => FieldPath::cell(g, *r, sub),
        [Seg::Key(f), ..] => FieldPath::field(f),
        _ => FieldPath::default(),
    }
}

/// The catalogue key saying which JSON type `field` wants, when `v` is not of it. `null`
/// stands for "not given" everywhere.
fn wrong_type(field: &FieldSpec, v: &Value) -> Option<&'static str> {
    let ok = match (field.kind, v) {
        (_, Value::Null) => true,
        (
            FieldKind::Text | FieldKind::LongText | FieldKind::Date | FieldKind::Choice,
            Value::String(_),
        ) => true,
        (FieldKind::Number, Value::Number(n)) => n.is_i64(),
        (FieldKind::Money, Value::Number(n)) => n.is_i64(),
        (FieldKind::Number | FieldKind::Money, Value::String(_)) => true,
        (FieldKind::MultiChoice, Value::Array(a)) => a.iter().all(Value::is_string),
        (FieldKind::YesNo, Value::Bool(_)) => true,
        (FieldKind::Group, Value::Array(a)) => a.iter().all(Value::is_object),
        _ => false,
    };
    (!ok).then_some(match field.kind {
        FieldKind::Text | FieldKind::LongText | FieldKind::Date | FieldKind::Choice => {
            "forms.json.want_text"
        }
        FieldKind::Number => "forms.json.want_number",
        FieldKind::Money => "forms.json.want_cents",
        FieldKind::MultiChoice => "forms.json.want_codes",
        FieldKind::YesNo => "forms.json.want_bool",
        FieldKind::Group => "forms.json.want_rows",
    })
}

/// The issues of `doc`'s keys and JSON types against `spec` (groups' rows included).
fn shape_issues(spec: &FormSpec, doc: &Map<String, Value>) -> Vec<Issue> {
    let mut out = Vec::new();
    let unknown = |path: FieldPath, key: &str| {
        Issue::error(path, Msg::new("forms.unknown_field").arg("field", key))
    };
    for (key, v) in doc {
        let Some(field) = spec.field(key) else {
            out.push(unknown(FieldPath::field(key), key));
            continue;
        };
        if let Some(want) = wrong_type(field, v) {
            out.push(Issue::error(FieldPath::field(key), Msg::new(want)));
            continue;
        }
        let Value::Array(rows) = v else { continue };
        if field.kind != FieldKind::Group {
            continue;
        }
        // Rows past the limit are not looked into: the limit's own issue says enough.
        for (r, row) in rows.iter().take(field.row_limit()).enumerate() {
            let Value::Object(cells) = row else { continue };
            for (sub_id, cv) in cells {
                let path = FieldPath::cell(key, r, sub_id);
                match field.sub(sub_id) {
                    None => out.push(unknown(path, sub_id)),
                    Some(sub) => {
                        if let Some(want) = wrong_type(sub, cv) {
                            out.push(Issue::error(path, Msg::new(want)));
                        }
                    }
                }
            }
        }
    }
    out
}

/// Reads `text` as one document of `spec`: a JSON object whose keys are the form's fields,
/// each value of its field's type, no key twice. The form's validation is still to run on it.
pub fn read_document(spec: &FormSpec, text: &str) -> Result<Map<String, Value>, StrictError> {
    let mut dupes = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let reader = Reader {
        at: Vec::new(),
        dupes: &mut dupes,
    };
    let value = reader
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| StrictError::Json(e.to_string()))?;
    let Value::Object(doc) = value else {
        let e = serde_json::Error::custom("expected one JSON object");
        return Err(StrictError::Json(e.to_string()));
    };
    let mut issues: Vec<Issue> = dupes
        .iter()
        .map(|at| {
            let key = match at.last() {
                Some(Seg::Key(k)) => k.clone(),
                _ => String::new(),
            };
            Issue::error(
                path_of(at),
                Msg::new("forms.json.duplicate").arg("field", key),
            )
        })
        .collect();
    issues.extend(shape_issues(spec, &doc));
    if issues.is_empty() {
        Ok(doc)
    } else {
        Err(StrictError::Invalid(issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::intake;

    fn issues(text: &str) -> Vec<Issue> {
        match read_document(&intake(), text) {
            Err(StrictError::Invalid(i)) => i,
            other => panic!("expected issues, got {other:?}"),
        }
    }

    #[test]
    fn a_key_given_twice_is_refused_wherever_it_is() {
        let i = issues(r#"{"surname": "A", "given_names": "B", "surname": "C"}"#);
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].path, FieldPath::field("surname"));
        assert_eq!(i[0].msg.key, "forms.json.duplicate");
        let i = issues(
            r#"{"name_variants": [{"surname": "X", "kind": "variant"},
                                  {"surname": "Y", "surname": "Z", "kind": "variant"}]}"#,
        );
        assert_eq!(i[0].path, FieldPath::cell("name_variants", 1, "surname"));
    }

    #[test]
    fn each_field_takes_its_own_json_type() {
        let i = issues(
            r#"{"surname": ["X"], "given_names": 12, "consent_given": "yes",
                "languages": "ar", "name_variants": {"surname": "X"}}"#,
        );
        let got: Vec<(&str, &str)> = i
            .iter()
            .map(|i| (i.path.field.as_str(), i.msg.key.as_str()))
            .collect();
        assert!(
            got.contains(&("surname", "forms.json.want_text")),
            "{got:?}"
        );
        assert!(got.contains(&("given_names", "forms.json.want_text")));
        assert!(got.contains(&("consent_given", "forms.json.want_bool")));
        assert!(got.contains(&("languages", "forms.json.want_codes")));
        assert!(got.contains(&("name_variants", "forms.json.want_rows")));
        let i = issues(r#"{"name_variants": [{"surname": "X", "nickname": "Y", "given": 3}]}"#);
        assert_eq!(i.len(), 2, "{i:?}");
        assert!(i.iter().all(|i| i.path.row == Some(0)));
    }

    #[test]
    fn what_is_not_one_object_is_a_json_error() {
        for bad in ["[1]", "\"x\"", "{", "{} {}", ""] {
            assert!(
                matches!(read_document(&intake(), bad), Err(StrictError::Json(_))),
                "{bad}"
            );
        }
        let ok = read_document(&intake(), r#"{"surname": "A", "phone": null}"#).unwrap();
        assert_eq!(ok.len(), 2);
    }
}
