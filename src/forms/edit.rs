//! Text editing on the focused field (text, long text, and the raw text of dates, numbers
//! and money). The cursor is a character index. Input is clipped to the field's `max_len`
//! before anything is copied, so a 10 MB paste costs no more than the field can hold.

use super::spec::FieldKind;
use super::state::{FormState, input_mut};
use super::value::FieldInput;

/// What the editing closure gets: the text, the cursor, the field's limit and kind.
struct Ctx<'a> {
    text: &'a mut String,
    cursor: &'a mut usize,
    limit: usize,
    kind: FieldKind,
}

impl FormState {
    /// The cursor (a character index) in the focused text.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// True when the focused stop takes typed text.
    pub fn focus_is_typed(&self) -> bool {
        self.focused_stop()
            .is_some_and(|s| !s.add_row && s.kind.is_typed())
    }

    /// Places the cursor (clamped to the text).
    pub fn set_cursor(&mut self, at: usize) {
        self.cursor = at.min(self.text(&self.focus).chars().count());
    }

    /// Types one character at the cursor. Control characters are refused (a newline is
    /// accepted in long text); so is a character past `max_len`. Returns whether it went in.
    pub fn insert_char(&mut self, c: char) -> bool {
        self.edit(|e| {
            let newline = c == '\n' && e.kind == FieldKind::LongText;
            if c.is_control() && !newline {
                return false;
            }
            if e.text.chars().nth(e.limit.saturating_sub(1)).is_some() {
                return false;
            }
            let at = byte_at(e.text, *e.cursor);
            e.text.insert(at, c);
            *e.cursor += 1;
            true
        })
    }

    /// Pastes `s` at the cursor: newlines become spaces (kept in long text), tabs spaces,
    /// other control characters dropped, the rest clipped to what `max_len` leaves room for.
    /// Returns whether something was cut, so the UI can say so.
    pub fn insert_str(&mut self, s: &str) -> bool {
        let mut clipped = false;
        self.edit(|e| {
            let room = e.limit.saturating_sub(e.text.chars().count());
            let mut add = String::new();
            let mut n = 0;
            let mut chars = s.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    continue;
                }
                let Some(c) = clean(if c == '\r' { '\n' } else { c }, e.kind) else {
                    continue;
                };
                if n == room {
                    clipped = true;
                    break;
                }
                add.push(c);
                n += 1;
            }
            if add.is_empty() {
                return false;
            }
            let at = byte_at(e.text, *e.cursor);
            e.text.insert_str(at, &add);
            *e.cursor += n;
            true
        });
        clipped
    }

    /// Deletes the character before the cursor.
    pub fn backspace(&mut self) -> bool {
        self.edit(|e| {
            if *e.cursor == 0 {
                return false;
            }
            *e.cursor -= 1;
            let at = byte_at(e.text, *e.cursor);
            e.text.remove(at);
            true
        })
    }

    /// Deletes the character under the cursor.
    pub fn delete(&mut self) -> bool {
        self.edit(|e| {
            let at = byte_at(e.text, *e.cursor);
            if at >= e.text.len() {
                return false;
            }
            e.text.remove(at);
            true
        })
    }

    /// Deletes back to the start of the word before the cursor (Ctrl+W).
    pub fn delete_word_back(&mut self) -> bool {
        self.edit(|e| {
            let chars: Vec<char> = e.text.chars().take(*e.cursor).collect();
            let mut start = chars.len();
            while start > 0 && chars[start - 1].is_whitespace() {
                start -= 1;
            }
            while start > 0 && !chars[start - 1].is_whitespace() {
                start -= 1;
            }
            if start == chars.len() {
                return false;
            }
            let (a, b) = (byte_at(e.text, start), byte_at(e.text, chars.len()));
            e.text.replace_range(a..b, "");
            *e.cursor = start;
            true
        })
    }

    /// Empties the focused text.
    pub fn clear(&mut self) -> bool {
        self.edit(|e| {
            *e.cursor = 0;
            if e.text.is_empty() {
                return false;
            }
            e.text.clear();
            true
        })
    }

    pub fn left(&mut self) -> bool {
        let moved = self.cursor > 0;
        self.cursor = self.cursor.saturating_sub(1);
        moved
    }

    pub fn right(&mut self) -> bool {
        let len = self.text(&self.focus).chars().count();
        let moved = self.cursor < len;
        self.cursor = (self.cursor + 1).min(len);
        moved
    }

    /// To the start of the line (the text, but for long text).
    pub fn home(&mut self) -> bool {
        let before: Vec<char> = self.text(&self.focus).chars().take(self.cursor).collect();
        let start = before.iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
        let moved = start != self.cursor;
        self.cursor = start;
        moved
    }

    /// To the end of the line (the text, but for long text).
    pub fn end(&mut self) -> bool {
        let text = self.text(&self.focus);
        let after = text
            .chars()
            .skip(self.cursor)
            .take_while(|&c| c != '\n')
            .count();
        let end = (self.cursor + after).min(text.chars().count());
        let moved = end != self.cursor;
        self.cursor = end;
        moved
    }

    /// Runs `f` on the focused text; records a change when it returns true.
    fn edit(&mut self, f: impl FnOnce(Ctx) -> bool) -> bool {
        let Some(stop) = self.focused_stop() else {
            return false;
        };
        if stop.add_row || !stop.kind.is_typed() {
            return false;
        }
        let (limit, kind) = (stop.field.limit(), stop.kind);
        let focus = self.focus.clone();
        let Some(FieldInput::Text(text)) = input_mut(&mut self.values, &focus) else {
            return false;
        };
        self.cursor = self.cursor.min(text.chars().count());
        let changed = f(Ctx {
            text,
            cursor: &mut self.cursor,
            limit,
            kind,
        });
        if changed {
            self.changed();
        }
        changed
    }
}

/// The character as it goes into a field of `kind`, or `None` when it is dropped.
fn clean(c: char, kind: FieldKind) -> Option<char> {
    match c {
        '\n' if kind == FieldKind::LongText => Some('\n'),
        '\n' | '\t' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// The byte offset of character `i` (the end when past it).
fn byte_at(s: &str, i: usize) -> usize {
    s.char_indices().nth(i).map_or(s.len(), |(b, _)| b)
}
