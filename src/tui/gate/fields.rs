//! A few labelled one-line fields, some of them secret (shown as dots): what the setup,
//! login and lock screens are made of.

use zeroize::Zeroize;

use crate::tui::keymap::Action;
use crate::tui::widgets::line_edit::LineEdit;
use crate::tui::widgets::secret_edit::SecretEdit;

/// Longest value of a field: names and passphrases fit, a 10 MB paste does not.
pub const MAX_LEN: usize = 200;

pub struct Field {
    pub label: &'static str,
    pub secret: bool,
    pub edit: Edit,
}

/// A field's editor: secrets get the one that edits in place and wipes what it held.
pub enum Edit {
    Line(LineEdit),
    Secret(SecretEdit),
}

impl Edit {
    pub fn value(&self) -> &str {
        match self {
            Edit::Line(e) => e.value(),
            Edit::Secret(e) => e.value(),
        }
    }

    /// The cursor as a char index.
    pub fn cursor(&self) -> usize {
        match self {
            Edit::Line(e) => e.cursor(),
            Edit::Secret(e) => e.cursor(),
        }
    }

    pub fn clear(&mut self) {
        match self {
            Edit::Line(e) => e.clear(),
            Edit::Secret(e) => e.clear(),
        }
    }

    pub fn apply(&mut self, a: &Action) -> bool {
        match self {
            Edit::Line(e) => e.apply(a),
            Edit::Secret(e) => e.apply(a),
        }
    }
}

impl Field {
    pub fn text(label: &'static str) -> Field {
        Field {
            label,
            secret: false,
            edit: Edit::Line(LineEdit::new(MAX_LEN)),
        }
    }

    pub fn secret(label: &'static str) -> Field {
        Field {
            label,
            secret: true,
            edit: Edit::Secret(SecretEdit::new(MAX_LEN)),
        }
    }

    /// What is drawn: secrets as one dot per character.
    pub fn shown(&self) -> String {
        if self.secret {
            "•".repeat(self.edit.value().chars().count())
        } else {
            self.edit.value().to_string()
        }
    }
}

/// What a key did to the fields.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Typing or moving between fields.
    Edited,
    /// Enter on the last field (or Ctrl+S): the operator wants to go on.
    Submit,
    /// Esc or Ctrl+Q: leave.
    Leave,
    None,
}

/// The actions a field's editor takes.
fn edits(a: &Action) -> bool {
    matches!(
        a,
        Action::Type(_)
            | Action::Paste(_)
            | Action::Backspace
            | Action::Delete
            | Action::Left
            | Action::Right
            | Action::LineStart
            | Action::LineEnd
            | Action::DeleteWord
            | Action::Clear
    )
}

pub struct Fields {
    pub fields: Vec<Field>,
    pub focus: usize,
}

impl Fields {
    pub fn new(fields: Vec<Field>) -> Fields {
        Fields { fields, focus: 0 }
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.edit.value())
    }

    /// Empties the secret fields (after a wrong passphrase, or once used).
    pub fn clear_secrets(&mut self) {
        for f in self.fields.iter_mut().filter(|f| f.secret) {
            f.edit.clear();
        }
    }

    pub fn focus_on(&mut self, i: usize) {
        self.focus = i.min(self.fields.len().saturating_sub(1));
    }

    /// What an action (resolved from the key tables) does to the fields.
    pub fn action(&mut self, a: &Action) -> Outcome {
        let last = self.fields.len().saturating_sub(1);
        match a {
            Action::Back => Outcome::Leave,
            Action::Save => Outcome::Submit,
            Action::Confirm if self.focus >= last => Outcome::Submit,
            Action::Confirm | Action::NextField | Action::Down => {
                self.focus = (self.focus + 1).min(last);
                Outcome::Edited
            }
            Action::PrevField | Action::Up => {
                self.focus = self.focus.saturating_sub(1);
                Outcome::Edited
            }
            a if edits(a) => {
                self.edit(a);
                Outcome::Edited
            }
            _ => Outcome::None,
        }
    }

    pub fn paste(&mut self, s: &str) {
        let mut a = Action::Paste(s.to_string());
        self.edit(&a);
        // The copy may hold a pasted passphrase.
        if let Action::Paste(copy) = &mut a {
            copy.zeroize();
        }
    }

    fn edit(&mut self, a: &Action) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.edit.apply(a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_moving_and_submitting() {
        let mut f = Fields::new(vec![Field::text("a"), Field::secret("b")]);
        assert_eq!(f.action(&Action::Type('x')), Outcome::Edited);
        assert_eq!(f.action(&Action::Confirm), Outcome::Edited);
        for c in "pw".chars() {
            f.action(&Action::Type(c));
        }
        assert_eq!((f.value(0), f.value(1)), ("x", "pw"));
        assert_eq!(f.fields[1].shown(), "••");
        assert_eq!(f.action(&Action::Confirm), Outcome::Submit);
        f.clear_secrets();
        assert_eq!((f.value(0), f.value(1)), ("x", ""));
        f.paste(&"y".repeat(10_000_000));
        assert_eq!(f.value(1).len(), MAX_LEN);
        assert_eq!(f.action(&Action::Back), Outcome::Leave);
        assert_eq!(f.action(&Action::New), Outcome::None);
    }
}
