//! Raw inputs exactly as the operator typed or chose them. Nothing typed is ever lost: an
//! impossible date stays in its field, in the draft, and is flagged by validation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::spec::{FieldKind, FieldSpec, FormSpec};

/// One field's raw input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldInput {
    /// Text, long text, and the raw text of dates, numbers and money.
    Text(String),
    /// A choice: the lookup code, or nothing chosen.
    Choice(Option<String>),
    /// A multi-choice: the codes chosen, in the order chosen.
    Multi(Vec<String>),
    /// Yes/no, or not answered.
    Bool(Option<bool>),
    /// The rows of a repeated group, each sub-field id → input.
    Group(Vec<Row>),
}

/// One row of a repeated group.
pub type Row = BTreeMap<String, FieldInput>;

/// A whole form's raw inputs: top-level field id → input.
pub type Values = BTreeMap<String, FieldInput>;

impl FieldInput {
    /// The empty input of a field of this kind.
    pub fn empty(kind: FieldKind) -> FieldInput {
        match kind {
            FieldKind::Text
            | FieldKind::LongText
            | FieldKind::Date
            | FieldKind::Number
            | FieldKind::Money => FieldInput::Text(String::new()),
            FieldKind::Choice => FieldInput::Choice(None),
            FieldKind::MultiChoice => FieldInput::Multi(Vec::new()),
            FieldKind::YesNo => FieldInput::Bool(None),
            FieldKind::Group => FieldInput::Group(Vec::new()),
        }
    }

    /// Nothing typed (blank text counts as nothing), chosen or answered; a group with no row
    /// holding anything.
    pub fn is_empty(&self) -> bool {
        match self {
            FieldInput::Text(t) => t.trim().is_empty(),
            FieldInput::Choice(c) => c.is_none(),
            FieldInput::Multi(v) => v.is_empty(),
            FieldInput::Bool(b) => b.is_none(),
            FieldInput::Group(rows) => rows.iter().all(row_is_empty),
        }
    }

    /// The raw text of a typed field; `""` for other inputs.
    pub fn text(&self) -> &str {
        match self {
            FieldInput::Text(t) => t,
            _ => "",
        }
    }

    /// The input reshaped for a field of `kind` (a draft saved under an older form may hold
    /// another shape): text kept as a choice code and the reverse, nothing typed dropped.
    pub fn coerce(self, field: &FieldSpec) -> FieldInput {
        let kind = field.kind;
        match (kind, self) {
            (FieldKind::Group, FieldInput::Group(rows)) => {
                FieldInput::Group(rows.into_iter().map(|r| complete_row(field, r)).collect())
            }
            (FieldKind::Group, _) => FieldInput::Group(Vec::new()),
            (k, FieldInput::Text(t)) if k.is_typed() => FieldInput::Text(t),
            (k, FieldInput::Choice(c)) if k.is_typed() => FieldInput::Text(c.unwrap_or_default()),
            (FieldKind::Choice, c @ FieldInput::Choice(_)) => c,
            (FieldKind::Choice, FieldInput::Text(t)) => {
                FieldInput::Choice(Some(t.trim().to_string()).filter(|t| !t.is_empty()))
            }
            (FieldKind::Choice, FieldInput::Multi(v)) => FieldInput::Choice(v.into_iter().next()),
            (FieldKind::MultiChoice, m @ FieldInput::Multi(_)) => m,
            (FieldKind::MultiChoice, FieldInput::Choice(c)) => {
                FieldInput::Multi(c.into_iter().collect())
            }
            (FieldKind::YesNo, b @ FieldInput::Bool(_)) => b,
            (k, _) => FieldInput::empty(k),
        }
    }
}

/// True when no sub-field of the row holds anything.
pub fn row_is_empty(row: &Row) -> bool {
    row.values().all(FieldInput::is_empty)
}

/// A new row of `group` with every sub-field empty.
pub fn empty_row(group: &FieldSpec) -> Row {
    group
        .fields
        .iter()
        .map(|f| (f.id.clone(), FieldInput::empty(f.kind)))
        .collect()
}

/// A row holding exactly the group's sub-fields, each in the right shape.
pub fn complete_row(group: &FieldSpec, mut row: Row) -> Row {
    group
        .fields
        .iter()
        .map(|f| {
            let input = match row.remove(&f.id) {
                Some(i) => i.coerce(f),
                None => FieldInput::empty(f.kind),
            };
            (f.id.clone(), input)
        })
        .collect()
}

/// Every field of the form, empty.
pub fn empty_values(spec: &FormSpec) -> Values {
    spec.fields()
        .map(|f| (f.id.clone(), FieldInput::empty(f.kind)))
        .collect()
}

/// Exactly the form's fields, each in the right shape: missing ones empty, unknown ones
/// dropped.
pub fn complete(spec: &FormSpec, mut values: Values) -> Values {
    spec.fields()
        .map(|f| {
            let input = match values.remove(&f.id) {
                Some(i) => i.coerce(f),
                None => FieldInput::empty(f.kind),
            };
            (f.id.clone(), input)
        })
        .collect()
}
