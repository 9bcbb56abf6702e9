//! Choices, yes/no answers and the rows of repeated groups, on the focused stop.

use super::issue::FieldPath;
use super::spec::FieldKind;
use super::state::{FormState, input_mut};
use super::value::{FieldInput, empty_row};

impl FormState {
    /// Sets (or with `None` clears) the focused choice. Returns whether it changed.
    pub fn set_choice(&mut self, code: Option<&str>) -> bool {
        self.update_focused(FieldKind::Choice, |input| {
            let new = FieldInput::Choice(code.map(str::to_string));
            std::mem::replace(input, new.clone()) != new
        })
    }

    /// Adds `code` to the focused multi-choice, or removes it when already there.
    pub fn toggle_multi(&mut self, code: &str) -> bool {
        self.update_focused(FieldKind::MultiChoice, |input| {
            let FieldInput::Multi(codes) = input else {
                return false;
            };
            match codes.iter().position(|c| c == code) {
                Some(i) => {
                    codes.remove(i);
                }
                None => codes.push(code.to_string()),
            }
            true
        })
    }

    /// Answers the focused yes/no (`None`: not answered).
    pub fn set_bool(&mut self, value: Option<bool>) -> bool {
        self.update_focused(FieldKind::YesNo, |input| {
            let new = FieldInput::Bool(value);
            std::mem::replace(input, new.clone()) != new
        })
    }

    /// The group the focus is in (on a cell or on its add-row stop) and the focused row.
    fn focused_group(&self) -> Option<(String, Option<usize>)> {
        let field = self.spec.field(&self.focus.field)?;
        (field.kind == FieldKind::Group).then(|| (field.id.clone(), self.focus.row))
    }

    /// Appends an empty row to the focused group and focuses its first cell; refused when the
    /// group holds as many rows as its spec allows.
    pub fn add_row(&mut self) -> bool {
        let Some((group, _)) = self.focused_group() else {
            return false;
        };
        let Some(spec) = self.spec.field(&group) else {
            return false;
        };
        let row = empty_row(spec);
        let first = spec.fields.first().map(|f| f.id.clone());
        let limit = spec.row_limit();
        let Some(FieldInput::Group(rows)) = self.values.get_mut(&group) else {
            return false;
        };
        if rows.len() >= limit {
            return false;
        }
        rows.push(row);
        let at = rows.len() - 1;
        self.changed();
        if let Some(sub) = first {
            self.set_focus(FieldPath::cell(&group, at, sub));
        }
        true
    }

    /// Removes the focused row; the focus stays on the same cell of the row taking its place,
    /// or goes to the add-row stop.
    pub fn remove_row(&mut self) -> bool {
        let Some((group, Some(r))) = self.focused_group() else {
            return false;
        };
        let Some(FieldInput::Group(rows)) = self.values.get_mut(&group) else {
            return false;
        };
        if r >= rows.len() {
            return false;
        }
        rows.remove(r);
        self.changed();
        self.fix_focus();
        // The same path now names the next row's cell, or nothing: then the add-row stop.
        self.cursor_to_end();
        true
    }

    /// Moves the focused row one place up; the focus follows it.
    pub fn move_row_up(&mut self) -> bool {
        match self.focused_group() {
            Some((group, Some(r))) if r > 0 => self.swap_rows(&group, r, r - 1),
            _ => false,
        }
    }

    /// Moves the focused row one place down; the focus follows it.
    pub fn move_row_down(&mut self) -> bool {
        match self.focused_group() {
            Some((group, Some(r))) => self.swap_rows(&group, r, r + 1),
            _ => false,
        }
    }

    fn swap_rows(&mut self, group: &str, from: usize, to: usize) -> bool {
        let Some(FieldInput::Group(rows)) = self.values.get_mut(group) else {
            return false;
        };
        if from >= rows.len() || to >= rows.len() {
            return false;
        }
        rows.swap(from, to);
        self.changed();
        self.focus.row = Some(to);
        true
    }

    /// Runs `f` on the focused input when the focused stop is of `kind`.
    fn update_focused(&mut self, kind: FieldKind, f: impl FnOnce(&mut FieldInput) -> bool) -> bool {
        if !self
            .focused_stop()
            .is_some_and(|s| !s.add_row && s.kind == kind)
        {
            return false;
        }
        let focus = self.focus.clone();
        let changed = input_mut(&mut self.values, &focus).is_some_and(f);
        if changed {
            self.changed();
        }
        changed
    }
}
