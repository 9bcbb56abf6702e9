//! Untrusted text on its way to the screen, and folding for type-to-filter.
//!
//! Anything typed or read from the database may hold control characters, escape sequences or
//! bidirectional overrides. They are replaced by visible placeholders before drawing, and long
//! values are clipped to the width available with an ellipsis, never wrapped.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// Shown for every character a terminal may not draw as one cell of its own: controls
/// past C0, format characters (bidi overrides, zero-width spaces and joiners, the soft
/// hyphen), private-use and unassigned code points, line separators, and a combining mark
/// with nothing before it to combine with.
pub const PLACEHOLDER: char = '\u{FFFD}';

/// Whether terminals agree on how to draw `c`: a letter, mark, number, punctuation, symbol
/// or space that Unicode has assigned. What else there is draws as zero, one or two cells
/// depending on the terminal and its font, and a row whose width the program and the
/// terminal disagree on leaves cells of the row drawn before it on the screen.
fn drawable(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    !matches!(
        get_general_category(c),
        G::Control
            | G::Format
            | G::PrivateUse
            | G::Unassigned
            | G::Surrogate
            | G::LineSeparator
            | G::ParagraphSeparator
    )
}

/// A combining mark: drawn in the cell of the character before it.
fn combines(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    matches!(
        get_general_category(c),
        G::NonspacingMark | G::EnclosingMark
    )
}

fn is_mark(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    matches!(
        get_general_category(c),
        G::NonspacingMark | G::SpacingMark | G::EnclosingMark
    )
}

fn replacement(c: char) -> Option<char> {
    match c {
        // C0 controls become their "control picture" (ESC shows as ␛, newline as ␊).
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('\u{2421}'),
        // A character of no width that does not combine (a conjoining jamo alone, a filler)
        // is drawn in zero, one or two cells, as the terminal sees fit.
        c if c.width() == Some(0) && !combines(c) => Some(PLACEHOLDER),
        c if c.is_ascii() || drawable(c) => None,
        _ => Some(PLACEHOLDER),
    }
}

/// True when `s` would be drawn exactly as it is.
pub fn is_clean(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b)) || cleaned(s).is_none()
}

/// The string with every control, escape, bidi override and character of uncertain width
/// replaced by a visible placeholder (see [`PLACEHOLDER`]).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Cow::Borrowed(s);
    }
    cleaned(s).map_or(Cow::Borrowed(s), Cow::Owned)
}

/// A variation selector: it asks for a glyph (an emoji's, a text one) that terminals draw
/// in one or two cells as they please.
fn selects_variation(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// What `s` becomes on screen, `None` when it is drawn as it is. A grapheme (what the
/// screen library puts in one cell) keeps its first character and the combining marks
/// after it: anything else in it (a spacing vowel sign, a second regional indicator, a skin
/// tone, a variation selector) would be drawn by the terminal in a cell of its own that the
/// library counts as part of the first, and left there when the row is redrawn.
fn cleaned(s: &str) -> Option<String> {
    use unicode_segmentation::UnicodeSegmentation;
    let chars: Cow<'_, str> = if s.chars().any(|c| replacement(c).is_some()) {
        Cow::Owned(s.chars().map(|c| replacement(c).unwrap_or(c)).collect())
    } else {
        Cow::Borrowed(s)
    };
    // The graphemes of the text as it will be drawn, after the replacements above.
    let mut out = String::with_capacity(chars.len());
    let mut changed = matches!(chars, Cow::Owned(_));
    for g in chars.graphemes(true) {
        for (k, c) in g.chars().enumerate() {
            let keep = if k == 0 {
                // A mark drawn first would combine with whatever is left of it on screen.
                !is_mark(c)
            } else {
                combines(c) && !selects_variation(c)
            };
            changed |= !keep;
            out.push(if keep { c } else { PLACEHOLDER });
        }
    }
    changed.then_some(out)
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
    fn characters_of_uncertain_width_become_the_placeholder() {
        let p = PLACEHOLDER;
        // Private use, unassigned, a noncharacter, zero-width space and joiner, soft hyphen.
        assert_eq!(sanitize("Wq\u{10FFFF}one"), format!("Wq{p}one"));
        assert_eq!(
            sanitize("a\u{E000}\u{0378}\u{FFFF}b"),
            format!("a{p}{p}{p}b")
        );
        assert_eq!(
            sanitize("Min\u{200B}h\u{200D}\u{00AD}"),
            format!("Min{p}h{p}{p}")
        );
        // A combining mark with nothing before it; the same mark after a letter is kept.
        assert_eq!(sanitize("\u{0301}e\u{0301}"), format!("{p}e\u{0301}"));
        // Letters of every script, wide ones included, are drawn as they are.
        for name in [
            "Nguyễn",
            "Şükrü",
            "محمد",
            "王小明",
            "Αλέξης",
            "Ōkubo",
            "ⴰⵎⴰⵣⵉⵖ",
        ] {
            assert!(matches!(sanitize(name), Cow::Borrowed(_)), "{name}");
        }
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
        fn nothing_unsafe_survives(s in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f\u{202a}-\u{202e}a-z]{0,50}|[a-z\u{300}-\u{36f}\u{e00}-\u{e5b}\u{900}-\u{97f}\u{1100}-\u{11ff}\u{fe0f}\u{1f1e6}-\u{1f1ff}\u{200d}\u{e0001}]{0,30}") {
            let out = sanitize(&s);
            proptest::prop_assert!(is_clean(&out), "{:?} -> {:?}", s, out);
            proptest::prop_assert_eq!(sanitize(&out), out.clone());
            let c = clip(&s, 10);
            proptest::prop_assert!(width(&c) <= 10);
        }
    }
}
