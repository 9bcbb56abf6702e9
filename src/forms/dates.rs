//! The value of a date field: a whole date, or a year alone where the field's precision allows
//! it (the dates of a past job, remembered by the year). Compared by the days they may cover.

use chrono::NaiveDate;

use super::spec::{DatePrecision, FieldSpec};
use crate::domain::date::{DateError, parse_date};

/// A date as typed into a date field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    Day(NaiveDate),
    /// A year alone.
    Year(i32),
}

impl DateValue {
    /// The earliest day the value may stand for.
    pub fn first_day(self) -> NaiveDate {
        match self {
            DateValue::Day(d) => d,
            DateValue::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN),
        }
    }

    /// The latest day the value may stand for.
    pub fn last_day(self) -> NaiveDate {
        match self {
            DateValue::Day(d) => d,
            DateValue::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// As saved in a document: `YYYY-MM-DD`, or `YYYY` for a year alone.
    pub fn stored(self) -> String {
        match self {
            DateValue::Day(d) => d.format("%Y-%m-%d").to_string(),
            DateValue::Year(y) => format!("{y:04}"),
        }
    }
}

/// Four digits alone: a year, in the range dates are accepted in.
fn year(text: &str) -> Option<Result<DateValue, DateError>> {
    let t = text.trim();
    if t.len() != 4 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let y: i32 = t.parse().ok()?;
    Some(if (1900..=2200).contains(&y) {
        Ok(DateValue::Year(y))
    } else {
        Err(DateError::OutOfRange)
    })
}

/// The value of `text` typed into `field`: a year alone only where the field allows it.
pub fn parse(field: &FieldSpec, text: &str) -> Result<DateValue, DateError> {
    if field.precision == DatePrecision::Year
        && let Some(y) = year(text)
    {
        return y;
    }
    parse_date(text).map(DateValue::Day)
}

/// The value of another field's text, whatever its precision (for comparisons between
/// fields); `None` when it is not a date.
pub fn parse_any(text: &str) -> Option<DateValue> {
    match year(text) {
        Some(y) => y.ok(),
        None => parse_date(text).ok().map(DateValue::Day),
    }
}

/// True when `value` lies entirely before `other` (a year before a date in a later year; a
/// year and a date in it are never "before").
pub fn before(value: DateValue, other: DateValue) -> bool {
    value.last_day() < other.first_day()
}

/// True when `value` lies entirely after `today`.
pub fn future(value: DateValue, today: NaiveDate) -> bool {
    value.first_day() > today
}

/// True when `value` lies entirely before `today`.
pub fn past(value: DateValue, today: NaiveDate) -> bool {
    value.last_day() < today
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::spec::FieldKind;

    fn field(precision: DatePrecision) -> FieldSpec {
        let text = format!(
            "id = \"d\"\nkind = \"date\"\nlabel = {{ it = \"D\", en = \"D\" }}\nprecision = \"{}\"",
            match precision {
                DatePrecision::Day => "day",
                DatePrecision::Year => "year",
            }
        );
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn a_year_alone_only_where_the_field_allows_it() {
        let y = field(DatePrecision::Year);
        assert_eq!(y.kind, FieldKind::Date);
        assert_eq!(parse(&y, " 2019 "), Ok(DateValue::Year(2019)));
        assert_eq!(
            parse(&y, "14/07/2019"),
            Ok(DateValue::Day(
                NaiveDate::from_ymd_opt(2019, 7, 14).unwrap()
            ))
        );
        assert_eq!(parse(&y, "1850"), Err(DateError::OutOfRange));
        assert!(parse(&y, "201").is_err());
        let d = field(DatePrecision::Day);
        assert_eq!(parse(&d, "2019"), Err(DateError::Format));
        assert_eq!(DateValue::Year(2019).stored(), "2019");
    }

    #[test]
    fn comparisons_use_the_days_a_value_may_cover() {
        let day = |y, m, d| DateValue::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert!(!future(DateValue::Year(2026), today));
        assert!(future(DateValue::Year(2027), today));
        assert!(!past(DateValue::Year(2026), today));
        assert!(past(DateValue::Year(2025), today));
        assert!(!before(DateValue::Year(1990), day(1990, 6, 1)));
        assert!(before(DateValue::Year(1989), day(1990, 6, 1)));
        assert!(before(day(1989, 12, 31), DateValue::Year(1990)));
        assert_eq!(parse_any("1990"), Some(DateValue::Year(1990)));
        assert_eq!(parse_any("nope"), None);
    }
}
