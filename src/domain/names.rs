//! Names compared across spellings and scripts: the keys a person's names are indexed under
//! (so that "AL-HASSAN Mohammed", "Alhassan Mohamed", "Al Hasan Muhammad" and "الحسن محمد"
//! meet), and how alike two names are.
//!
//! A name is first written in Latin letters (`any_ascii`: Arabic, Ge'ez, Cyrillic, …),
//! lower-cased and cut into words; an Arabic article written apart or with a hyphen ("al",
//! "el", "ul") is joined to the word after it, and every word starting with one also gives
//! the word without it. Each word then has two keys: its consonant skeleton (vowels and the
//! glides y/w dropped, transliteration digraphs folded, doubled letters squeezed: Mohamed,
//! Mohammed, Muhammad and محمد are all `mhmd`), which suits names written without vowels;
//! and its Double Metaphone codes, which suit European spellings.

use chrono::NaiveDate;
use rphonetic::DoubleMetaphone;

/// Articles joined to the word after them.
const ARTICLES: [&str; 3] = ["al", "el", "ul"];
/// Keys shorter than this say too little to find anyone by.
const MIN_KEY: usize = 2;
/// Double Metaphone codes are cut to this length.
const METAPHONE_LEN: usize = 6;

/// The words of a name in lower-case Latin letters and digits, articles joined.
pub fn latin_words(name: &str) -> Vec<String> {
    let latin = any_ascii::any_ascii(name).to_ascii_lowercase();
    let mut out: Vec<String> = Vec::new();
    let mut article: Option<&str> = None;
    for w in latin
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if let Some(a) = ARTICLES.iter().find(|a| **a == w) {
            article = Some(a);
            continue;
        }
        match article.take() {
            Some(a) => out.push(format!("{a}{w}")),
            None => out.push(w.to_string()),
        }
    }
    if let Some(a) = article {
        out.push(a.to_string());
    }
    out
}

/// The word and, when it starts with an article, the word without it. Arabic written
/// without vowels transliterates the article as a bare `l` before a consonant ("الحسن" is
/// `lhsn`): that counts too.
fn forms(word: &str) -> Vec<&str> {
    let mut v = vec![word];
    for a in ARTICLES {
        if let Some(rest) = word.strip_prefix(a)
            && rest.len() >= 3
        {
            v.push(rest);
        }
    }
    let mut chars = word.chars();
    if chars.next() == Some('l')
        && chars.next().is_some_and(|c| c != 'l' && !is_vowel(c))
        && word.len() >= 4
    {
        v.push(&word[1..]);
    }
    v
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w')
}

/// The consonant skeleton of a Latin word: the first letter kept (a vowel as `a`), then the
/// consonants, with `kh gh ph th dh` folded to `k g f t d`, `q c` to `k`, `z` to `s`, and
/// doubled letters squeezed.
pub fn skeleton(word: &str) -> String {
    let chars: Vec<char> = word.chars().filter(char::is_ascii_alphabetic).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let mapped = match (c, next) {
            ('k' | 'g' | 'p' | 't' | 'd', Some('h')) => {
                i += 1;
                Some(if c == 'p' { 'f' } else { c })
            }
            ('q' | 'c', _) => Some('k'),
            ('z', _) => Some('s'),
            (v, _) if is_vowel(v) => (out.is_empty()).then_some('a'),
            (other, _) => Some(other),
        };
        if let Some(m) = mapped
            && !out.ends_with(m)
        {
            out.push(m);
        }
        i += 1;
    }
    out
}

fn metaphones(word: &str) -> Vec<String> {
    let dm = DoubleMetaphone::new(Some(METAPHONE_LEN));
    let r = dm.double_metaphone(word);
    let mut v = vec![r.primary().to_ascii_lowercase()];
    let alt = r.alternate().to_ascii_lowercase();
    if !v.contains(&alt) {
        v.push(alt);
    }
    v.retain(|k| k.len() >= MIN_KEY);
    v
}

