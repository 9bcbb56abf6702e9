//! Dates as operators type them: `12/03/2004`, `12-03-2004`, `12.03.2004`, `2004-03-12`.

use chrono::{Datelike, NaiveDate};

/// Why a typed date was refused. The UI turns each into a message in the operator's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of a shape we understand (letters, wrong separators, missing parts).
    Format,
    /// The year was typed with two digits: ambiguous for a birth date.
    TwoDigitYear,
    /// Shape is right but the day does not exist (31/02, 29/02/2023).
    Impossible { day: u32, month: u32, year: i32 },
    /// Before 1900 or after 2200: almost certainly a typo.
    OutOfRange,
}

impl DateError {
    /// The catalogue key of the message shown beside the field.
    pub fn message_key(&self) -> &'static str {
        match self {
            DateError::Format => "validation.date.format",
            DateError::TwoDigitYear => "validation.date.two_digit_year",
            DateError::Impossible { .. } => "validation.date.impossible",
            DateError::OutOfRange => "validation.date.out_of_range",
        }
    }
}

/// Parses a date typed by an operator. Day-first unless the first part has four digits.
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let s = input.trim();
    let parts: Vec<&str> = s
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 || parts.iter().any(|p| !p.chars().all(|c| c.is_ascii_digit())) {
        return Err(DateError::Format);
    }
    if parts.iter().any(|p| p.len() > 4) {
        return Err(DateError::Format);
    }
    let (d, m, y) = if parts[0].len() == 4 {
        (parts[2], parts[1], parts[0])
    } else {
        (parts[0], parts[1], parts[2])
    };
    if d.len() > 2 || m.len() > 2 {
        return Err(DateError::Format);
    }
    if y.len() != 4 {
        return Err(if y.len() <= 2 {
            DateError::TwoDigitYear
        } else {
            DateError::Format
        });
    }
    let (day, month, year): (u32, u32, i32) = match (d.parse(), m.parse(), y.parse()) {
        (Ok(d), Ok(m), Ok(y)) => (d, m, y),
        _ => return Err(DateError::Format),
    };
    if !(1900..=2200).contains(&year) {
        return Err(DateError::OutOfRange);
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::Impossible { day, month, year })
}

/// The display form used on every screen: `dd/mm/yyyy`.
pub fn format_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// Age in whole years on `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn accepts_the_three_shapes_operators_type() {
        assert_eq!(parse_date("12/03/2004"), Ok(ymd(2004, 3, 12)));
        assert_eq!(parse_date("12-03-2004"), Ok(ymd(2004, 3, 12)));
        assert_eq!(parse_date("2004-03-12"), Ok(ymd(2004, 3, 12)));
        assert_eq!(parse_date(" 1.3.2004 "), Ok(ymd(2004, 3, 1)));
    }

    #[test]
    fn refuses_impossible_days_and_knows_leap_years() {
        assert!(matches!(
            parse_date("31/02/2004"),
            Err(DateError::Impossible { .. })
        ));
        assert!(matches!(
            parse_date("29/02/2023"),
            Err(DateError::Impossible { .. })
        ));
        assert_eq!(parse_date("29/02/2024"), Ok(ymd(2024, 2, 29)));
        assert_eq!(parse_date("29/02/2000"), Ok(ymd(2000, 2, 29)));
        assert!(matches!(
            parse_date("29/02/1900"),
            Err(DateError::Impossible { .. })
        ));
        assert!(matches!(
            parse_date("00/01/2000"),
            Err(DateError::Impossible { .. })
        ));
        assert!(matches!(
            parse_date("12/13/2000"),
            Err(DateError::Impossible { .. })
        ));
    }

    #[test]
    fn refuses_garbage_and_ambiguous_years() {
        assert_eq!(parse_date(""), Err(DateError::Format));
        assert_eq!(parse_date("12/03"), Err(DateError::Format));
        assert_eq!(parse_date("aa/bb/cccc"), Err(DateError::Format));
        assert_eq!(parse_date("12/03/04"), Err(DateError::TwoDigitYear));
        assert_eq!(parse_date("12/03/0004"), Err(DateError::OutOfRange));
        assert_eq!(parse_date("123/03/2004"), Err(DateError::Format));
        assert_eq!(parse_date("１２/03/2004"), Err(DateError::Format));
    }

    #[test]
    fn formats_day_first_and_computes_age() {
        assert_eq!(format_date(ymd(2004, 3, 2)), "02/03/2004");
        assert_eq!(age_on(ymd(2008, 11, 23), ymd(2026, 11, 22)), 17);
        assert_eq!(age_on(ymd(2008, 11, 22), ymd(2026, 11, 22)), 18);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_round_trips(s in "\\PC{0,40}") {
            if let Ok(d) = parse_date(&s) {
                proptest::prop_assert_eq!(parse_date(&format_date(d)), Ok(d));
            }
        }
    }
}
