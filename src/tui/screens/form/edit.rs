//! What keys do to the focused field: typing, choosing from a list, yes/no, rows. Enter and
//! Tab accept and go on everywhere (Enter adds a line in long text, a row on "+ Add"); a
//! character typed anywhere lands somewhere the operator can see it.

use super::FormScreen;
use super::picker::{MAX_FILTER, PickOutcome, Picker};
use crate::forms::{FieldInput, FieldKind};
use crate::i18n::Msg;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;

impl FormScreen {
    /// Opens the list of the focused choice. `typed` starts the filter; text the field holds
    /// that matches nothing is put back in front of it, to be corrected rather than lost.
    pub(super) fn open_picker(&mut self, typed: &str) {
        let Some(stop) = self.state.focused_stop() else {
            return;
        };
        let multi = stop.kind == FieldKind::MultiChoice;
        let name = stop.field.lookup.as_deref().unwrap_or_default();
        let list = self.state.lookup(name).cloned().unwrap_or_default();
        let (current, unmatched) = match self.state.input(&stop.path) {
            Some(FieldInput::Choice(Some(c))) if list.get(c).is_none() => (None, c.clone()),
            Some(FieldInput::Choice(Some(c))) => (Some(c.clone()), String::new()),
            _ => (None, String::new()),
        };
        let start = format!("{unmatched}{typed}");
        self.picker = Some(Picker::new(list, multi, &start, current.as_deref()));
    }

    /// An action of the editing mode that does not leave the form: moving, rows, typing.
    pub(super) fn edit_action(&mut self, action: Action, ctx: &mut Ctx) {
        match action {
            Action::NextField => {
                self.state.next_stop();
            }
            Action::PrevField => {
                self.state.prev_stop();
            }
            Action::NextSection => {
                self.state.next_section();
            }
            Action::PrevSection => {
                self.state.prev_section();
            }
            Action::Choose => self.enter(ctx),
            Action::AddRow => {
                self.add_row(ctx);
            }
            Action::RemoveRow => {
                self.state.remove_row();
            }
            Action::RowUp => {
                self.state.move_row_up();
            }
            Action::RowDown => {
                self.state.move_row_down();
            }
            other => self.edit_focused(other, ctx),
        }
    }

    /// Enter on the focused stop: a new line in long text, a row on "+ Add", else go on.
    pub(super) fn enter(&mut self, ctx: &mut Ctx) {
        match self.state.focused_stop().map(|s| (s.add_row, s.kind)) {
            Some((true, _)) => {
                self.add_row(ctx);
            }
            Some((false, FieldKind::LongText)) => {
                self.state.insert_char('\n');
            }
            _ => {
                self.state.next_stop();
            }
        }
    }

    pub(super) fn add_row(&mut self, ctx: &mut Ctx) -> bool {
        let added = self.state.add_row();
        if !added && let Some(stop) = self.state.focused_stop() {
            let max = stop.field.row_limit();
            ctx.warn(Msg::new("form.entry.rows_full").arg("max", max));
        }
        added
    }

    /// A printable character on a stop that is not typed into.
    fn type_on(&mut self, c: char, ctx: &mut Ctx) {
        let Some((add_row, kind, path)) = self
            .state
            .focused_stop()
            .map(|s| (s.add_row, s.kind, s.path.clone()))
        else {
            return;
        };
        if add_row {
            // A new row, and the character goes into its first cell.
            if self.add_row(ctx) {
                self.edit_focused(Action::Type(c), ctx);
            }
            return;
        }
        match kind {
            FieldKind::Choice | FieldKind::MultiChoice if c == ' ' => self.open_picker(""),
            FieldKind::Choice | FieldKind::MultiChoice => self.open_picker(&c.to_string()),
            FieldKind::YesNo => {
                let next = match (c, self.state.input(&path)) {
                    ('s' | 'S' | 'y' | 'Y' | '1', _) => Some(true),
                    ('n' | 'N' | '0', _) => Some(false),
                    (' ', Some(FieldInput::Bool(Some(true)))) => Some(false),
                    (' ', Some(FieldInput::Bool(Some(false)))) => None,
                    (' ', _) => Some(true),
                    _ => {
                        ctx.warn(Msg::new("form.entry.yes_no_keys"));
                        return;
                    }
                };
                self.state.set_bool(next);
            }
            _ => {}
        }
    }

