//! A one-line editor (the register's search field): tui-input does the editing, this adds a
//! length limit, paste cleaning and a "changed" flag.

use tui_input::{Input, InputRequest};

use crate::text;
use crate::tui::keymap::Action;

pub struct LineEdit {
    input: Input,
    max: usize,
    changed: bool,
}

/// One line from pasted text: newlines and tabs become spaces, other controls are dropped.
/// The result is allocated once (never longer than `s`, nor than `max` chars of 4 bytes), so
/// a pasted passphrase leaves no grown-out copies behind.
pub fn clean_line(s: &str, max: usize) -> (String, bool) {
    let mut out = String::with_capacity(s.len().min(max.saturating_mul(4)));
    let mut n = 0;
    for c in s.chars() {
        if n == max {
            return (out, true);
        }
        let c = if matches!(c, '\n' | '\r' | '\t') {
            ' '
        } else {
            c
        };
        if c.is_control() || !text::is_clean(c.encode_utf8(&mut [0; 4])) {
            continue;
        }
        out.push(c);
        n += 1;
    }
    (out, false)
}

impl LineEdit {
    pub fn new(max: usize) -> LineEdit {
        LineEdit {
            input: Input::default(),
            max,
            changed: false,
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// The cursor as a char index.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    pub fn clear(&mut self) {
        self.input.reset();
        self.changed = true;
    }

    /// True once after each change of the value.
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    fn room(&self) -> usize {
        self.max.saturating_sub(self.input.value().chars().count())
    }

    /// Applies an editing action; returns true when input was cut at the length limit.
    pub fn apply(&mut self, a: &Action) -> bool {
        let before = self.input.value().len();
        let mut clipped = false;
        match a {
            Action::Type(c) => {
                if self.room() == 0 {
                    clipped = true;
                } else if !c.is_control() {
                    self.input.handle(InputRequest::InsertChar(*c));
                }
            }
            Action::Paste(s) => {
                let (line, cut) = clean_line(s, self.room());
                clipped = cut;
                for c in line.chars() {
                    self.input.handle(InputRequest::InsertChar(c));
                }
            }
            Action::Backspace => {
                self.input.handle(InputRequest::DeletePrevChar);
            }
            Action::Delete => {
                self.input.handle(InputRequest::DeleteNextChar);
            }
            Action::Left => {
                self.input.handle(InputRequest::GoToPrevChar);
            }
            Action::Right => {
                self.input.handle(InputRequest::GoToNextChar);
            }
            Action::LineStart => {
                self.input.handle(InputRequest::GoToStart);
            }
            Action::LineEnd => {
                self.input.handle(InputRequest::GoToEnd);
            }
            Action::DeleteWord => {
                self.input.handle(InputRequest::DeletePrevWord);
            }
            Action::Clear => {
                self.input.reset();
            }
            _ => {}
        }
        if self.input.value().len() != before || matches!(a, Action::Clear) {
            self.changed = true;
        }
        clipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_editing_and_limits() {
        let mut e = LineEdit::new(5);
        for c in "abc".chars() {
            e.apply(&Action::Type(c));
        }
        assert!(e.take_changed());
        assert!(!e.take_changed());
        e.apply(&Action::Left);
        e.apply(&Action::Backspace);
        assert_eq!(e.value(), "ac");
        assert_eq!(e.cursor(), 1);
        assert!(e.apply(&Action::Paste("xyz\n\u{1b}[2Jlong".into())));
        assert_eq!(e.value(), "axyzc");
        assert!(e.apply(&Action::Type('q')));
    }

    #[test]
    fn a_huge_paste_is_cut_cheaply() {
        let mut e = LineEdit::new(200);
        let big = "é".repeat(5_000_000);
        assert!(e.apply(&Action::Paste(big)));
        assert_eq!(e.value().chars().count(), 200);
    }
}
