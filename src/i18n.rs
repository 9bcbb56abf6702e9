//! Every UI string comes from the catalogues in `assets/i18n/<lang>/*.toml`.
//!
//! Catalogue files are TOML; nested tables flatten into dotted keys
//! (`[register] title = "…"` is `register.title`). Placeholders are `{name}`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    It,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "it" => Some(Lang::It),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language named by a locale string such as `en_GB.UTF-8` or `it_IT`.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let head: String = locale
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        Lang::from_code(&head)
    }
}

/// Compiles in `assets/i18n/it/<area>.toml` and `assets/i18n/en/<area>.toml` per area.
macro_rules! catalogues {
    ($($area:literal),* $(,)?) => {
        &[$((
            $area,
            include_str!(concat!("../assets/i18n/it/", $area, ".toml")),
            include_str!(concat!("../assets/i18n/en/", $area, ".toml")),
        )),*]
    };
}

/// The catalogue files, one pair per area of the app.
const FILES: &[(&str, &str, &str)] = catalogues![
    "common",
    "validation",
    "ui",
    "cli",
    "forms",
    "store",
    "case",
    "plan",
    "partners",
    "internship",
    "agenda",
    "auth",
    "merge"
];

pub type Catalog = BTreeMap<String, String>;

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalog) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

fn load(lang: Lang) -> Catalog {
    let mut out = Catalog::new();
    for (area, it, en) in FILES {
        let text = if lang == Lang::It { it } else { en };
        match text.parse::<toml::Table>() {
            Ok(t) => flatten("", &t, &mut out),
            Err(e) => tracing::error!("catalogue {area} ({}) is broken: {e}", lang.code()),
        }
    }
    out
}

/// The catalogue of one language, parsed once.
pub fn catalog(lang: Lang) -> &'static Catalog {
    static IT: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    match lang {
        Lang::It => IT.get_or_init(|| load(Lang::It)),
        Lang::En => EN.get_or_init(|| load(Lang::En)),
    }
}

/// A message not yet put into words: a catalogue key and its arguments. Rules return these,
/// so they stay free of any language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Msg {
    pub key: String,
    pub args: Vec<(String, String)>,
}

impl Msg {
    pub fn new(key: impl Into<String>) -> Msg {
        Msg {
            key: key.into(),
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &str, value: impl ToString) -> Msg {
        self.args.push((name.to_string(), value.to_string()));
        self
    }

    /// A budget line's code, named in the operator's language (a line a coordinator added
    /// shows its code).
    pub fn line(mut self, name: &str, code: &str) -> Msg {
        self.args
            .push((format!("{name}{LINE_ARG}"), code.to_string()));
        self
    }

    /// An amount in cents, written the way the operator's language writes money when the
    /// message is put into words.
    pub fn money(mut self, name: &str, cents: i64) -> Msg {
        self.args
            .push((format!("{name}{MONEY_ARG}"), cents.to_string()));
        self
    }
}

/// The suffix that marks an argument as an amount in cents ([`Msg::money`]).
const MONEY_ARG: &str = ":cents";
/// The suffix that marks an argument as a budget line's code ([`Msg::line`]).
const LINE_ARG: &str = ":line";

/// The arguments that carry the count a message agrees with (the first one present).
pub const COUNT_ARGS: [&str; 4] = ["n", "count", "days", "hours"];

/// Lookups in the operator's language. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: Lang,
    cat: &'static Catalog,
}

impl I18n {
    pub fn new(lang: Lang) -> I18n {
        I18n {
            lang,
            cat: catalog(lang),
        }
    }

