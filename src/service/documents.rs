//! Form documents decoded once, at the service boundary, into typed values: a verb reads
//! `doc.start_on`, not `doc.get("start_on").and_then(…)`. Each typed value names its form;
//! a test reads every value's fields against its file in `assets/forms` (the field exists,
//! its kind fits what is read).
//!
//! Decoding never fails: a missing, blank or unreadable value is `None` (or empty text), and
//! the verb decides whether that refuses. The form's own validation runs before.

mod kinds;
#[cfg(test)]
mod tests;

use std::cell::RefCell;

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

pub use kinds::*;

/// What a typed value reads a field as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// Text or a choice's code.
    Text,
    Date,
    /// A whole number (hours, cents).
    Int,
    Flag,
    /// The rows of a group.
    Rows,
}

/// A document being decoded: reads its fields by kind and keeps which it read (for the
/// test against the form file).
pub struct Doc<'a> {
    map: &'a Map<String, Value>,
    /// The group a row belongs to, for the names of what is read.
    group: Option<&'static str>,
    reads: RefCell<Vec<(String, Read)>>,
}

impl<'a> Doc<'a> {
    pub fn new(map: &'a Map<String, Value>) -> Doc<'a> {
        Doc {
            map,
            group: None,
            reads: RefCell::new(Vec::new()),
        }
    }

    fn note(&self, key: &str, how: Read) {
        let name = match self.group {
            Some(g) => format!("{g}.{key}"),
            None => key.to_string(),
        };
        self.reads.borrow_mut().push((name, how));
    }

    /// The fields read so far, with how.
    pub fn reads(&self) -> Vec<(String, Read)> {
        self.reads.borrow().clone()
    }

    /// Trimmed text; empty when missing or not text.
    pub fn text(&self, key: &str) -> String {
        self.note(key, Read::Text);
        self.map
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    }

    /// Trimmed text, `None` when missing or blank.
    pub fn opt_text(&self, key: &str) -> Option<String> {
        Some(self.text(key)).filter(|t| !t.is_empty())
    }

    /// A date stored `YYYY-MM-DD`.
    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        self.note(key, Read::Date);
        self.map
            .get(key)
            .and_then(Value::as_str)
            .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
    }

    /// A whole number (hours, days, cents).
    pub fn int(&self, key: &str) -> Option<i64> {
        self.note(key, Read::Int);
        self.map.get(key).and_then(Value::as_i64)
    }

    /// Yes (`true`) or anything else.
    pub fn flag(&self, key: &str) -> bool {
        self.note(key, Read::Flag);
        self.map.get(key).and_then(Value::as_bool).unwrap_or(false)
    }

    /// A choice whose code is an id (partners, hosts).
    pub fn id(&self, key: &str) -> Option<Uuid> {
        Uuid::parse_str(&self.text(key)).ok()
    }

    /// Each row of the group `key`, read by `each`. The names read in a row are noted
    /// `key.sub` (read once on an empty row, so an empty group still names them).
    pub fn rows<T>(&self, key: &'static str, each: impl Fn(&Doc<'_>) -> T) -> Vec<T> {
        self.note(key, Read::Rows);
        let empty = Map::new();
        let probe = Doc {
            map: &empty,
            group: Some(key),
            reads: RefCell::new(Vec::new()),
        };
        each(&probe);
        self.reads.borrow_mut().extend(probe.reads());
        let rows = self.map.get(key).and_then(Value::as_array);
        rows.into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(|row| {
                each(&Doc {
                    map: row,
                    group: Some(key),
                    reads: RefCell::new(Vec::new()),
                })
            })
            .collect()
    }
}

/// A typed value read from a document of the form `FORM`.
pub trait FromDoc: Sized {
    const FORM: &'static str;
    fn read(doc: &Doc<'_>) -> Self;
}

/// Decodes a form document into its typed value.
pub fn decode<T: FromDoc>(map: &Map<String, Value>) -> T {
    T::read(&Doc::new(map))
}
