//! Turning what the operator typed into FTS5 queries. Raw input is never FTS syntax: it is
//! cut into words, each word quoted, so quotes, `*`, `NEAR`, `AND` are only text.

/// At most this many words of a query are used…
pub(crate) const MAX_TOKENS: usize = 8;
/// …each cut to this many characters.
pub(crate) const MAX_TOKEN_CHARS: usize = 64;

/// The passes of a search over `people_fts`, their union (for counting), and what is looked
/// for in `people_keys`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FtsQuery {
    /// Pass 1: every word matches a whole indexed word. Empty when only a date was typed.
    pub whole: String,
    /// Pass 2: every word starts an indexed word, but not all of them whole.
    pub rest: String,
    /// Pass 1 and pass 2 together.
    pub any: String,
    /// Pass 3, over `people_keys`: every word sounds like a word of a name (its skeleton or
    /// its Double Metaphone code); None when a word has no such key (digits, one letter).
    pub sounds: Option<String>,
    /// A birth date typed (`01/01/1990`, `1990-01-01`): its key in `people_keys`, which every
    /// match must have.
    pub birth: Option<String>,
}

/// Combining marks count as part of a word (a decomposed "é" is one word, not two).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// True for what a phone number looks like when typed: digits, spaces, `+ - / . ( )`.
fn is_phone_like(q: &str) -> bool {
    q.chars().any(|c| c.is_ascii_digit())
        && q.chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "+-/.()".contains(c))
}

/// A word to look for, and another spelling that should match the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub text: String,
    pub alt: Option<String>,
}

fn cut(s: &str) -> String {
    s.chars().take(MAX_TOKEN_CHARS).collect()
}

/// The words of a query. A phone-like query is one word of its digits (a number typed as
/// `+39 333 123 4567` is one number); other words get their Latin transliteration as an
/// alternative when it differs, so "Işik" (mixed) still meets "Işık" / "Isik".
pub(crate) fn tokens(query: &str) -> Vec<Token> {
    if is_phone_like(query) {
        let digits = cut(&query
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>());
        let alt = digits
            .strip_prefix("00")
            .filter(|rest| rest.starts_with("39") && rest.len() > 2)
            .map(str::to_string);
        return vec![Token { text: digits, alt }];
    }
    query
        .split_whitespace()
        .flat_map(|chunk| {
            // A code typed with its dashes or dots ("RIC-1", "P.2024/7") is one word, as
            // codes are indexed; a name with a hyphen ("Al-Hassan") stays two.
            if chunk.chars().any(|c| c.is_ascii_digit()) && chunk.chars().any(char::is_alphabetic) {
                let joined: String = chunk.chars().filter(|c| c.is_alphanumeric()).collect();
                vec![joined]
            } else {
                chunk
                    .split(|c: char| !is_word_char(c))
                    .map(str::to_string)
                    .collect()
            }
        })
        .filter(|w| !w.is_empty())
        .take(MAX_TOKENS)
        .map(|w| {
            let text = cut(&w).to_lowercase();
            let latin: Vec<String> = deunicode::deunicode(&text)
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|p| !p.is_empty())
                .map(str::to_ascii_lowercase)
                .collect();
            let alt = latin.join(" ");
            let alt = (!alt.is_empty() && alt != text).then_some(alt);
            Token { text, alt }
        })
        .collect()
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn term(t: &Token, prefix: bool) -> String {
    let star = if prefix { "*" } else { "" };
    match &t.alt {
        None => format!("{}{star}", quote(&t.text)),
        Some(alt) => format!("({}{star} OR {}{star})", quote(&t.text), quote(alt)),
    }
}

/// A birth date among the words typed, and the rest of the query.
fn birth_date(query: &str) -> (Option<String>, String) {
    let mut birth = None;
    let mut rest = Vec::new();
    for chunk in query.split_whitespace() {
        match crate::domain::date::parse_date(chunk) {
            Ok(d) if birth.is_none() => birth = Some(crate::domain::names::birth_key(d)),
            _ => rest.push(chunk),
        }
    }
    (birth, rest.join(" "))
}

/// The shortest key (after its one-letter kind) a word is searched by sound with.
const SOUND_MIN_KEY: usize = 3;

/// Pass 3: names that sound alike. Words as `domain::names` cuts them (an article joins the
/// word after it: "al hasan" is one word, as it is indexed). Two words or more: the name
/// pairs they make, all of them (a pair is a small block even at a million people, where
/// a common given name alone is tens of thousands). One word: its keys by sound, ORed.
fn sounds(query: &str) -> Option<String> {
    let words: Vec<String> = crate::domain::names::latin_words(query)
        .iter()
        .take(MAX_TOKENS)
        .map(|w| cut(w))
        .collect();
    if words.len() >= 2 {
        let pairs = crate::domain::names::pair_keys(&words)?;
        let terms: Vec<String> = pairs.iter().map(|k| quote(k)).collect();
        return Some(terms.join(" AND "));
    }
    let w = words.first()?;
    // Keys of one or two letters ("Rossa" and "Rossi" are both `rs`) would bring half the
    // register: a word is searched by sound only with a key of three letters or more.
    let mut keys = crate::domain::names::word_keys(w);
    keys.retain(|k| k.len() > SOUND_MIN_KEY);
    if keys.is_empty() {
        return None;
    }
    let ors: Vec<String> = keys.iter().map(|k| quote(k)).collect();
    Some(format!("({})", ors.join(" OR ")))
}

