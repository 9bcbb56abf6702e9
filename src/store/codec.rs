//! How values are written in the database: ids as their 16 bytes ([`Id`]), times as
//! milliseconds since 1970 UTC ([`At`]), dates as `YYYY-MM-DD`. Timestamps given as text
//! (journal values, older rows) are UTC RFC 3339 with milliseconds
//! (`2026-11-22T09:30:00.000Z`).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use uuid::Uuid;

use super::{StoreError, StoreResult};

/// An id as a column holds it: its 16 bytes. Read back from text too (a value the
/// rewrite to blobs left as it was).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Id(pub Uuid);

impl ToSql for Id {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Blob(self.0.as_bytes())))
    }
}

impl FromSql for Id {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        match v {
            ValueRef::Blob(b) => Uuid::from_slice(b)
                .map(Id)
                .map_err(|e| FromSqlError::Other(Box::new(e))),
            ValueRef::Text(t) => Uuid::parse_str(&String::from_utf8_lossy(t))
                .map(Id)
                .map_err(|e| FromSqlError::Other(Box::new(e))),
            _ => Err(FromSqlError::InvalidType),
        }
    }
}

/// Ids as a column holds them.
pub(crate) fn id(u: Uuid) -> Id {
    Id(u)
}

/// A time as a column holds it: milliseconds since 1970 (UTC). Read back from RFC 3339
/// text too (a value the rewrite to integers left as it was).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct At(pub DateTime<Utc>);

impl ToSql for At {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.timestamp_millis()))
    }
}

impl FromSql for At {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        match v {
            ValueRef::Integer(ms) => DateTime::<Utc>::from_timestamp_millis(ms)
                .map(At)
                .ok_or(FromSqlError::OutOfRange(ms)),
            ValueRef::Text(t) => DateTime::parse_from_rfc3339(&String::from_utf8_lossy(t))
                .map(|t| At(t.with_timezone(&Utc)))
                .map_err(|e| FromSqlError::Other(Box::new(e))),
            _ => Err(FromSqlError::InvalidType),
        }
    }
}

/// The kinds of record the journal names, by their code in `changes.entity` (the code is
/// the place in this list, from 1). Never reorder or remove one: codes are stored; a new
/// kind is appended. A kind not listed is stored as its word.
const ENTITIES: &[&str] = &[
    "person",
    "case",
    "orientation",
    "assessment",
    "action_plan",
    "closure",
    "referral",
    "internship",
    "follow_up",
    "ledger",
    "partner",
    "programme",
    "operator",
];

/// A journal line's kind of record as `changes.entity` holds it: its code, or its word
/// when it has none.
pub(crate) fn entity(word: &str) -> rusqlite::types::Value {
    match ENTITIES.iter().position(|e| *e == word) {
        Some(i) => rusqlite::types::Value::Integer(i as i64 + 1),
        None => rusqlite::types::Value::Text(word.to_string()),
    }
}

/// A kind of record read back as its word, from its code or its word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entity(pub String);

impl FromSql for Entity {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        match v {
            ValueRef::Integer(code) => usize::try_from(code - 1)
                .ok()
                .and_then(|i| ENTITIES.get(i))
                .map(|w| Entity(w.to_string()))
                .ok_or(FromSqlError::OutOfRange(code)),
            ValueRef::Text(t) => Ok(Entity(String::from_utf8_lossy(t).into_owned())),
            _ => Err(FromSqlError::InvalidType),
        }
    }
}

/// A time given as [`ts`] text, as a column holds it (the text itself when it is not
/// what [`ts`] writes).
pub(crate) fn at_text(s: &str) -> rusqlite::types::Value {
    super::compact::at(s)
}

pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse_ts(s: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Other(format!("bad timestamp {s:?}: {e}")))
}

pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn parse_date_opt(s: Option<String>) -> StoreResult<Option<NaiveDate>> {
    s.as_deref()
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|e| StoreError::Other(format!("bad date {s:?}: {e}")))
        })
        .transpose()
}

/// A `json_group_array(json_array(surname, given))` column: the (surname, given) pairs of a
/// person's names, none when the person has no name rows.
pub(crate) fn name_pairs(json: Option<String>) -> StoreResult<Vec<(String, String)>> {
    Ok(match json {
        Some(j) => serde_json::from_str(&j)?,
        None => Vec::new(),
    })
}

/// Names as the register writes them ("SURNAME Given").
pub(crate) fn displayed(pairs: &[(String, String)]) -> Vec<String> {
    pairs
        .iter()
        .map(|(s, g)| {
            crate::domain::person::PersonName {
                surname: s.clone(),
                given: g.clone(),
                kind: String::new(),
            }
            .display()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn values_round_trip() {
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 5).unwrap();
        assert_eq!(ts(t), "2026-11-22T09:30:05.000Z");
        assert_eq!(parse_ts(&ts(t)).unwrap(), t);
        let d = NaiveDate::from_ymd_opt(2004, 3, 12).unwrap();
        assert_eq!(parse_date_opt(Some(date(d))).unwrap(), Some(d));
        assert!(parse_date_opt(Some("12/03/2004".into())).is_err());
        assert!(parse_ts("yesterday").is_err());
    }

    #[test]
    fn ids_and_times_read_back_from_either_form() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let u = Uuid::now_v7();
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 5).unwrap();
        let (stored, kind): (Id, String) = c
            .query_row("SELECT ?1, typeof(?1)", [id(u)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((stored.0, kind.as_str()), (u, "blob"));
        let old: Id = c
            .query_row("SELECT ?1", [u.to_string()], |r| r.get(0))
            .unwrap();
        assert_eq!(old.0, u);
        let (back, kind): (At, String) = c
            .query_row("SELECT ?1, typeof(?1)", [At(t)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((back.0, kind.as_str()), (t, "integer"));
        let old: At = c.query_row("SELECT ?1", [ts(t)], |r| r.get(0)).unwrap();
        assert_eq!(old.0, t);
        assert!(
            c.query_row("SELECT 'nope'", [], |r| r.get::<_, Id>(0))
                .is_err()
        );
    }
}
