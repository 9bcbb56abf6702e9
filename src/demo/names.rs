//! The demo name lists (`assets/demo/names.toml`), compiled in.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rand::Rng;
use serde::Deserialize;

const NAMES: &str = include_str!("../../assets/demo/names.toml");

/// The names of one country of birth.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct CountryNames {
    /// ISO 3166-1 alpha-2, as in the countries lookup.
    pub code: String,
    /// Relative share of demo people born there.
    pub weight: u32,
    /// Language codes, the first the most spoken.
    #[serde(default)]
    pub languages: Vec<String>,
    pub male: Vec<String>,
    pub female: Vec<String>,
    pub surnames: Vec<String>,
    /// Other spellings of a name: Latin ones, and the name in its own script.
    #[serde(default)]
    pub variants: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct NamesFile {
    countries: Vec<CountryNames>,
}

pub(crate) fn parse(text: &str) -> Result<Vec<CountryNames>, toml::de::Error> {
    let file: NamesFile = toml::from_str(text)?;
    Ok(file
        .countries
        .into_iter()
        .filter(|c| c.weight > 0 && !c.surnames.is_empty())
        .filter(|c| !c.male.is_empty() || !c.female.is_empty())
        .collect())
}

/// The usable countries of the compiled-in file (empty, and logged, if it is broken).
pub fn countries() -> &'static [CountryNames] {
    static ALL: OnceLock<Vec<CountryNames>> = OnceLock::new();
    ALL.get_or_init(|| match parse(NAMES) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("demo names are broken: {e}");
            Vec::new()
        }
    })
}

/// Picks countries in proportion to their weight.
pub(crate) struct WeightedCountries {
    countries: &'static [CountryNames],
    cumulative: Vec<u64>,
}

impl WeightedCountries {
    pub(crate) fn new(countries: &'static [CountryNames]) -> WeightedCountries {
        let mut sum = 0u64;
        let cumulative = countries
            .iter()
            .map(|c| {
                sum += u64::from(c.weight);
                sum
            })
            .collect();
        WeightedCountries {
            countries,
            cumulative,
        }
    }

    pub(crate) fn pick(&self, rng: &mut impl Rng) -> Option<&'static CountryNames> {
        let total = *self.cumulative.last()?;
        let x = rng.random_range(0..total);
        let i = self.cumulative.partition_point(|&c| c <= x);
        self.countries.get(i)
    }
}

/// True when every letter is Latin (ASCII or the Latin extended blocks).
pub(crate) fn is_latin(s: &str) -> bool {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_ascii() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::lookup;
    use rand::SeedableRng;

    #[test]
    fn the_file_parses_and_every_country_is_in_the_lookup() {
        let all = parse(NAMES).unwrap();
        assert!(!all.is_empty());
        assert_eq!(all.len(), countries().len());
        for c in all {
            assert!(lookup("countries").get(&c.code).is_some(), "{}", c.code);
        }
    }

    #[test]
    fn weights_are_respected() {
        let c = parse(
            "[[countries]]\ncode='A'\nweight=1\nmale=['x']\nfemale=[]\nsurnames=['s']\n\
             [[countries]]\ncode='B'\nweight=0\nmale=['x']\nfemale=[]\nsurnames=['s']\n\
             [[countries]]\ncode='C'\nweight=3\nmale=[]\nfemale=['y']\nsurnames=['s']\n",
        )
        .unwrap();
        let c: &'static [CountryNames] = Box::leak(c.into_boxed_slice());
        let w = WeightedCountries::new(c);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let picks: Vec<_> = (0..4000)
            .map(|_| w.pick(&mut rng).unwrap().code.as_str())
            .collect();
        let a = picks.iter().filter(|&&p| p == "A").count();
        assert!(picks.iter().all(|&p| p != "B"));
        assert!((800..1200).contains(&a), "{a}");
    }

    #[test]
    fn scripts_are_told_apart() {
        assert!(is_latin("Traoré Nguyễn D'Amico"));
        assert!(!is_latin("ተስፋዬ"));
        assert!(!is_latin("محمد"));
    }
}
