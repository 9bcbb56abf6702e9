//! Lookup lists (countries, languages, permit types, statuses…) from `assets/lookups/`.
//!
//! Each file is `[[items]]` with `code`, `it`, `en`, and optional extra columns such as
//! `belfiore` (the Italian tax office's code of a country, `Z` and three digits).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::i18n::Lang;
use crate::text::fold;

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct LookupItem {
    pub code: String,
    pub it: String,
    pub en: String,
    /// Countries only: the Belfiore code used in tax codes for people born there.
    #[serde(default)]
    pub belfiore: Option<String>,
}

impl LookupItem {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Lookup {
    pub items: Vec<LookupItem>,
}

impl Lookup {
    pub fn get(&self, code: &str) -> Option<&LookupItem> {
        self.items.iter().find(|i| i.code == code)
    }

    /// The label of `code` in `lang`; the code itself when the list does not have it (an old
    /// or imported value is shown as stored, never hidden).
    pub fn label_of<'a>(&'a self, code: &'a str, lang: Lang) -> &'a str {
        self.get(code).map(|i| i.label(lang)).unwrap_or(code)
    }

    /// Items whose label (either language) or code matches every word typed, folded:
    /// label prefixes first, then any word of the label, in list order within each.
    pub fn filter(&self, query: &str, lang: Lang) -> Vec<&LookupItem> {
        let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
        if words.is_empty() {
            return self.items.iter().collect();
        }
        let mut starts = Vec::new();
        let mut others = Vec::new();
        for item in &self.items {
            let own = fold(item.label(lang));
            let hay = format!(
                "{own} {} {} {}",
                fold(&item.it),
                fold(&item.en),
                item.code.to_lowercase()
            );
            let all = words.iter().all(|w| {
                hay.split(|c: char| !c.is_alphanumeric())
                    .any(|t| t.starts_with(w.as_str()))
            });
            if !all {
                continue;
            }
            if own.starts_with(words[0].as_str()) {
                starts.push(item);
            } else {
                others.push(item);
            }
        }
        starts.extend(others);
        starts
    }
}

/// Compiles in `assets/lookups/<id>.toml` per id.
macro_rules! lookup_files {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../assets/lookups/", $id, ".toml")))),*]
    };
}

/// The lookup files compiled into the binary.
const FILES: &[(&str, &str)] = lookup_files![
    "countries",
    "languages",
    "sex",
    "name_kinds",
    "legal_statuses",
    "permit_types",
    "permit_statuses",
    "housing",
    "employment_statuses",
    "reach_channels",
    "consent_scopes",
    "action_kinds",
    "action_statuses",
    "line_kinds",
    "severity",
    "weekdays",
    "shifts",
    "travel_range",
    "transport_means",
    "education_levels",
    "recognition_statuses",
    "cefr",
    "sectors",
    "work_formality",
    "soft_skills",
    "digital_levels",
    "driving_licences",
    "partner_kinds",
    "partner_services",
    "referral_statuses",
    "internship_statuses",
    "follow_up_kinds",
    "follow_up_outcomes",
    // Part 6 (case core).
    "closure_outcomes",
    "contract_types",
    "occupations",
];

fn load() -> BTreeMap<&'static str, Lookup> {
    let mut out = BTreeMap::new();
    for (id, text) in FILES {
        match toml::from_str::<Lookup>(text) {
            Ok(l) => {
                out.insert(*id, l);
            }
            Err(e) => tracing::error!("lookup {id} is broken: {e}"),
        }
    }
    out
}

/// The lookup named `id`; an empty one (and a log line) when it does not exist.
pub fn lookup(id: &str) -> &'static Lookup {
    static ALL: OnceLock<BTreeMap<&'static str, Lookup>> = OnceLock::new();
    static EMPTY: Lookup = Lookup { items: Vec::new() };
    match ALL.get_or_init(load).get(id) {
        Some(l) => l,
        None => {
            tracing::warn!("unknown lookup {id}");
            &EMPTY
        }
    }
}

/// Choice lists that exist only at run time (partners, a case's budget lines…), keyed by the
/// name a form gives them after an `@` (`lookup = "@partners"`).
pub type Lookups = BTreeMap<String, Lookup>;

/// The list a field names: compiled in, or (`@name`) one of `runtime`. `None` for a run-time
/// list the caller did not supply.
pub fn resolve<'a>(name: &str, runtime: &'a Lookups) -> Option<&'a Lookup> {
    match name.strip_prefix('@') {
        Some(dynamic) => runtime.get(dynamic),
        None => Some(lookup(name)),
    }
}

/// All lookup ids compiled in.
pub fn ids() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(id, _)| *id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lookup_parses_with_unique_codes_and_both_labels() {
        for (id, text) in FILES {
            let l: Lookup = toml::from_str(text).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert!(!l.items.is_empty(), "{id} is empty");
            let mut codes: Vec<_> = l.items.iter().map(|i| &i.code).collect();
            codes.sort();
            let n = codes.len();
            codes.dedup();
            assert_eq!(n, codes.len(), "{id} has duplicate codes");
            assert!(
                l.items.iter().all(|i| !i.it.is_empty() && !i.en.is_empty()),
                "{id}"
            );
        }
    }

    #[test]
    fn countries_carry_belfiore_codes_for_the_foreign_born() {
        let c = lookup("countries");
        assert_eq!(
            c.get("ER").and_then(|i| i.belfiore.as_deref()),
            Some("Z368")
        );
        for i in &c.items {
            if i.code != "IT" {
                let b = i.belfiore.as_deref().unwrap_or("");
                assert!(b.len() == 4 && b.starts_with('Z'), "{}: {b}", i.code);
            }
        }
    }

    #[test]
    fn filter_folds_accents_and_matches_either_language() {
        let c = lookup("countries");
        let hits = c.filter("cote", Lang::It);
        assert_eq!(hits.first().map(|i| i.code.as_str()), Some("CI"));
        let hits = c.filter("ivory", Lang::It);
        assert_eq!(hits.first().map(|i| i.code.as_str()), Some("CI"));
        assert!(c.filter("zzzz", Lang::En).is_empty());
        assert_eq!(c.label_of("CI", Lang::It), "Costa d'Avorio");
        assert_eq!(c.label_of("QQ", Lang::It), "QQ");
    }

    #[test]
    fn occupations_are_the_isco_unit_groups_searchable_by_everyday_names() {
        let o = lookup("occupations");
        assert_eq!(o.items.len(), 436);
        assert!(
            o.items
                .iter()
                .all(|i| i.code.len() == 4 && i.code.chars().all(|c| c.is_ascii_digit()))
        );
        let first = |q: &str, lang: Lang| o.filter(q, lang).first().map(|i| i.code.clone());
        assert_eq!(first("cuoc", Lang::It).as_deref(), Some("5120"));
        assert_eq!(first("cook", Lang::En).as_deref(), Some("5120"));
        assert_eq!(first("badant", Lang::It).as_deref(), Some("5322"));
        assert_eq!(first("mulett", Lang::It).as_deref(), Some("8344"));
        let warehouse: Vec<String> = o
            .filter("magazz", Lang::It)
            .iter()
            .map(|i| i.code.clone())
            .collect();
        assert!(warehouse.contains(&"4321".to_string()), "{warehouse:?}");
        assert!(o.filter("zzzz", Lang::It).is_empty());
    }
}
