//! Drafts: a form's raw inputs and focus as JSON, autosaved while the operator types so that
//! nothing is lost on a crash. Restoring a draft gives back exactly what was on screen.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::issue::FieldPath;
use super::value::Values;

/// What a draft holds. Serialised with `serde_json`; the shape is stable across versions of
/// the form (fields added later come back empty, removed ones are dropped).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Draft {
    pub form: String,
    pub version: u32,
    pub values: Values,
    /// The values the form was opened with (to tell whether anything changed).
    pub initial: Values,
    /// Keys of the edited document that the form does not know, kept for saving.
    #[serde(default)]
    pub extra: Map<String, Value>,
    #[serde(default)]
    pub focus: FieldPath,
    #[serde(default)]
    pub cursor: usize,
}

impl Draft {
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    pub fn from_value(v: &Value) -> Result<Draft, String> {
        Draft::deserialize(v).map_err(|e| format!("draft is unreadable: {e}"))
    }
}
