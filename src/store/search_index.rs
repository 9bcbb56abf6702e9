//! What the register's full-text index holds for a person.
//!
//! `people_fts` is contentless: each person is one row whose rowid is their `activity_seq`,
//! with two columns. `names`: every surname and given name of every variant, plus a Latin
//! transliteration (`deunicode`) of each word that is not plain ASCII, so "isik" finds
//! "Işık" and a name written in Ge'ez script also has a Latin form. `codes`: tax codes
//! (current and past), phones as digits (with and without the Italian country code) and the
//! permit number, upper-case letters and digits only.

use rusqlite::{Connection, params};

use chrono::NaiveDate;

use super::{StoreResult, search_keys};
use crate::domain::person::PersonName;

pub(crate) fn names_text(names: &[PersonName]) -> String {
    let mut out = String::new();
    for n in names {
        for part in [&n.surname, &n.given] {
            push_word(&mut out, part);
            for word in part.split_whitespace().filter(|w| !w.is_ascii()) {
                push_word(&mut out, &deunicode::deunicode(word));
            }
        }
    }
    out
}

fn push_word(out: &mut String, w: &str) {
    let w = w.trim();
    if w.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(w);
}

/// Upper-case ASCII letters and digits only: how codes and permit numbers are compared.
pub(crate) fn alnum_upper(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The forms a phone number is indexed under: all its digits, the national number without
/// a leading 39 / 0039, and the national number with 39 in front.
pub(crate) fn phone_forms(phone: &str) -> Vec<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Vec::new();
    }
    let national = if let Some(rest) = digits.strip_prefix("0039") {
        rest.to_string()
    } else if digits.len() >= 11 && digits.starts_with("39") {
        digits[2..].to_string()
    } else {
        digits.clone()
    };
    let mut out = vec![digits];
    for f in [national.clone(), format!("39{national}")] {
        if !f.is_empty() && f != "39" && !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

pub(crate) fn codes_text<'a>(
    tax_codes: impl IntoIterator<Item = &'a str>,
    phones: &[String],
    permit_number: Option<&str>,
) -> String {
    let mut out = String::new();
    for c in tax_codes {
        push_word(&mut out, &alnum_upper(c));
    }
    for p in phones {
        for f in phone_forms(p) {
            push_word(&mut out, &f);
        }
    }
    if let Some(p) = permit_number {
        push_word(&mut out, &alnum_upper(p));
    }
    out
}

/// Indexes a person under `seq`: names and codes in `people_fts`, name keys in
/// `people_keys` (`search_keys`).
pub(crate) fn insert(
    conn: &Connection,
    seq: i64,
    names: &[PersonName],
    birth: Option<NaiveDate>,
    codes: &str,
) -> StoreResult<()> {
    let mut st =
        conn.prepare_cached("INSERT INTO people_fts (rowid, names, codes) VALUES (?1, ?2, ?3)")?;
    st.execute(params![seq, names_text(names), codes])?;
    search_keys::insert(conn, seq, &search_keys::keys_text(names, birth))
}

pub(crate) fn delete(conn: &Connection, seq: i64) -> StoreResult<()> {
    let mut st = conn.prepare_cached("DELETE FROM people_fts WHERE rowid = ?1")?;
    st.execute(params![seq])?;
    search_keys::delete(conn, seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str, g: &str) -> PersonName {
        PersonName {
            surname: s.into(),
            given: g.into(),
            kind: "document".into(),
        }
    }

    #[test]
    fn names_carry_a_latin_form_of_every_non_ascii_word() {
        let t = names_text(&[name("Işık", "Şükrü"), name("ተስፋዬ", "Yonas")]);
        assert_eq!(t, "Işık Isik Şükrü Sukru ተስፋዬ tasefaayee Yonas");
        assert_eq!(names_text(&[name("Rossi", " ")]), "Rossi");
    }

    #[test]
    fn phones_are_indexed_with_and_without_the_country_code() {
        assert_eq!(
            phone_forms("+39 333 123 4567"),
            ["393331234567", "3331234567"]
        );
        assert_eq!(
            phone_forms("0039 333 1234567"),
            ["00393331234567", "3331234567", "393331234567"]
        );
        assert_eq!(phone_forms("333-1234567"), ["3331234567", "393331234567"]);
        assert!(phone_forms("n/a").is_empty());
    }

    #[test]
    fn codes_are_upper_case_alphanumeric() {
        let t = codes_text(
            ["rssmra80a01h501u"],
            &["+39 3331234567".into()],
            Some("i-0123 456"),
        );
        assert_eq!(t, "RSSMRA80A01H501U 393331234567 3331234567 I0123456");
    }
}
