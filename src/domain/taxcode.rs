//! Italian tax codes (*codice fiscale*).
//!
//! Two shapes are accepted: the 16-character personal code (with omocodic variants, where
//! digits are replaced by letters to tell apart people who would otherwise share a code) and
//! the 11-digit provisional numeric code that asylum seekers often hold at first.

use chrono::{Datelike, NaiveDate};

use super::person::Sex;

const MONTHS: &[u8; 12] = b"ABCDEHLMPRST";
/// Letters that stand for digits 0-9 in omocodic codes.
const OMOCODIA: &[u8; 10] = b"LMNPQRSTUV";
/// Positions (0-based) of the 16-character code that hold digits, or their omocodic letters.
const DIGIT_POSITIONS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
/// Value of each character in an odd position (1st, 3rd, …) for the check character.
const ODD_VALUES: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// A well-formed tax code, normalised to upper case without spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxCode {
    /// The 16-character personal code.
    Personal(String),
    /// The 11-digit provisional numeric code.
    Provisional(String),
}

impl TaxCode {
    pub fn as_str(&self) -> &str {
        match self {
            TaxCode::Personal(s) | TaxCode::Provisional(s) => s,
        }
    }
}

/// Why a tax code was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxCodeError {
    /// Neither 16 characters nor 11 digits.
    Length,
    /// Characters out of place (a digit where a letter goes, a symbol, …).
    Pattern,
    /// The month letter is not one of A B C D E H L M P R S T.
    Month,
    /// The day is not 1-31 (men) or 41-71 (women).
    Day,
    /// The check character does not match: a typo somewhere.
    Check { expected: char },
}

impl TaxCodeError {
    pub fn message_key(&self) -> &'static str {
        match self {
            TaxCodeError::Length => "validation.tax_code.length",
            TaxCodeError::Pattern => "validation.tax_code.pattern",
            TaxCodeError::Month => "validation.tax_code.month",
            TaxCodeError::Day => "validation.tax_code.day",
            TaxCodeError::Check { .. } => "validation.tax_code.check",
        }
    }
}

/// What a 16-character code says about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The last two digits of the birth year (the century is not encoded).
    pub year2: u32,
    pub month: u32,
    pub day: u32,
    pub sex: Sex,
    /// Belfiore code of the birth place: a municipality (`F205`) or, for the foreign-born,
    /// `Z` and three digits naming the country.
    pub place: String,
}

/// A disagreement between the code and the other data typed at intake: shown as a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    BirthDate,
    Sex,
    BirthPlace,
}

impl Mismatch {
    pub fn message_key(&self) -> &'static str {
        match self {
            Mismatch::BirthDate => "validation.tax_code.mismatch_birth_date",
            Mismatch::Sex => "validation.tax_code.mismatch_sex",
            Mismatch::BirthPlace => "validation.tax_code.mismatch_birth_place",
        }
    }
}

/// Parses and verifies a typed tax code (spaces ignored, any case).
pub fn parse(input: &str) -> Result<TaxCode, TaxCodeError> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.len() == 11 && code.chars().all(|c| c.is_ascii_digit()) {
        let expected = provisional_check_digit(&code[..10]);
        return if code.as_bytes()[10] == expected {
            Ok(TaxCode::Provisional(code))
        } else {
            Err(TaxCodeError::Check {
                expected: expected as char,
            })
        };
    }
    if code.chars().count() != 16 {
        return Err(TaxCodeError::Length);
    }
    let b = code.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let ok = if DIGIT_POSITIONS.contains(&i) {
            c.is_ascii_digit() || OMOCODIA.contains(&c)
        } else {
            c.is_ascii_uppercase()
        };
        if !ok {
            return Err(TaxCodeError::Pattern);
        }
    }
    if !MONTHS.contains(&b[8]) {
        return Err(TaxCodeError::Month);
    }
    let day = two_digits(b[9], b[10]);
    if !(1..=31).contains(&day) && !(41..=71).contains(&day) {
        return Err(TaxCodeError::Day);
    }
    let expected = check_char(&b[..15]);
    if b[15] != expected {
        return Err(TaxCodeError::Check {
            expected: expected as char,
        });
    }
    Ok(TaxCode::Personal(code))
}

/// Reads birth date, sex and place from a personal code; `None` for a provisional one.
pub fn decode(code: &TaxCode) -> Option<Decoded> {
    let TaxCode::Personal(s) = code else {
        return None;
    };
    let b = s.as_bytes();
    let month = MONTHS.iter().position(|&m| m == b[8])? as u32 + 1;
    let raw_day = two_digits(b[9], b[10]);
    let (sex, day) = if raw_day > 40 {
        (Sex::F, raw_day - 40)
    } else {
        (Sex::M, raw_day)
    };
    let place: String = [
        b[11],
        de_omocode(b[12]),
        de_omocode(b[13]),
        de_omocode(b[14]),
    ]
    .iter()
    .map(|&c| c as char)
    .collect();
    Some(Decoded {
        year2: two_digits(b[6], b[7]),
        month,
        day,
        sex,
        place,
    })
}

