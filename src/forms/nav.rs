//! Sections and focus stops. Each simple field of the current section is a stop; a repeated
//! group gives one stop per sub-field per row, then an "add a row" stop (the group's own path).
//! Tab past the last stop of a section goes to the next section's first, Shift+Tab back.

use super::issue::FieldPath;
use super::spec::{FieldKind, FieldSpec, SectionSpec};
use super::state::FormState;
use super::value::FieldInput;

/// One place the focus can rest on.
#[derive(Debug, Clone, PartialEq)]
pub struct Stop<'a> {
    pub path: FieldPath,
    /// What is edited here: the field, a group's sub-field for a cell, the group itself for
    /// the add-row stop.
    pub field: &'a FieldSpec,
    /// The group a cell or add-row stop belongs to.
    pub group: Option<&'a FieldSpec>,
    /// `field.kind`, for matching.
    pub kind: FieldKind,
    /// The "add a row" stop of a group (Enter adds a row).
    pub add_row: bool,
}

impl FormState {
    pub fn sections(&self) -> &[SectionSpec] {
        &self.spec.sections
    }

    /// The index of the current section.
    pub fn section(&self) -> usize {
        self.section
    }

    /// The spec of the current section (`None` only for a form without sections).
    pub fn section_spec(&self) -> Option<&SectionSpec> {
        self.spec.sections.get(self.section)
    }

    /// Goes to section `i` (clamped), focused on its first stop.
    pub fn set_section(&mut self, i: usize) {
        self.section = i.min(self.spec.sections.len().saturating_sub(1));
        let first = self.stops().first().map(|s| s.path.clone());
        self.focus = first.unwrap_or_default();
        self.cursor_to_end();
    }

    /// Returns whether there was a next section.
    pub fn next_section(&mut self) -> bool {
        if self.section + 1 < self.spec.sections.len() {
            self.set_section(self.section + 1);
            true
        } else {
            false
        }
    }

    /// Returns whether there was a previous section.
    pub fn prev_section(&mut self) -> bool {
        if self.section > 0 {
            self.set_section(self.section - 1);
            true
        } else {
            false
        }
    }

    /// The stops of the current section, in order.
    pub fn stops(&self) -> Vec<Stop<'_>> {
        self.stops_of(self.section)
    }

    /// The stops of section `i`.
    pub fn stops_of(&self, i: usize) -> Vec<Stop<'_>> {
        let mut out = Vec::new();
        let Some(section) = self.spec.sections.get(i) else {
            return out;
        };
        for f in &section.fields {
            if f.kind != FieldKind::Group {
                out.push(Stop {
                    path: FieldPath::field(&f.id),
                    field: f,
                    group: None,
                    kind: f.kind,
                    add_row: false,
                });
                continue;
            }
            for r in 0..self.row_count(&f.id) {
                for sub in &f.fields {
                    out.push(Stop {
                        path: FieldPath::cell(&f.id, r, &sub.id),
                        field: sub,
                        group: Some(f),
                        kind: sub.kind,
                        add_row: false,
                    });
                }
            }
            out.push(Stop {
                path: FieldPath::field(&f.id),
                field: f,
                group: Some(f),
                kind: FieldKind::Group,
                add_row: true,
            });
        }
        out
    }

    /// The number of rows of group `id` (0 for other fields).
    pub fn row_count(&self, id: &str) -> usize {
        match self.values.get(id) {
            Some(FieldInput::Group(rows)) => rows.len(),
            _ => 0,
        }
    }

    /// The focused path.
    pub fn focus(&self) -> &FieldPath {
        &self.focus
    }

    /// The index of the focused stop in [`FormState::stops`].
    pub fn focus_index(&self) -> Option<usize> {
        self.stops().iter().position(|s| s.path == self.focus)
    }

    /// The focused stop.
    pub fn focused_stop(&self) -> Option<Stop<'_>> {
        self.stops().into_iter().find(|s| s.path == self.focus)
    }

    /// Tab: the next stop, or the first of the next section. Returns whether focus moved.
    pub fn next_stop(&mut self) -> bool {
        let stops = self.stops();
        let next = match self.focus_index() {
            Some(i) => stops.get(i + 1).map(|s| s.path.clone()),
            None => stops.first().map(|s| s.path.clone()),
        };
        match next {
            Some(p) => self.set_focus(p),
            None => self.next_section(),
        }
    }

    /// Shift+Tab: the previous stop, or the last of the previous section.
    pub fn prev_stop(&mut self) -> bool {
        let prev = match self.focus_index() {
            Some(i) if i > 0 => self.stops().get(i - 1).map(|s| s.path.clone()),
            _ => None,
        };
        if let Some(p) = prev {
            return self.set_focus(p);
        }
        if !self.prev_section() {
            return false;
        }
        let last = self.stops().last().map(|s| s.path.clone());
        if let Some(p) = last {
            self.set_focus(p);
        }
        true
    }

    /// Focuses `path`, going to its section. A group path with a row but no (or an unknown)
    /// sub-field focuses the row's first cell; a row past the end focuses the add-row stop.
    /// Returns whether the path named a field of the form.
    pub fn focus_path(&mut self, path: &FieldPath) -> bool {
        let Some(section) = self.spec.section_of(&path.field) else {
            return false;
        };
        let Some(field) = self.spec.field(&path.field) else {
            return false;
        };
        let target = match (field.kind, path.row) {
            (FieldKind::Group, Some(r)) if r < self.row_count(&field.id) => {
                let sub = path
                    .sub
                    .as_deref()
                    .and_then(|s| field.sub(s))
                    .or_else(|| field.fields.first());
                match sub {
                    Some(sub) => FieldPath::cell(&field.id, r, &sub.id),
                    None => FieldPath::field(&field.id),
                }
            }
            _ => FieldPath::field(&field.id),
        };
        self.section = section;
        self.set_focus(target);
        true
    }

    /// Moves the focus to a stop of the current section; the cursor goes to the text's end.
    pub(super) fn set_focus(&mut self, path: FieldPath) -> bool {
        if path == self.focus {
            return false;
        }
        self.focus = path;
        self.cursor_to_end();
        true
    }

    pub(super) fn cursor_to_end(&mut self) {
        self.cursor = self.text(&self.focus).chars().count();
    }

    /// After rows changed under it, puts the focus back on an existing stop.
    pub(super) fn fix_focus(&mut self) {
        if self.focus_index().is_some() {
            return;
        }
        let path = self.focus.clone();
        let fallback = FieldPath::field(&path.field);
        if !self.focus_path(&path) && !self.focus_path(&fallback) {
            self.set_section(self.section);
        }
    }
}
