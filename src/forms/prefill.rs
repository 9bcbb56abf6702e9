//! What a register search typed before Ctrl+N puts into the new intake, so the operator does
//! not type it twice. Words go to the names: the first to the surname, the rest to the given
//! names (the desk's order, "ROSSI Mario", the order the register lists people in); a date
//! to the birth date, a tax code to the tax code, a phone number to the phone. Nothing is
//! guessed beyond that: every field stays editable and the duplicate check sees it at once.

use crate::domain::date::parse_date;
use crate::domain::taxcode;

/// The intake fields a search text fills, as raw text by field id, in form order.
pub fn intake_from_search(query: &str) -> Vec<(&'static str, String)> {
    let mut names: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut push = |id: &'static str, v: String| {
        if !out.iter().any(|(k, _): &(&str, String)| *k == id) {
            out.push((id, v));
        }
    };
    let whole = query.trim();
    if whole.is_empty() {
        return Vec::new();
    }
    if is_phone(whole) {
        push("phone", whole.to_string());
        return out;
    }
    for word in whole.split_whitespace() {
        if parse_date(word).is_ok() {
            push("birth_date", word.to_string());
        } else if taxcode::parse(word).is_ok() {
            push("tax_code", word.to_uppercase());
        } else if word.chars().any(char::is_alphabetic) {
            names.push(word.to_string());
        }
    }
    let mut fields = Vec::new();
    if let Some((surname, given)) = names.split_first() {
        fields.push(("surname", cased(surname)));
        if !given.is_empty() {
            let given: Vec<String> = given.iter().map(|w| cased(w)).collect();
            fields.push(("given_names", given.join(" ")));
        }
    }
    fields.extend(out);
    fields
}

/// A word typed all in lower case gets a capital ("rossi" → "Rossi"); a word with any capital
/// is kept as typed ("McDonald", "AL-HASSAN").
fn cased(word: &str) -> String {
    if word.chars().any(char::is_uppercase) {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            start = false;
        } else {
            out.push(c);
        }
        if c == '-' || c == '\'' {
            start = true;
        }
    }
    out
}

/// Digits and spaces with an optional `+`, at least six digits.
fn is_phone(s: &str) -> bool {
    super::checks::phone_ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_go_to_the_names_surname_first() {
        assert_eq!(
            intake_from_search("rossi mario"),
            vec![("surname", "Rossi".into()), ("given_names", "Mario".into())]
        );
        assert_eq!(
            intake_from_search("  AL-HASSAN  mohammed ali "),
            vec![
                ("surname", "AL-HASSAN".into()),
                ("given_names", "Mohammed Ali".into())
            ]
        );
        assert_eq!(
            intake_from_search("al-hassan d'amico"),
            vec![
                ("surname", "Al-Hassan".into()),
                ("given_names", "D'Amico".into())
            ]
        );
        assert_eq!(
            intake_from_search("tesfaye"),
            vec![("surname", "Tesfaye".into())]
        );
    }

    #[test]
    fn dates_codes_and_phones_go_to_their_fields() {
        assert_eq!(
            intake_from_search("tesfaye 14/07/1998"),
            vec![
                ("surname", "Tesfaye".into()),
                ("birth_date", "14/07/1998".into())
            ]
        );
        assert_eq!(
            intake_from_search("+39 333 1234567"),
            vec![("phone", "+39 333 1234567".into())]
        );
        let code = taxcode::encode(
            "Tesfaye",
            "Yonas",
            chrono::NaiveDate::from_ymd_opt(1998, 7, 14).unwrap(),
            crate::domain::person::Sex::M,
            "Z368",
        );
        assert_eq!(
            intake_from_search(&format!("tesfaye {}", code.to_lowercase())),
            vec![("surname", "Tesfaye".into()), ("tax_code", code.clone())]
        );
        assert!(intake_from_search("   ").is_empty());
        assert!(
            intake_from_search("12").is_empty(),
            "a stray number is no name"
        );
    }
}
