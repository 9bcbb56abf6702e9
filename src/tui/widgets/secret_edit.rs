//! A one-line editor for passphrases and recovery codes. Unlike [`super::line_edit`] (tui-input
//! builds a new string at every key), it edits one buffer in place, allocated once for the
//! longest value, and wipes it when cleared or dropped: no copy of a passphrase is left behind
//! in freed memory by the editing itself.

use zeroize::{Zeroize, Zeroizing};

use super::line_edit::clean_line;
use crate::tui::keymap::Action;

pub struct SecretEdit {
    buf: Zeroizing<String>,
    /// The cursor, in chars.
    cursor: usize,
    max: usize,
}

impl SecretEdit {
    pub fn new(max: usize) -> SecretEdit {
        SecretEdit {
            // A char is at most 4 bytes: `max` chars never outgrow the buffer.
            buf: Zeroizing::new(String::with_capacity(max * 4)),
            cursor: 0,
            max,
        }
    }

    pub fn value(&self) -> &str {
        &self.buf
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn len(&self) -> usize {
        self.buf.chars().count()
    }

    /// The byte offset of char `i` (the end when past it).
    fn byte_at(&self, i: usize) -> usize {
        self.buf
            .char_indices()
            .nth(i)
            .map_or(self.buf.len(), |(b, _)| b)
    }

    fn insert(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.buf.insert(at, c);
        self.cursor += 1;
    }

    fn remove_before(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.buf.remove(at);
        }
    }

    pub fn clear(&mut self) {
        self.buf.zeroize();
        self.cursor = 0;
    }

    /// Applies an editing action; returns true when input was cut at the length limit.
    pub fn apply(&mut self, a: &Action) -> bool {
        let room = self.max.saturating_sub(self.len());
        match a {
            Action::Type(_) if room == 0 => return true,
            Action::Type(c) if !c.is_control() => self.insert(*c),
            Action::Paste(s) => {
                let (line, cut) = clean_line(s, room);
                let line = Zeroizing::new(line);
                for c in line.chars() {
                    self.insert(c);
                }
                return cut;
            }
            Action::Backspace => self.remove_before(),
            Action::Delete if self.cursor < self.len() => {
                let at = self.byte_at(self.cursor);
                self.buf.remove(at);
            }
            Action::Left => self.cursor = self.cursor.saturating_sub(1),
            Action::Right => self.cursor = (self.cursor + 1).min(self.len()),
            Action::LineStart => self.cursor = 0,
            Action::LineEnd => self.cursor = self.len(),
            Action::DeleteWord => {
                // Read in place: a copy of the text before the cursor would outlive the wipe.
                let before = &self.buf[..self.byte_at(self.cursor)];
                let spaces = before
                    .chars()
                    .rev()
                    .take_while(|c| c.is_whitespace())
                    .count();
                let word = before
                    .chars()
                    .rev()
                    .skip(spaces)
                    .take_while(|c| !c.is_whitespace())
                    .count();
                for _ in 0..spaces + word {
                    self.remove_before();
                }
            }
            Action::Clear => self.clear(),
            _ => {}
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> SecretEdit {
        let mut e = SecretEdit::new(200);
        for c in s.chars() {
            e.apply(&Action::Type(c));
        }
        e
    }

    #[test]
    fn edits_like_the_line_editor() {
        let mut e = typed("pàss wörd");
        assert_eq!((e.value(), e.cursor()), ("pàss wörd", 9));
        e.apply(&Action::Left);
        e.apply(&Action::Backspace);
        assert_eq!(e.value(), "pàss wöd");
        e.apply(&Action::LineStart);
        e.apply(&Action::Delete);
        e.apply(&Action::Right);
        e.apply(&Action::Type('X'));
        assert_eq!(e.value(), "àXss wöd");
        e.apply(&Action::LineEnd);
        e.apply(&Action::DeleteWord);
        assert_eq!(e.value(), "àXss ");
        e.apply(&Action::DeleteWord);
        assert_eq!((e.value(), e.cursor()), ("", 0));
        assert!(!e.apply(&Action::Paste("a\tb\u{1b}[2J".into())));
        assert_eq!(e.value(), "a b[2J");
        e.apply(&Action::Clear);
        assert_eq!((e.value(), e.cursor()), ("", 0));
    }

    #[test]
    fn the_buffer_is_never_reallocated_and_the_limit_holds() {
        let mut e = SecretEdit::new(200);
        let at = e.value().as_ptr();
        // 200 four-byte chars fill the buffer exactly; more are refused.
        assert!(!e.apply(&Action::Paste("𝄞".repeat(150))));
        for _ in 0..50 {
            assert!(!e.apply(&Action::Type('𝄞')));
        }
        assert!(e.apply(&Action::Type('a')));
        assert!(e.apply(&Action::Paste("b".repeat(5_000_000))));
        assert_eq!(e.value().chars().count(), 200);
        assert_eq!(e.value().as_ptr(), at);
        e.clear();
        assert_eq!(e.value().as_ptr(), at);
    }
}
