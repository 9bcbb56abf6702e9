//! Text cut into lines of a given width at spaces, by display width, so a message, a help
//! label or an event's detail is read whole instead of cut at the edge. A word longer than
//! the width is split where it must be.

use crate::text;

/// The words of `para`; a currency sign standing alone stays with the figure after it
/// ("€ 1.500,00" is never cut after "€").
fn unbroken(para: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue = false;
    for w in para.split(' ').filter(|w| !w.is_empty()) {
        match out.last_mut() {
            Some(last) if glue => {
                last.push(' ');
                last.push_str(w);
            }
            _ => out.push(w.to_string()),
        }
        glue = w.ends_with('€') && !glue;
    }
    out
}

/// `s` as lines of at most `width` columns (at least one line, even for empty text).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut used = 0usize;
        for word in unbroken(para) {
            let word = word.as_str();
            let w = text::width(word);
            if used > 0 && used + 1 + w <= width {
                line.push(' ');
                line.push_str(word);
                used += 1 + w;
                continue;
            }
            if used > 0 {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            if w <= width {
                line.push_str(word);
                used = w;
                continue;
            }
            for c in word.chars() {
                let cw = text::width(c.encode_utf8(&mut [0; 4]));
                if used + cw > width && used > 0 {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_spaces_and_nothing_is_lost() {
        let s = "Refused: the line has € 3.000,00 left (available € 3.000,00, asked € 5.000,00)";
        let lines = wrap(s, 30);
        assert!(lines.iter().all(|l| text::width(l) <= 30), "{lines:?}");
        assert_eq!(lines.join(" "), s);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb c", 10), ["a", "b c"]);
        assert_eq!(wrap("Verona àèìòù", 6), ["Verona", "àèìòù"]);
        assert_eq!(
            wrap("di € 1.500,00 (€ 3)", 12),
            ["di", "€ 1.500,00", "(€ 3)"]
        );
    }

    proptest::proptest! {
        #[test]
        fn no_line_is_wider_than_asked(s in "\\PC{0,80}", w in 1usize..40) {
            for l in wrap(&s, w) {
                proptest::prop_assert!(text::width(&l) <= w.max(2), "{l:?}");
            }
        }
    }
}
