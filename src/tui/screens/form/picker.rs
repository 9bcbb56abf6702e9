//! The list of a choice or multi-choice field, filtered as the operator types. Enter and Tab
//! take the best match (the highlighted one); typed text that matches nothing is handed back
//! to the field, never thrown away.

use crate::i18n::Lang;
use crate::lookups::{Lookup, LookupItem};
use crate::tui::keymap::Action;
use crate::tui::widgets::line_edit::LineEdit;
use crate::tui::widgets::scroll_list::{Move, target};

/// Rows a PgUp or PgDn moves.
const PAGE: usize = 10;

/// The longest filter: as long as a line of text, so that what was typed on the wrong field
/// is kept whole.
pub const MAX_FILTER: usize = 200;

pub struct Picker {
    /// The list offered (a copy: compiled-in lists are a few hundred items at most).
    pub lookup: Lookup,
    pub multi: bool,
    pub filter: LineEdit,
    pub selected: usize,
    /// The highlight was moved by the operator (arrows, pages): Enter with nothing typed
    /// then takes it; otherwise Enter with nothing typed leaves the field as it was.
    moved: bool,
}

/// What the form does after a key in the picker.
#[derive(Debug, PartialEq, Eq)]
pub enum PickOutcome {
    Stay,
    /// Closed with nothing typed: the field keeps its value.
    Close,
    /// Closed by Esc with this text typed: the field keeps the text (marked "no match").
    Keep(String),
    /// A single choice taken: set it and go to the next field.
    Pick(String),
    /// A multi-choice: add or remove this code; the list stays open with an empty filter.
    Toggle(String),
    /// Enter/Tab with nothing typed and no item picked with the arrows: the field stays as
    /// it was, the next field.
    Next,
    /// Enter/Tab with text matching nothing: the field keeps the text, then the next field.
    Unmatched(String),
    ClearChoice,
    /// The filter reached [`MAX_FILTER`].
    Clipped,
}

impl Picker {
    /// A picker on `lookup`; `typed` starts the filter (text already in the field, then the
    /// key that opened the list); `current` is highlighted when nothing is typed.
    pub fn new(lookup: Lookup, multi: bool, typed: &str, current: Option<&str>) -> Picker {
        let mut filter = LineEdit::new(MAX_FILTER);
        filter.apply(&Action::Paste(typed.to_string()));
        filter.take_changed();
        let selected = match current {
            Some(code) if typed.trim().is_empty() => lookup
                .items
                .iter()
                .position(|i| i.code == code)
                .unwrap_or(0),
            _ => 0,
        };
        Picker {
            lookup,
            multi,
            filter,
            selected,
            moved: false,
        }
    }

    pub fn items(&self, lang: Lang) -> Vec<&LookupItem> {
        self.lookup.filter(self.filter.value(), lang)
    }

    fn typed(&self) -> Option<String> {
        let t = self.filter.value().trim();
        (!t.is_empty()).then(|| t.to_string())
    }

    /// Enter or Tab: the best match, or what to do with the text when nothing matches.
    fn accept(&mut self, lang: Lang) -> PickOutcome {
        let typed = self.typed();
        if typed.is_none() && (self.multi || !self.moved) {
            return PickOutcome::Next;
        }
        let best = self.items(lang).get(self.selected).map(|i| i.code.clone());
        match (best, typed) {
            (Some(code), _) if self.multi => {
                self.filter.clear();
                self.filter.take_changed();
                self.selected = 0;
                PickOutcome::Toggle(code)
            }
            (Some(code), _) => PickOutcome::Pick(code),
            (None, Some(text)) => PickOutcome::Unmatched(text),
            (None, None) => PickOutcome::Close,
        }
    }

