//! Conditions on another field's value, for `required_when` / `required_unless`:
//! ```toml
//! required_when = { field = "consent_given", equals = true }
//! required_unless = { field = "permit_status", in = ["in_renewal", "none"] }
//! required_when = { field = "cpi_registered", filled = true }
//! ```
//! Either key may also take a list of conditions: `required_when` holds when any does,
//! `required_unless` releases the field when any does. In a group's sub-field, `field` names a
//! sibling sub-field of the same row first, then a top-level field.

use serde::Deserialize;

use super::amount::parse_number;
use super::value::FieldInput;

/// A constant a field is compared with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Text(String),
}

/// What the named field's value must be for the condition to hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// Yes/no answered this way; choice code equal; multi-choice containing it; number equal.
    Equals(Scalar),
    /// Choice code (or any multi-choice code, or trimmed text) among these.
    In(Vec<String>),
    /// The field holds something (`true`) or nothing (`false`).
    Filled(bool),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawCondition")]
pub struct Condition {
    /// The id of the field looked at.
    pub field: String,
    pub test: Test,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    field: String,
    equals: Option<Scalar>,
    #[serde(rename = "in")]
    in_: Option<Vec<String>>,
    filled: Option<bool>,
}

impl TryFrom<RawCondition> for Condition {
    type Error = String;

    fn try_from(r: RawCondition) -> Result<Condition, String> {
        let test = match (r.equals, r.in_, r.filled) {
            (Some(v), None, None) => Test::Equals(v),
            (None, Some(v), None) => Test::In(v),
            (None, None, Some(b)) => Test::Filled(b),
            _ => {
                return Err(format!(
                    "condition on `{}` needs exactly one of `equals`, `in`, `filled`",
                    r.field
                ));
            }
        };
        Ok(Condition {
            field: r.field,
            test,
        })
    }
}

impl Condition {
    /// Whether the condition holds for the named field's current input (`None`: no such
    /// value, which holds only for `filled = false`).
    pub fn holds(&self, input: Option<&FieldInput>) -> bool {
        let Some(input) = input else {
            return self.test == Test::Filled(false);
        };
        match &self.test {
            Test::Filled(b) => input.is_empty() != *b,
            Test::Equals(Scalar::Bool(b)) => matches!(input, FieldInput::Bool(Some(x)) if x == b),
            Test::Equals(Scalar::Int(n)) => match input {
                FieldInput::Text(t) => parse_number(t) == Some(*n),
                _ => false,
            },
            Test::Equals(Scalar::Text(s)) => codes(input).any(|c| c == s),
            Test::In(list) => codes(input).any(|c| list.iter().any(|l| l == c)),
        }
    }
}

/// The codes (or trimmed text) an input holds, for comparisons.
fn codes(input: &FieldInput) -> Box<dyn Iterator<Item = &str> + '_> {
    match input {
        FieldInput::Text(t) => Box::new(std::iter::once(t.trim())),
        FieldInput::Choice(Some(c)) => Box::new(std::iter::once(c.as_str())),
        FieldInput::Multi(v) => Box::new(v.iter().map(String::as_str)),
        FieldInput::Choice(None) | FieldInput::Bool(_) | FieldInput::Group(_) => {
            Box::new(std::iter::empty())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(toml_text: &str) -> Result<Condition, String> {
        #[derive(Deserialize)]
        struct W {
            c: Condition,
        }
        toml::from_str::<W>(toml_text)
            .map(|w| w.c)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn parses_each_shape_and_refuses_ambiguous_ones() {
        let c = cond(r#"c = { field = "consent_given", equals = true }"#).unwrap();
        assert_eq!(c.test, Test::Equals(Scalar::Bool(true)));
        let c = cond(r#"c = { field = "s", in = ["a", "b"] }"#).unwrap();
        assert_eq!(c.test, Test::In(vec!["a".into(), "b".into()]));
        let c = cond(r#"c = { field = "n", equals = 3 }"#).unwrap();
        assert_eq!(c.test, Test::Equals(Scalar::Int(3)));
        assert!(cond(r#"c = { field = "s", in = ["a"], equals = "a" }"#).is_err());
        assert!(cond(r#"c = { field = "s" }"#).is_err());
        assert!(cond(r#"c = { field = "s", is = "a" }"#).is_err());
    }

    #[test]
    fn holds_on_each_kind_of_input() {
        let yes = cond(r#"c = { field = "x", equals = true }"#).unwrap();
        assert!(yes.holds(Some(&FieldInput::Bool(Some(true)))));
        assert!(!yes.holds(Some(&FieldInput::Bool(Some(false)))));
        assert!(!yes.holds(Some(&FieldInput::Bool(None))));
        assert!(!yes.holds(None));

        let within = cond(r#"c = { field = "x", in = ["in_renewal", "none"] }"#).unwrap();
        assert!(within.holds(Some(&FieldInput::Choice(Some("none".into())))));
        assert!(!within.holds(Some(&FieldInput::Choice(Some("valid".into())))));
        assert!(!within.holds(Some(&FieldInput::Choice(None))));
        assert!(within.holds(Some(&FieldInput::Multi(vec!["a".into(), "none".into()]))));
        assert!(within.holds(Some(&FieldInput::Text(" none ".into()))));

        let three = cond(r#"c = { field = "x", equals = 3 }"#).unwrap();
        assert!(three.holds(Some(&FieldInput::Text("3".into()))));
        assert!(!three.holds(Some(&FieldInput::Text("three".into()))));

        let filled = cond(r#"c = { field = "x", filled = true }"#).unwrap();
        assert!(filled.holds(Some(&FieldInput::Text("a".into()))));
        assert!(!filled.holds(Some(&FieldInput::Text("  ".into()))));
        let empty = cond(r#"c = { field = "x", filled = false }"#).unwrap();
        assert!(empty.holds(None));
    }
}
