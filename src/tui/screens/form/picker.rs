//! Type-to-filter list for choice and multi-choice fields.

use crate::i18n::Lang;
use crate::lookups::{Lookup, LookupItem};
use crate::tui::keymap::Action;
use crate::tui::widgets::line_edit::LineEdit;

pub struct Picker {
    /// The list offered (a copy: compiled-in lists are small, run-time ones smaller).
    pub lookup: Lookup,
    pub multi: bool,
    pub filter: LineEdit,
    pub selected: usize,
}

/// What the form does after a key in the picker.
#[derive(Debug, PartialEq, Eq)]
pub enum PickOutcome {
    Stay,
    Close,
    Pick(String),
    Toggle(String),
    ClearChoice,
}

impl Picker {
    pub fn new(lookup: Lookup, multi: bool, first: Option<char>) -> Picker {
        let mut filter = LineEdit::new(60);
        if let Some(c) = first {
            filter.apply(&Action::Type(c));
        }
        Picker {
            lookup,
            multi,
            filter,
            selected: 0,
        }
    }

    pub fn items(&self, lang: Lang) -> Vec<&LookupItem> {
        self.lookup.filter(self.filter.value(), lang)
    }

    pub fn update(&mut self, a: &Action, lang: Lang) -> PickOutcome {
        let n = self.items(lang).len();
        match a {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.selected = (self.selected + 10).min(n.saturating_sub(1)),
            Action::Cancel => return PickOutcome::Close,
            Action::Clear if !self.multi => return PickOutcome::ClearChoice,
            Action::Choose => {
                let Some(item) = self.items(lang).get(self.selected).copied() else {
                    return PickOutcome::Stay;
                };
                return if self.multi {
                    PickOutcome::Toggle(item.code.clone())
                } else {
                    PickOutcome::Pick(item.code.clone())
                };
            }
            other => {
                self.filter.apply(other);
                if self.filter.take_changed() {
                    self.selected = 0;
                }
            }
        }
        PickOutcome::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_filters_and_enter_picks() {
        let mut p = Picker::new(
            crate::lookups::lookup("countries").clone(),
            false,
            Some('e'),
        );
        for c in "rit".chars() {
            p.update(&Action::Type(c), Lang::It);
        }
        assert_eq!(
            p.update(&Action::Choose, Lang::It),
            PickOutcome::Pick("ER".into())
        );
        let mut m = Picker::new(crate::lookups::lookup("languages").clone(), true, None);
        assert!(matches!(
            m.update(&Action::Choose, Lang::En),
            PickOutcome::Toggle(_)
        ));
        assert_eq!(m.update(&Action::Cancel, Lang::En), PickOutcome::Close);
    }
}
