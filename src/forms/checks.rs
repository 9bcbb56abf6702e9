//! The rules behind [`Check`]: tax code against the birth data, phone, e-mail.

use chrono::NaiveDate;

use super::issue::{FieldPath, Issue};
use super::value::FieldInput;
use crate::domain::date::parse_date;
use crate::domain::person::Sex;
use crate::domain::taxcode::{self, Mismatch, TaxCodeError};
use crate::i18n::Msg;
use crate::lookups::lookup;

/// Reads other fields' inputs by id (a row's siblings first inside a group).
pub trait Lookup {
    fn input(&self, id: &str) -> Option<&FieldInput>;
}

/// The fields a tax code is compared with.
pub struct TaxLinks<'a> {
    pub birth_date: Option<&'a str>,
    pub sex: Option<&'a str>,
    pub birth_country: Option<&'a str>,
}

/// Errors for a malformed code; warnings where it disagrees with the linked fields.
pub fn tax_code(text: &str, links: &TaxLinks, look: &dyn Lookup, path: &FieldPath) -> Vec<Issue> {
    let code = match taxcode::parse(text) {
        Ok(c) => c,
        Err(e) => {
            let mut msg = Msg::new(e.message_key());
            if let TaxCodeError::Check { expected } = e {
                msg = msg.arg("expected", expected);
            }
            return vec![Issue::error(path.clone(), msg)];
        }
    };
    let choice = |id: Option<&str>| match id.and_then(|id| look.input(id)) {
        Some(FieldInput::Choice(Some(c))) => Some(c.as_str()),
        _ => None,
    };
    let birth_date: Option<NaiveDate> = links
        .birth_date
        .and_then(|id| look.input(id))
        .and_then(|i| parse_date(i.text()).ok());
    let sex = choice(links.sex).and_then(Sex::from_code);
    let country = choice(links.birth_country);
    let italian = country == Some("IT");
    let place = match country {
        Some(c) if !italian => lookup("countries")
            .get(c)
            .and_then(|i| i.belfiore.as_deref()),
        _ => None,
    };
    let mut found = taxcode::mismatches(&code, birth_date, sex, place);
    if italian {
        // Born in Italy: the place is a municipality, never a `Z` country code.
        let foreign = taxcode::decode(&code).is_some_and(|d| d.place.starts_with('Z'));
        if foreign {
            found.push(Mismatch::BirthPlace);
        }
    }
    found
        .into_iter()
        .map(|m| Issue::warning(path.clone(), Msg::new(m.message_key())))
        .collect()
}

/// Digits and spaces with an optional leading `+`, at least six digits.
pub fn phone_ok(text: &str) -> bool {
    let t = text.trim();
    let body = t.strip_prefix('+').unwrap_or(t);
    body.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && body.chars().filter(char::is_ascii_digit).count() >= 6
}

/// `local@domain.tld`: one `@`, no spaces, a domain of at least two dot-separated labels.
pub fn email_ok(text: &str) -> bool {
    let t = text.trim();
    let Some((local, domain)) = t.split_once('@') else {
        return false;
    };
    let label_ok = |p: &str| {
        !p.is_empty()
            && !p.starts_with('-')
            && !p.ends_with('-')
            && p.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && c != '@' && c != '"')
        && domain.split('.').count() >= 2
        && domain.split('.').all(label_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in ["+39 333 1234567", "3331234567", "0341 123456", " 123456 "] {
            assert!(phone_ok(ok), "{ok}");
        }
        for bad in [
            "12345",
            "333-1234567",
            "++39 333123456",
            "39+333123456",
            "abc",
            "",
        ] {
            assert!(!phone_ok(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for ok in [
            "a@b.it",
            "nome.cognome@esempio.org",
            " x_y+z@mail.co.uk ",
            "è@posta.it",
        ] {
            assert!(email_ok(ok), "{ok}");
        }
        for bad in [
            "a@b", "@b.it", "a b@c.it", "a@@b.it", "a@b..it", "a@.b.it", "a@b.it.", ".a@b.it",
            "a@-b.it", "",
        ] {
            assert!(!email_ok(bad), "{bad}");
        }
    }
}
