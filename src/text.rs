//! Untrusted text on its way to the screen, and folding for type-to-filter.
//!
//! Anything typed or read from the database may hold control characters, escape sequences or
//! bidirectional overrides. They are replaced by visible placeholders before drawing, and long
//! values are clipped to the width available with an ellipsis, never wrapped.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// Shown for C1 controls, bidi overrides and line separators.
pub const PLACEHOLDER: char = '\u{FFFD}';

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn replacement(c: char) -> Option<char> {
    match c {
        // C0 controls become their "control picture" (ESC shows as ␛, newline as ␊).
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('\u{2421}'),
        '\u{80}'..='\u{9F}' | '\u{2028}' | '\u{2029}' => Some(PLACEHOLDER),
        c if is_bidi_control(c) => Some(PLACEHOLDER),
        _ => None,
    }
}

/// True when `s` would be drawn exactly as it is.
pub fn is_clean(s: &str) -> bool {
    !s.chars().any(|c| replacement(c).is_some())
}

/// The string with every control, escape and bidi override replaced by a visible placeholder.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if is_clean(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| replacement(c).unwrap_or(c)).collect())
}

/// Display width of a (sanitised) string in terminal cells.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Sanitises and clips to `max` cells, ending with `…` when something was cut.
pub fn clip(s: &str, max: usize) -> String {
    let clean = sanitize(s);
    if width(&clean) <= max {
        return clean.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in clean.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Lower-case ASCII transliteration used to compare what is typed in a filter with labels:
/// "Côte d'Ivoire" and "cote" meet, "Şükrü" and "sukru" meet.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

/// Keeps at most `max` characters, cutting on a character boundary. Returns whether it cut.
pub fn truncate_chars(s: &mut String, max: usize) -> bool {
    match s.char_indices().nth(max) {
        Some((i, _)) => {
            s.truncate(i);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_controls_become_visible() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a␛[31mb");
        assert_eq!(sanitize("x\ny\r\t"), "x␊y␍␉");
        assert_eq!(sanitize("\u{7f}\u{9b}"), "␡\u{FFFD}");
        assert_eq!(sanitize("abc\u{202E}fed"), "abc\u{FFFD}fed");
        assert!(matches!(sanitize("Nguyễn Thị"), Cow::Borrowed(_)));
    }

    #[test]
    fn clip_counts_cells_and_marks_the_cut() {
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
        assert_eq!(clip("日本語テキスト", 5), "日本…");
        assert_eq!(clip("abc", 0), "");
    }

    #[test]
    fn fold_meets_accents_both_ways() {
        assert_eq!(fold("Şükrü"), "sukru");
        assert_eq!(fold("José"), "jose");
        assert_eq!(fold("Côte d'Ivoire"), "cote d'ivoire");
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        let mut s = "ééééé".to_string();
        assert!(truncate_chars(&mut s, 2));
        assert_eq!(s, "éé");
        assert!(!truncate_chars(&mut s, 5));
    }

    proptest::proptest! {
        #[test]
        fn nothing_unsafe_survives(s in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f\u{202a}-\u{202e}a-z]{0,50}") {
            let out = sanitize(&s);
            proptest::prop_assert!(is_clean(&out));
            let c = clip(&s, 10);
            proptest::prop_assert!(width(&c) <= 10);
        }
    }
}
