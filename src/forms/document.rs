//! Raw inputs ↔ the typed JSON document saved with a person (or a step).
//!
//! Text is trimmed, dates are `YYYY-MM-DD`, numbers integers, money integer cents, choices
//! their code, multi-choices arrays of codes, yes/no booleans, groups arrays of objects.
//! Empty fields (and empty group rows) leave their key out.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::amount::{format_money, parse_money, parse_number};
use super::dates;
use super::spec::{Check, FieldKind, FieldSpec, FormSpec};
use super::value::{FieldInput, Row, Values, complete_row, empty_row, row_is_empty};
use crate::domain::date::format_date;
use crate::domain::taxcode;

/// The typed document of `values`. Meant for values without errors: a value that does not
/// parse (a malformed date, say) leaves its key out rather than saving something false.
pub fn to_document(spec: &FormSpec, values: &Values) -> Map<String, Value> {
    let mut out = Map::new();
    for field in spec.fields() {
        if let Some(v) = values.get(&field.id).and_then(|i| typed(field, i)) {
            out.insert(field.id.clone(), v);
        }
    }
    out
}

/// The typed value of one input; `None` when empty or not parseable.
pub fn typed(field: &FieldSpec, input: &FieldInput) -> Option<Value> {
    if input.is_empty() {
        return None;
    }
    match (field.kind, input) {
        (FieldKind::Text | FieldKind::LongText, FieldInput::Text(t)) => {
            let t = t.trim();
            let is_tax_code = field
                .checks
                .iter()
                .any(|c| matches!(c, Check::TaxCode { .. }));
            match is_tax_code.then(|| taxcode::parse(t)) {
                Some(Ok(code)) => Some(Value::from(code.as_str())),
                _ => Some(Value::from(t)),
            }
        }
        (FieldKind::Date, FieldInput::Text(t)) => {
            dates::parse(field, t).ok().map(|d| Value::from(d.stored()))
        }
        (FieldKind::Number, FieldInput::Text(t)) => parse_number(t).map(Value::from),
        (FieldKind::Money, FieldInput::Text(t)) => parse_money(t).map(Value::from),
        (FieldKind::Choice, FieldInput::Choice(Some(c))) => Some(Value::from(c.as_str())),
        (FieldKind::MultiChoice, FieldInput::Multi(v)) => Some(Value::Array(
            v.iter().map(|c| Value::from(c.as_str())).collect(),
        )),
        (FieldKind::YesNo, FieldInput::Bool(Some(b))) => Some(Value::Bool(*b)),
        (FieldKind::Group, FieldInput::Group(rows)) => {
            let rows: Vec<Value> = rows
                .iter()
                .filter(|r| !row_is_empty(r))
                .map(|r| Value::Object(typed_row(field, r)))
                .collect();
            Some(Value::Array(rows))
        }
        _ => None,
    }
}

fn typed_row(group: &FieldSpec, row: &Row) -> Map<String, Value> {
    let mut out = Map::new();
    for sub in &group.fields {
        if let Some(v) = row.get(&sub.id).and_then(|i| typed(sub, i)) {
            out.insert(sub.id.clone(), v);
        }
    }
    out
}

/// Raw inputs for editing a saved document: every field of the form present, dates shown
/// `dd/mm/yyyy`, money `1234,56`. Keys the form does not know are ignored (see
/// [`unknown_keys`] to keep them).
pub fn from_document(spec: &FormSpec, doc: &Map<String, Value>) -> Values {
    spec.fields()
        .map(|f| {
            let input = match doc.get(&f.id) {
                Some(v) => raw(f, v),
                None => FieldInput::empty(f.kind),
            };
            (f.id.clone(), input)
        })
        .collect()
}

/// The entries of `doc` whose keys are not fields of the form (kept so that saving a record
/// under a newer form never drops what an older one recorded).
pub fn unknown_keys(spec: &FormSpec, doc: &Map<String, Value>) -> Map<String, Value> {
    doc.iter()
        .filter(|(k, _)| spec.field(k).is_none())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The raw input an operator would have typed to produce `v`.
pub fn raw(field: &FieldSpec, v: &Value) -> FieldInput {
    let as_text = || match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    match field.kind {
        FieldKind::Text | FieldKind::LongText | FieldKind::Number => FieldInput::Text(as_text()),
        FieldKind::Date => {
            let s = as_text();
            match NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
                Ok(d) => FieldInput::Text(format_date(d)),
                Err(_) => FieldInput::Text(s),
            }
        }
        FieldKind::Money => match v.as_i64() {
            Some(cents) => FieldInput::Text(format_money(cents)),
            None => FieldInput::Text(as_text()),
        },
        FieldKind::Choice => FieldInput::Choice(v.as_str().map(str::to_string)),
        FieldKind::MultiChoice => FieldInput::Multi(match v {
            Value::Array(a) => a
                .iter()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        }),
        FieldKind::YesNo => FieldInput::Bool(match v {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            _ => None,
        }),
        FieldKind::Group => FieldInput::Group(match v {
            Value::Array(a) => a
                .iter()
                .filter_map(Value::as_object)
                .map(|o| raw_row(field, o))
                .collect(),
            _ => Vec::new(),
        }),
    }
}

fn raw_row(group: &FieldSpec, obj: &Map<String, Value>) -> Row {
    let mut row = empty_row(group);
    for sub in &group.fields {
        if let Some(v) = obj.get(&sub.id) {
            row.insert(sub.id.clone(), raw(sub, v));
        }
    }
    complete_row(group, row)
}
