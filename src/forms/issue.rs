//! Where a problem is (a field, or a cell of a repeated group) and how bad it is.

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

/// The address of a field, or of one cell of a repeated group (`row` and `sub` set).
/// A group's own path (no row) is also its "add a row" stop and carries the group's issues.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct FieldPath {
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
}

impl FieldPath {
    /// A top-level field (or a whole group).
    pub fn field(id: impl Into<String>) -> FieldPath {
        FieldPath {
            field: id.into(),
            row: None,
            sub: None,
        }
    }

    /// The sub-field `sub` of row `row` of group `group`.
    pub fn cell(group: impl Into<String>, row: usize, sub: impl Into<String>) -> FieldPath {
        FieldPath {
            field: group.into(),
            row: Some(row),
            sub: Some(sub.into()),
        }
    }

    /// True for a group cell.
    pub fn is_cell(&self) -> bool {
        self.row.is_some() && self.sub.is_some()
    }
}

/// Errors block saving; warnings are shown and let the operator save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a form, as an i18n message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub path: FieldPath,
    pub severity: Severity,
    pub msg: Msg,
}

impl Issue {
    pub fn error(path: FieldPath, msg: Msg) -> Issue {
        Issue {
            path,
            severity: Severity::Error,
            msg,
        }
    }

    pub fn warning(path: FieldPath, msg: Msg) -> Issue {
        Issue {
            path,
            severity: Severity::Warning,
            msg,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