/// The FTS5 queries for what was typed; `None` when it holds no word at all.
pub(crate) fn build(query: &str) -> Option<FtsQuery> {
    let (birth, query) = birth_date(query);
    let toks = tokens(&query);
    if toks.is_empty() {
        return birth.map(|b| FtsQuery {
            whole: String::new(),
            rest: String::new(),
            any: String::new(),
            sounds: None,
            birth: Some(b),
        });
    }
    // Explicit AND: FTS5 only ANDs bare phrases implicitly, not parenthesised groups.
    let join = |prefix: bool| {
        toks.iter()
            .map(|t| term(t, prefix))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let whole = join(false);
    let any = join(true);
    let rest = format!("({any}) NOT ({whole})");
    let sounds = if is_phone_like(&query) {
        None
    } else {
        sounds(&query)
    };
    Some(FtsQuery {
        whole,
        rest,
        any,
        sounds,
        birth,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_and_prefixed() {
        let q = build("Minh nguyen").unwrap();
        assert_eq!(q.whole, r#""minh" AND "nguyen""#);
        assert_eq!(q.any, r#""minh"* AND "nguyen"*"#);
        assert_eq!(
            q.rest,
            r#"("minh"* AND "nguyen"*) NOT ("minh" AND "nguyen")"#
        );
    }

    #[test]
    fn syntax_in_the_input_is_only_text() {
        let q = build(r#"a"b NEAR(c) AND d* ^e"#).unwrap();
        assert_eq!(
            q.whole,
            r#""a" AND "b" AND "near" AND "c" AND "and" AND "d" AND "e""#
        );
        assert!(build("\"*()^:+-").is_none());
        assert!(build("").is_none());
        assert!(build("   ").is_none());
    }

    #[test]
    fn phone_numbers_typed_with_spaces_are_one_word() {
        assert_eq!(
            build("+39 333 123 4567").unwrap().whole,
            r#""393331234567""#
        );
        assert_eq!(build("333-123.45 67").unwrap().whole, r#""3331234567""#);
        assert_eq!(
            build("0039 333 1234567").unwrap().whole,
            r#"("00393331234567" OR "393331234567")"#
        );
        // A provisional tax code keeps its leading zeros.
        assert_eq!(build("00000010215").unwrap().whole, r#""00000010215""#);
        // Letters make it words again.
        assert_eq!(build("RSS 80").unwrap().whole, r#""rss" AND "80""#);
        // A code typed with its dashes is one word, as codes are indexed.
        assert_eq!(build("RIC-1").unwrap().whole, r#""ric1""#);
        assert_eq!(build("Al-Hassan").unwrap().whole, r#""al" AND "hassan""#);
    }

    #[test]
    fn transliteration_is_an_alternative() {
        assert_eq!(build("Işik").unwrap().whole, r#"("işik" OR "isik")"#);
        assert_eq!(build("ዮናስ").unwrap().any, r#"("ዮናስ"* OR "yonaase"*)"#);
        assert_eq!(build("rossi").unwrap().whole, r#""rossi""#);
    }

    #[test]
    fn a_birth_date_is_a_key_and_words_have_sounds() {
        let q = build("01/01/1990").unwrap();
        assert_eq!(q.birth.as_deref(), Some("d19900101"));
        assert!(q.whole.is_empty() && q.sounds.is_none());
        let q = build("alhassan 1990-01-01").unwrap();
        assert_eq!(q.birth.as_deref(), Some("d19900101"));
        assert_eq!(q.whole, r#""alhassan""#);
        let sounds = q.sounds.unwrap();
        assert!(sounds.contains(r#""khsn""#), "{sounds}");
        assert!(build("rss 80").unwrap().sounds.is_none());
        assert!(build("+39 333 123").unwrap().sounds.is_none());
    }

    #[test]
    fn long_queries_are_capped() {
        let q = "word ".repeat(50);
        assert_eq!(tokens(&q).len(), MAX_TOKENS);
        let long = "x".repeat(1000);
        assert_eq!(tokens(&long)[0].text.chars().count(), MAX_TOKEN_CHARS);
        assert_eq!(tokens(&"9".repeat(10_000))[0].text.len(), MAX_TOKEN_CHARS);
    }

    #[test]
    fn decomposed_accents_stay_in_their_word() {
        assert_eq!(tokens("Jose\u{301} x").len(), 2);
    }
}
