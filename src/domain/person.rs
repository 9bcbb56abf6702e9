//! A person served by the desk: the projection of the intake document that the register
//! searches and lists. The whole intake document travels with it as JSON (`data`), so that
//! the form (data, not code) decides which fields exist.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    F,
    M,
    /// Other or not stated: no tax-code check applies.
    X,
}

impl Sex {
    pub fn from_code(code: &str) -> Option<Sex> {
        match code {
            "F" | "f" => Some(Sex::F),
            "M" | "m" => Some(Sex::M),
            "X" | "x" => Some(Sex::X),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Sex::F => "F",
            Sex::M => "M",
            Sex::X => "X",
        }
    }
}

/// One way a person's name is written: as in a document, a spelling variant, a
/// transliteration, or the name in its original script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    pub surname: String,
    pub given: String,
    /// Code from the `name_kinds` lookup: `document`, `variant`, `transliteration`, `script`.
    pub kind: String,
}

impl PersonName {
    /// "SURNAME Given", the way desks write names on files.
    pub fn display(&self) -> String {
        match (self.surname.trim(), self.given.trim()) {
            ("", g) => g.to_string(),
            (s, "") => s.to_uppercase(),
            (s, g) => format!("{} {g}", s.to_uppercase()),
        }
    }
}

/// The searchable projection of a person plus their whole intake document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRecord {
    /// UUIDv7, allocated when the intake form was opened (so a double save is one record).
    pub id: Uuid,
    /// The first name is the primary one, as written in the identity document.
    pub names: Vec<PersonName>,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
    /// ISO 3166-1 alpha-2 code from the `countries` lookup.
    pub birth_country: Option<String>,
    pub tax_code: Option<String>,
    pub phones: Vec<String>,
    pub permit_number: Option<String>,
    pub permit_expiry: Option<NaiveDate>,
    /// The intake document: field id → typed JSON value (dates `YYYY-MM-DD`, money in cents).
    pub data: serde_json::Map<String, serde_json::Value>,
}

impl PersonRecord {
    pub fn display_name(&self) -> String {
        self.names
            .first()
            .map(PersonName::display)
            .unwrap_or_default()
    }
}

/// Where a permit stands on a given day: the register, the person page (and the agenda)
/// flag the last two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermitState {
    Valid,
    /// Expires within the warning window (today included).
    Expiring,
    Expired,
}

/// The state of a permit expiring on `expiry`, seen on `today`, warning `warn_days` ahead.
pub fn permit_state(expiry: NaiveDate, today: NaiveDate, warn_days: i64) -> PermitState {
    if expiry < today {
        PermitState::Expired
    } else if (expiry - today).num_days() <= warn_days {
        PermitState::Expiring
    } else {
        PermitState::Valid
    }
}

/// A person as stored: the record plus bookkeeping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPerson {
    pub record: PersonRecord,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
}

/// One line of the register: what the list shows without loading the whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: Uuid,
    /// All name variants, the primary first, each as "SURNAME Given".
    pub names: Vec<String>,
    pub birth_date: Option<NaiveDate>,
    pub birth_country: Option<String>,
    pub tax_code: Option<String>,
    pub permit_expiry: Option<NaiveDate>,
    pub last_activity_at: DateTime<Utc>,
    /// Where the person stands: the open case's step, closed, or no case.
    #[serde(default)]
    pub case: crate::domain::case::CaseState,
}

/// How many people match a query: exact, or "at least" when counting stopped at a cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Count {
    Exact(u64),
    AtLeast(u64),
}

impl Count {
    pub fn value(self) -> u64 {
        match self {
            Count::Exact(n) | Count::AtLeast(n) => n,
        }
    }
}

/// A window of search results starting at `offset`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchPage {
    pub offset: u64,
    pub rows: Vec<PersonSummary>,
    /// `None` when the count was not asked for.
    pub total: Option<Count>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permit_state_by_days_left() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let day = |d: i64| today + chrono::Duration::days(d);
        assert_eq!(permit_state(day(-1), today, 60), PermitState::Expired);
        assert_eq!(permit_state(day(0), today, 60), PermitState::Expiring);
        assert_eq!(permit_state(day(60), today, 60), PermitState::Expiring);
        assert_eq!(permit_state(day(61), today, 60), PermitState::Valid);
    }
}
