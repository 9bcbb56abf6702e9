//! How values are written in the database: ids as UUID text, dates as `YYYY-MM-DD`,
//! timestamps as UTC RFC 3339 with milliseconds (`2026-11-22T09:30:00.000Z`).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use uuid::Uuid;

use super::{StoreError, StoreResult};

pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse_ts(s: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Other(format!("bad timestamp {s:?}: {e}")))
}

pub(crate) fn parse_ts_opt(s: Option<String>) -> StoreResult<Option<DateTime<Utc>>> {
    s.as_deref().map(parse_ts).transpose()
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

pub(crate) fn parse_uuid(s: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(s).map_err(|e| StoreError::Other(format!("bad id {s:?}: {e}")))
}

pub(crate) fn parse_uuid_opt(s: Option<String>) -> StoreResult<Option<Uuid>> {
    s.as_deref().map(parse_uuid).transpose()
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
        let id = Uuid::now_v7();
        assert_eq!(parse_uuid(&id.to_string()).unwrap(), id);
        assert!(parse_ts("yesterday").is_err());
    }
}