    pub fn update(&mut self, a: &Action, lang: Lang) -> PickOutcome {
        let n = self.items(lang).len();
        if matches!(
            a,
            Action::Up | Action::Down | Action::PageUp | Action::PageDown
        ) {
            self.moved = true;
        }
        match a {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                if let Some(mv) = Move::of(a) {
                    self.selected = target(mv, self.selected, n, PAGE);
                }
            }
            Action::Cancel => {
                return match self.typed() {
                    Some(text) => PickOutcome::Keep(text),
                    None => PickOutcome::Close,
                };
            }
            Action::Clear if !self.multi && self.typed().is_none() => {
                return PickOutcome::ClearChoice;
            }
            Action::Choose | Action::NextField => return self.accept(lang),
            // Space before anything is typed marks the highlighted item of a multi-choice.
            Action::Type(' ') if self.multi && self.typed().is_none() => {
                return match self.items(lang).get(self.selected) {
                    Some(item) => PickOutcome::Toggle(item.code.clone()),
                    None => PickOutcome::Stay,
                };
            }
            other => {
                let clipped = self.filter.apply(other);
                if self.filter.take_changed() {
                    self.selected = 0;
                    self.moved = false;
                }
                if clipped {
                    return PickOutcome::Clipped;
                }
            }
        }
        PickOutcome::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(p: &mut Picker, s: &str, lang: Lang) {
        for c in s.chars() {
            p.update(&Action::Type(c), lang);
        }
    }

    #[test]
    fn enter_and_tab_take_the_best_match() {
        let countries = crate::lookups::lookup("countries").clone();
        for key in [Action::Choose, Action::NextField] {
            let mut p = Picker::new(countries.clone(), false, "e", None);
            typed(&mut p, "rit", Lang::It);
            assert_eq!(p.update(&key, Lang::It), PickOutcome::Pick("ER".into()));
        }
    }

    #[test]
    fn text_matching_nothing_is_handed_back_whole() {
        let countries = crate::lookups::lookup("countries").clone();
        let mut p = Picker::new(countries.clone(), false, "", None);
        typed(&mut p, "01/01/1990", Lang::It);
        assert_eq!(
            p.update(&Action::NextField, Lang::It),
            PickOutcome::Unmatched("01/01/1990".into())
        );
        let mut p = Picker::new(countries, false, "Asmar", None);
        typed(&mut p, "a", Lang::En);
        assert_eq!(
            p.update(&Action::Cancel, Lang::En),
            PickOutcome::Keep("Asmara".into())
        );
    }

    #[test]
    fn a_multi_choice_adds_matches_and_goes_on_when_nothing_is_typed() {
        let langs = crate::lookups::lookup("languages").clone();
        let mut m = Picker::new(langs, true, "", None);
        assert!(matches!(
            m.update(&Action::Type(' '), Lang::En),
            PickOutcome::Toggle(_)
        ));
        typed(&mut m, "arab", Lang::En);
        assert!(matches!(
            m.update(&Action::Choose, Lang::En),
            PickOutcome::Toggle(_)
        ));
        assert_eq!(m.filter.value(), "");
        assert_eq!(m.update(&Action::Choose, Lang::En), PickOutcome::Next);
        assert_eq!(m.update(&Action::Cancel, Lang::En), PickOutcome::Close);
    }

    #[test]
    fn with_nothing_typed_enter_takes_only_what_the_arrows_chose() {
        let countries = crate::lookups::lookup("countries").clone();
        let p = Picker::new(countries.clone(), false, "", Some("ER"));
        assert_eq!(
            p.items(Lang::It)[p.selected].code,
            "ER",
            "the list opens on the current value"
        );
        // Opened to look, closed with Enter: the first item is not chosen by accident.
        let mut p = Picker::new(countries.clone(), false, "", None);
        assert_eq!(p.update(&Action::Choose, Lang::It), PickOutcome::Next);
        let mut p = Picker::new(countries, false, "", None);
        p.update(&Action::Down, Lang::It);
        assert!(matches!(
            p.update(&Action::Choose, Lang::It),
            PickOutcome::Pick(_)
        ));
    }
}
