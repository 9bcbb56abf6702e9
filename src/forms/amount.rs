//! Whole numbers and euro amounts as operators type them.
//!
//! Money: `1.234,56` (Italian), `1234.56`, `1,234.56`, `€ 50`, `50€`, `12,5` are all
//! accepted and held as integer cents. A single separator followed by one or two digits is
//! the decimal one; followed by groups of three digits it separates thousands.

use crate::i18n::Lang;

/// Parses a whole number: an optional sign, digits, optionally grouped by `.` in threes.
pub fn parse_number(input: &str) -> Option<i64> {
    let s = input.trim();
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let n = grouped_integer(digits, '.')?;
    if negative { n.checked_neg() } else { Some(n) }
}

/// Parses an amount in euros into cents. Negative amounts are refused.
pub fn parse_money(input: &str) -> Option<i64> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€')
        .collect();
    let upper = compact.to_ascii_uppercase();
    let s = upper
        .strip_prefix("EUR")
        .or_else(|| upper.strip_suffix("EUR"))
        .unwrap_or(&upper);
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let (whole, fraction, thousands) = match (dots, commas) {
        (0, 0) => (s, "", '.'),
        (_, 0) | (0, _) => {
            let sep = if dots > 0 { '.' } else { ',' };
            match s.rsplit_once(sep) {
                Some((w, f)) if dots + commas == 1 && (1..=2).contains(&f.len()) => (w, f, sep),
                _ => (s, "", sep),
            }
        }
        _ => {
            // Both separators: the last one is the decimal separator and appears once.
            let last = s.rfind(['.', ',']).unwrap_or(0);
            let decimal = if s[last..].starts_with('.') { '.' } else { ',' };
            let thousands = if decimal == '.' { ',' } else { '.' };
            let (w, f) = s.split_at(last);
            if w.contains(decimal) || !(1..=2).contains(&(f.len() - 1)) {
                return None;
            }
            (w, &f[1..], thousands)
        }
    };
    let euros = if whole.is_empty() && !fraction.is_empty() {
        0
    } else {
        grouped_integer(whole, thousands)?
    };
    let cents: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse::<i64>().ok()?,
    };
    euros.checked_mul(100)?.checked_add(cents)
}

/// Cents as an operator would type them back: `1234,56`.
pub fn format_money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

/// Cents for reading, the Italian way: `€ 1.234,56`. Where the operator's language is
/// known, [`format_money_in`] writes it their way.
pub fn euros(cents: i64) -> String {
    format_money_in(Lang::It, cents)
}

/// Cents for reading in `lang`: `€ 1.234,56` in Italian, `€1,234.56` in English (a minus
/// before the sign in English, `-€1.50`, after it in Italian, `€ -1,50`).
pub fn format_money_in(lang: Lang, cents: i64) -> String {
    let (thousands, decimal) = match lang {
        Lang::It => ('.', ','),
        Lang::En => (',', '.'),
    };
    let negative = cents < 0;
    let abs = cents.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let figure = format!("{grouped}{decimal}{:02}", abs % 100);
    match (lang, negative) {
        (Lang::It, true) => format!("€ -{figure}"),
        (Lang::It, false) => format!("€ {figure}"),
        (Lang::En, true) => format!("-€{figure}"),
        (Lang::En, false) => format!("€{figure}"),
    }
}

/// Digits, either plain or grouped by `sep` in threes (`1.234.567`).
fn grouped_integer(s: &str, sep: char) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let mut groups = s.split(sep);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let plain = |g: &str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
    if !plain(first) || (!rest.is_empty() && first.len() > 3) {
        return None;
    }
    if rest.iter().any(|g| g.len() != 3 || !plain(g)) {
        return None;
    }
    let digits: String = std::iter::once(first).chain(rest).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_the_shapes_operators_type() {
        assert_eq!(parse_money("1.234,56"), Some(123_456));
        assert_eq!(parse_money("1234.56"), Some(123_456));
        assert_eq!(parse_money("1,234.56"), Some(123_456));
        assert_eq!(parse_money("€ 50"), Some(5_000));
        assert_eq!(parse_money("50€"), Some(5_000));
        assert_eq!(parse_money("EUR 5.940"), Some(594_000));
        assert_eq!(parse_money("6.781,42"), Some(678_142));
        assert_eq!(parse_money("12,5"), Some(1_250));
        assert_eq!(parse_money(",50"), Some(50));
        assert_eq!(parse_money("1.000.000"), Some(100_000_000));
        assert_eq!(parse_money("1 234,56"), Some(123_456));
        assert_eq!(parse_money("0"), Some(0));
    }

    #[test]
    fn money_refuses_garbage() {
        for bad in [
            "",
            "€",
            "abc",
            "1,2,3",
            "1.23.4",
            "12,345,6",
            "1.234.56,7,8",
            "1,234,56.00.0",
            "-5",
            "5,",
            "1.2345",
            "1,234.5.6",
            "99999999999999999999",
            "12.34,567",
        ] {
            assert_eq!(parse_money(bad), None, "{bad}");
        }
    }

    #[test]
    fn money_formats_back_and_round_trips() {
        assert_eq!(format_money(123_456), "1234,56");
        assert_eq!(format_money(5), "0,05");
        assert_eq!(format_money(-150), "-1,50");
        assert_eq!(euros(123_456), "€ 1.234,56");
        assert_eq!(euros(594_000), "€ 5.940,00");
        assert_eq!(euros(100_000_000), "€ 1.000.000,00");
        assert_eq!(euros(99_999), "€ 999,99");
        assert_eq!(euros(-150), "€ -1,50");
        assert_eq!(parse_money(&euros(678_142)), Some(678_142));
        assert_eq!(format_money_in(Lang::It, 50_000), "€ 500,00");
        assert_eq!(format_money_in(Lang::En, 50_000), "€500.00");
        assert_eq!(format_money_in(Lang::En, 123_456), "€1,234.56");
        assert_eq!(format_money_in(Lang::En, 100_000_000), "€1,000,000.00");
        assert_eq!(format_money_in(Lang::En, -150), "-€1.50");
        assert_eq!(format_money_in(Lang::It, -150), "€ -1,50");
        for lang in [Lang::It, Lang::En] {
            for cents in [0, 7, 99, 100, 123_456, 678_142, i64::MAX / 100] {
                let shown = format_money_in(lang, cents);
                assert_eq!(parse_money(&shown), Some(cents), "{shown}");
            }
        }
        for cents in [0, 1, 99, 100, 123_456, 594_000, i64::MAX / 100] {
            assert_eq!(parse_money(&format_money(cents)), Some(cents));
        }
    }

    #[test]
    fn numbers_with_sign_and_thousands() {
        assert_eq!(parse_number("42"), Some(42));
        assert_eq!(parse_number(" -7 "), Some(-7));
        assert_eq!(parse_number("+3"), Some(3));
        assert_eq!(parse_number("1.000"), Some(1000));
        assert_eq!(parse_number("1.00"), None);
        assert_eq!(parse_number("4,5"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("-"), None);
        assert_eq!(parse_number("99999999999999999999"), None);
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(s in "\\PC{0,30}|[0-9.,€ -]{0,20}") {
            let _ = parse_money(&s);
            let _ = parse_number(&s);
        }
    }
}