/// The search keys of one word: `k` + skeleton and `m` + Double Metaphone, of the word and of
/// the word without its article.
pub fn word_keys(word: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for f in forms(word) {
        let s = skeleton(f);
        if s.len() >= MIN_KEY {
            keys.push(format!("k{s}"));
        }
        keys.extend(metaphones(f).into_iter().map(|m| format!("m{m}")));
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The token a birth date is indexed under.
pub fn birth_key(d: NaiveDate) -> String {
    format!("d{}", d.format("%Y%m%d"))
}

/// The skeleton of a surname as one word (its words joined, the article dropped): "Al
/// Hasan", "AL-HASSAN" and "Alhassan" are all `hsn`.
fn surname_core(surname: &str) -> Option<String> {
    let joined: String = latin_words(surname).concat();
    let core = forms(&joined).last().map(|w| skeleton(w))?;
    (core.len() >= MIN_KEY).then_some(core)
}

/// Every key a person is indexed under, from their names (surname, given names) and birth
/// date: each word's keys (the register's search by sound), a key per pair of surname and
/// given name, word order aside (`p`), and a key per name with the birth date (`b`): the
/// blocks the duplicate check looks in.
pub fn person_keys<'a>(
    names: impl IntoIterator<Item = (&'a str, &'a str)>,
    birth: Option<NaiveDate>,
) -> Vec<String> {
    let mut keys = Vec::new();
    let date = birth.map(|d| d.format("%Y%m%d").to_string());
    if let Some(d) = birth {
        keys.push(birth_key(d));
    }
    for (surname, given) in names {
        let mut cores: Vec<String> = Vec::new();
        for part in [surname, given] {
            for w in latin_words(part) {
                keys.extend(word_keys(&w));
                let s = forms(&w).last().map(|f| skeleton(f)).unwrap_or_default();
                if s.len() >= MIN_KEY {
                    cores.push(s);
                }
            }
        }
        if let Some(c) = surname_core(surname) {
            cores.push(c);
        }
        cores.sort();
        cores.dedup();
        for (i, a) in cores.iter().enumerate() {
            if let Some(d) = &date {
                keys.push(format!("b{a}{d}"));
            }
            for b in &cores[i + 1..] {
                keys.push(format!("p{a}0{b}"));
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The keys a probe (the names being typed) looks for: its name pairs and, with a birth date,
/// its names with that date.
pub fn probe_keys(surname: &str, given: &str, birth: Option<NaiveDate>) -> Vec<String> {
    person_keys([(surname, given)], birth)
        .into_iter()
        .filter(|k| k.starts_with('p') || k.starts_with('b'))
        .collect()
}

/// The name-pair keys that a run of words typed in a search must all have (each word with
/// the next, word order aside): one small block per pair instead of every person with one
/// of the words. None when a word has no skeleton.
pub fn pair_keys(words: &[String]) -> Option<Vec<String>> {
    let cores: Vec<String> = words
        .iter()
        .map(|w| forms(w).last().map(|f| skeleton(f)).unwrap_or_default())
        .collect();
    if cores.len() < 2 || cores.iter().any(|c| c.len() < MIN_KEY) {
        return None;
    }
    Some(
        cores
            .windows(2)
            .map(|w| {
                let (a, b) = if w[0] <= w[1] {
                    (&w[0], &w[1])
                } else {
                    (&w[1], &w[0])
                };
                format!("p{a}0{b}")
            })
            .collect(),
    )
}

/// A name folded for comparison: Latin words, articles dropped, sorted (word order aside).
fn folded(name: &str) -> Vec<String> {
    let mut v: Vec<String> = latin_words(name)
        .iter()
        .map(|w| {
            forms(w)
                .last()
                .map_or_else(String::new, |f| (*f).to_string())
        })
        .filter(|w| !w.is_empty())
        .collect();
    v.sort();
    v
}

/// How alike two full names are, from 0 to 1, word order, script, articles and hyphens
/// aside: the mean over the shorter name's words of the best Jaro-Winkler similarity to a
/// word of the other (on the words and on their skeletons, whichever is higher).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (wa, wb) = (folded(a), folded(b));
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    if short.is_empty() {
        return 0.0;
    }
    let total: f64 = short
        .iter()
        .map(|w| {
            long.iter()
                .map(|x| {
                    let plain = strsim::jaro_winkler(w, x);
                    let bones = strsim::jaro_winkler(&skeleton(w), &skeleton(x));
                    plain.max(bones * 0.97)
                })
                .fold(0.0, f64::max)
        })
        .sum();
    let mut s = total / short.len() as f64;
    // A name with words the other lacks is a little less alike ("Omar" vs "Omar Said").
    if long.len() > short.len() {
        s *= 0.95;
    }
    s
}

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;
