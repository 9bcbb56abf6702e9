//! What keys do to the focused field: typing, choosing from a list, yes/no, rows.

use super::FormScreen;
use super::picker::{PickOutcome, Picker};
use crate::forms::{FieldInput, FieldKind};
use crate::i18n::Msg;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;

impl FormScreen {
    /// Enter (or a typed letter) on the focused stop.
    pub(super) fn choose(&mut self, first: Option<char>) {
        let Some(stop) = self.state.focused_stop() else {
            return;
        };
        if stop.add_row {
            self.state.add_row();
            return;
        }
        match stop.kind {
            FieldKind::Choice | FieldKind::MultiChoice => {
                let name = stop.field.lookup.as_deref().unwrap_or_default();
                let list = self.state.lookup(name).cloned().unwrap_or_default();
                self.picker = Some(Picker::new(
                    list,
                    stop.kind == FieldKind::MultiChoice,
                    first,
                ));
            }
            FieldKind::YesNo => {
                let next = match (first, self.state.input(&stop.path.clone())) {
                    (Some('s' | 'S' | 'y' | 'Y' | '1'), _) => Some(true),
                    (Some('n' | 'N' | '0'), _) => Some(false),
                    (Some(_), _) => return,
                    (None, Some(FieldInput::Bool(Some(true)))) => Some(false),
                    (None, Some(FieldInput::Bool(Some(false)))) => None,
                    (None, _) => Some(true),
                };
                self.state.set_bool(next);
            }
            FieldKind::LongText if first.is_none() => {
                self.state.insert_char('\n');
            }
            _ => {
                self.state.next_stop();
            }
        }
    }

    pub(super) fn update_picker(&mut self, action: Action, ctx: &mut Ctx) {
        let Some(p) = self.picker.as_mut() else {
            return;
        };
        match p.update(&action, ctx.i18n.lang) {
            PickOutcome::Stay => {}
            PickOutcome::Close => self.picker = None,
            PickOutcome::Pick(code) => {
                self.state.set_choice(Some(&code));
                self.picker = None;
                self.state.next_stop();
            }
            PickOutcome::ClearChoice => {
                self.state.set_choice(None);
                self.picker = None;
            }
            PickOutcome::Toggle(code) => {
                self.state.toggle_multi(&code);
            }
        }
    }

    pub(super) fn edit_focused(&mut self, action: Action, ctx: &mut Ctx) {
        let typed = self.state.focus_is_typed();
        match action {
            Action::Type(c) if typed => {
                self.state.insert_char(c);
            }
            Action::Type(c) => self.choose(Some(c)),
            Action::Paste(s) if typed && self.state.insert_str(&s) => {
                let max = self
                    .state
                    .focused_stop()
                    .map(|s| s.field.limit())
                    .unwrap_or(0);
                ctx.warn(Msg::new("forms.clipped").arg("max", max));
            }
            Action::Backspace => {
                self.state.backspace();
            }
            Action::Delete if typed => {
                self.state.delete();
            }
            Action::Delete => {
                self.clear_focused();
            }
            Action::Left => {
                self.state.left();
            }
            Action::Right => {
                self.state.right();
            }
            Action::LineStart => {
                self.state.home();
            }
            Action::LineEnd => {
                self.state.end();
            }
            Action::DeleteWord => {
                self.state.delete_word_back();
            }
            Action::Clear if typed => {
                self.state.clear();
            }
            Action::Clear => self.clear_focused(),
            _ => {}
        }
    }

    pub(super) fn clear_focused(&mut self) {
        match self.state.focused_stop().map(|s| s.kind) {
            Some(FieldKind::Choice) => {
                self.state.set_choice(None);
            }
            Some(FieldKind::YesNo) => {
                self.state.set_bool(None);
            }
            _ => {}
        }
    }
}