    /// The text of `key`; the key itself when missing (a test keeps that from shipping).
    pub fn t<'a>(&self, key: &'a str) -> &'a str
    where
        'static: 'a,
    {
        match self.cat.get(key) {
            Some(s) => s.as_str(),
            None => key,
        }
    }

    /// The text of `key` with `{name}` placeholders filled. When the count among the
    /// arguments (see [`COUNT_ARGS`]) is 1 and the catalogue has `KEY_one`, that form is used:
    /// "1 scadenza", not "1 scadenze".
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        let one = args
            .iter()
            .find(|(name, _)| COUNT_ARGS.contains(name))
            .is_some_and(|(_, value)| *value == "1");
        let singular = one.then(|| self.cat.get(&format!("{key}_one"))).flatten();
        let mut s = match singular.or_else(|| self.cat.get(key)) {
            Some(s) => s.clone(),
            None => key.to_string(),
        };
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    pub fn msg(&self, m: &Msg) -> String {
        let worded: Vec<(String, String)> = m
            .args
            .iter()
            .map(|(a, b)| {
                if let (Some(name), Ok(cents)) = (a.strip_suffix(MONEY_ARG), b.parse::<i64>()) {
                    let money = crate::forms::amount::format_money_in(self.lang, cents);
                    return (name.to_string(), money);
                }
                if let Some(name) = a.strip_suffix(LINE_ARG) {
                    let label = crate::domain::programme::line_label(b, self.lang)
                        .unwrap_or_else(|| b.clone());
                    return (name.to_string(), label);
                }
                (a.clone(), b.clone())
            })
            .collect();
        let args: Vec<(&str, &str)> = worded
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        self.tf(&m.key, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let it: Vec<_> = catalog(Lang::It).keys().collect();
        let en: Vec<_> = catalog(Lang::En).keys().collect();
        let missing_en: Vec<_> = it.iter().filter(|k| !en.contains(k)).collect();
        let missing_it: Vec<_> = en.iter().filter(|k| !it.contains(k)).collect();
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        assert!(missing_it.is_empty(), "missing in it: {missing_it:?}");
        assert!(it.len() > 10);
    }

    #[test]
    fn every_catalogue_file_parses() {
        for (area, it, en) in FILES {
            assert!(it.parse::<toml::Table>().is_ok(), "it/{area}.toml");
            assert!(en.parse::<toml::Table>().is_ok(), "en/{area}.toml");
        }
    }

    #[test]
    fn a_count_of_one_takes_the_singular_form_where_there_is_one() {
        let it = I18n::new(Lang::It);
        assert_eq!(it.tf("register.count", &[("n", "1")]), "1 persona");
        assert_eq!(it.tf("register.count", &[("n", "2")]), "2 persone");
        assert_eq!(it.tf("register.count", &[("n", "11")]), "11 persone");
        assert_eq!(
            it.msg(&Msg::new("agenda.count").arg("count", 1)),
            "1 scadenza"
        );
        let en = I18n::new(Lang::En);
        assert_eq!(en.tf("register.count", &[("n", "1")]), "1 person");
        assert_eq!(en.tf("register.count", &[("n", "0")]), "0 people");
        // No singular form in the catalogue: the one form there is.
        assert_eq!(en.tf("no.such.key {n}", &[("n", "1")]), "no.such.key 1");
        // Every singular form has its plural, and the same placeholders.
        for lang in [Lang::It, Lang::En] {
            let cat = catalog(lang);
            for (k, v) in cat.iter().filter(|(k, _)| k.ends_with("_one")) {
                let plural = cat.get(k.trim_end_matches("_one"));
                let plural = plural.unwrap_or_else(|| panic!("{k} has no plural"));
                let holes = |s: &str| -> Vec<String> {
                    s.split('{')
                        .skip(1)
                        .filter_map(|p| p.split('}').next())
                        .map(String::from)
                        .collect()
                };
                assert_eq!(holes(v), holes(plural), "{k}");
            }
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let i = I18n::new(Lang::En);
        assert_eq!(i.tf("no.such.key {x}", &[("x", "1")]), "no.such.key 1");
        assert_eq!(Lang::from_locale("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C"), None);
    }
}

/// Cents for reading in the operator's language, thousands grouped: `€1,234.56` in English,
/// `€ 1.234,56` in Italian. Refusals and screens that speak of money put it into words here.
pub fn money(cents: i64, lang: Lang) -> String {
    crate::forms::amount::format_money_in(lang, cents)
}

#[cfg(test)]
mod money_tests {
    use super::*;

    #[test]
    fn money_is_written_the_way_each_language_writes_it() {
        assert_eq!(money(50_000, Lang::En), "€500.00");
        assert_eq!(money(50_000, Lang::It), "€ 500,00");
        assert_eq!(money(123_456_789, Lang::En), "€1,234,567.89");
        assert_eq!(money(123_456_789, Lang::It), "€ 1.234.567,89");
        assert_eq!(money(-150, Lang::En), "-€1.50");
        assert_eq!(money(-150, Lang::It), "€ -1,50");
        assert_eq!(money(5, Lang::En), "€0.05");
    }
}