    pub(super) fn update_picker(&mut self, action: Action, ctx: &mut Ctx) {
        let Some(p) = self.picker.as_mut() else {
            return;
        };
        match p.update(&action, ctx.i18n.lang) {
            PickOutcome::Stay => {}
            PickOutcome::Clipped => {
                ctx.warn(Msg::new("forms.clipped").arg("max", MAX_FILTER));
            }
            PickOutcome::Close => self.picker = None,
            PickOutcome::Keep(text) => {
                self.keep_unmatched(text);
                self.picker = None;
            }
            PickOutcome::Pick(code) => {
                self.state.set_choice(Some(&code));
                self.picker = None;
                self.state.next_stop();
            }
            PickOutcome::Unmatched(text) => {
                self.keep_unmatched(text);
                self.picker = None;
                self.state.next_stop();
            }
            PickOutcome::Next => {
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

    /// Text typed on a choice that matches nothing stays in the field as typed; validation
    /// marks it ("not in the list") and it cannot be saved until corrected.
    fn keep_unmatched(&mut self, text: String) {
        let multi = self
            .state
            .focused_stop()
            .is_some_and(|s| s.kind == FieldKind::MultiChoice);
        if multi {
            let held = matches!(
                self.state.input(self.state.focus()),
                Some(FieldInput::Multi(codes)) if codes.contains(&text)
            );
            if !held {
                self.state.toggle_multi(&text);
            }
        } else {
            self.state.set_choice(Some(&text));
        }
    }

    pub(super) fn edit_focused(&mut self, action: Action, ctx: &mut Ctx) {
        let typed = self.state.focus_is_typed();
        match action {
            Action::Type(c) if typed && !self.state.insert_char(c) => self.refused_char(ctx),
            Action::Type(_) if typed => {}
            Action::Type(c) => self.type_on(c, ctx),
            Action::Paste(s) if typed && self.state.insert_str(&s) => {
                let max = self
                    .state
                    .focused_stop()
                    .map(|s| s.field.limit())
                    .unwrap_or(0);
                ctx.warn(Msg::new("forms.clipped").arg("max", max));
            }
            Action::Paste(s) if !typed => {
                if self.state.focused_stop().is_some_and(|s| s.add_row) && !self.add_row(ctx) {
                    return;
                }
                match self.state.focused_stop().map(|s| s.kind) {
                    Some(k) if k.is_typed() => self.edit_focused(Action::Paste(s), ctx),
                    Some(FieldKind::Choice | FieldKind::MultiChoice) => self.open_picker(&s),
                    _ => {}
                }
            }
            Action::Backspace if typed => {
                self.state.backspace();
            }
            Action::Backspace | Action::Delete if !typed => self.clear_focused(),
            Action::Delete => {
                self.state.delete();
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

    /// A character the field did not take (it is full, or cannot be typed): said, not lost
    /// in silence.
    fn refused_char(&self, ctx: &mut Ctx) {
        if let Some(stop) = self.state.focused_stop() {
            let max = stop.field.limit();
            if self.state.text(&stop.path).chars().count() >= max {
                ctx.warn(Msg::new("forms.too_long").arg("max", max));
            }
        }
    }

    /// Backspace or Del on a field that is not typed into: a choice or an answer is cleared;
    /// on a multi-choice the last entry goes (the list's other entries stay).
    pub(super) fn clear_focused(&mut self) {
        match self.state.focused_stop().map(|s| s.kind) {
            Some(FieldKind::Choice) => {
                self.state.set_choice(None);
            }
            Some(FieldKind::YesNo) => {
                self.state.set_bool(None);
            }
            Some(FieldKind::MultiChoice) => {
                let last = match self.state.input(self.state.focus()) {
                    Some(FieldInput::Multi(codes)) => codes.last().cloned(),
                    _ => None,
                };
                if let Some(code) = last {
                    self.state.toggle_multi(&code);
                }
            }
            _ => {}
        }
    }
}