/// Compares a code with the birth date, sex and birth-place code typed at intake. Missing
/// data is not a mismatch. `birth_place` is a Belfiore code (`Z368` for Eritrea).
pub fn mismatches(
    code: &TaxCode,
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
    birth_place: Option<&str>,
) -> Vec<Mismatch> {
    let Some(d) = decode(code) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(b) = birth_date
        && (b.year().rem_euclid(100) as u32, b.month(), b.day()) != (d.year2, d.month, d.day)
    {
        out.push(Mismatch::BirthDate);
    }
    if let Some(s) = sex
        && matches!(s, Sex::F | Sex::M)
        && s != d.sex
    {
        out.push(Mismatch::Sex);
    }
    if let Some(p) = birth_place
        && !p.eq_ignore_ascii_case(&d.place)
    {
        out.push(Mismatch::BirthPlace);
    }
    out
}

/// Builds the 16-character code from its parts (used for demo data and tests).
pub fn encode(surname: &str, given: &str, birth: NaiveDate, sex: Sex, place: &str) -> String {
    let mut s = String::with_capacity(16);
    s.push_str(&surname_part(surname));
    s.push_str(&given_part(given));
    s.push_str(&format!("{:02}", birth.year().rem_euclid(100)));
    s.push(MONTHS[birth.month0() as usize] as char);
    let day = birth.day() + if sex == Sex::F { 40 } else { 0 };
    s.push_str(&format!("{day:02}"));
    s.push_str(&place.to_ascii_uppercase());
    let check = check_char(s.as_bytes());
    s.push(check as char);
    s
}

/// Replaces the digit at the `n`-th omocodic position (counted from the right) with its
/// letter and recomputes the check character, as the tax office does for a clash.
pub fn omocode(code: &str, n: usize) -> String {
    let mut b: Vec<u8> = code.as_bytes()[..15].to_vec();
    for &pos in DIGIT_POSITIONS.iter().rev().take(n) {
        if b[pos].is_ascii_digit() {
            b[pos] = OMOCODIA[(b[pos] - b'0') as usize];
        }
    }
    let check = check_char(&b);
    b.push(check);
    String::from_utf8_lossy(&b).into_owned()
}

fn letters(s: &str) -> Vec<u8> {
    deunicode::deunicode(s)
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn is_vowel(c: u8) -> bool {
    b"AEIOU".contains(&c)
}

fn pad3(mut v: Vec<u8>) -> String {
    v.resize(3, b'X');
    String::from_utf8_lossy(&v[..3]).into_owned()
}

fn surname_part(surname: &str) -> String {
    let l = letters(surname);
    let mut v: Vec<u8> = l.iter().copied().filter(|&c| !is_vowel(c)).collect();
    v.extend(l.iter().copied().filter(|&c| is_vowel(c)));
    pad3(v)
}

fn given_part(given: &str) -> String {
    let l = letters(given);
    let cons: Vec<u8> = l.iter().copied().filter(|&c| !is_vowel(c)).collect();
    if cons.len() >= 4 {
        return pad3(vec![cons[0], cons[2], cons[3]]);
    }
    let mut v = cons;
    v.extend(l.iter().copied().filter(|&c| is_vowel(c)));
    pad3(v)
}

fn de_omocode(c: u8) -> u8 {
    match OMOCODIA.iter().position(|&o| o == c) {
        Some(i) => b'0' + i as u8,
        None => c,
    }
}

fn two_digits(a: u8, b: u8) -> u32 {
    (de_omocode(a) - b'0') as u32 * 10 + (de_omocode(b) - b'0') as u32
}

fn char_value(c: u8) -> u32 {
    if c.is_ascii_digit() {
        (c - b'0') as u32
    } else {
        (c - b'A') as u32
    }
}

fn check_char(first15: &[u8]) -> u8 {
    let sum: u32 = first15
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let v = char_value(c);
            if i % 2 == 0 {
                ODD_VALUES[v as usize]
            } else {
                v
            }
        })
        .sum();
    b'A' + (sum % 26) as u8
}

fn provisional_check_digit(first10: &str) -> u8 {
    let sum: u32 = first10
        .bytes()
        .enumerate()
        .map(|(i, c)| {
            let d = (c - b'0') as u32;
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    b'0' + ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
#[path = "taxcode_tests.rs"]
mod tests;
