//! The state of a form being filled in: raw inputs, focus, revision and cached issues.
//! Navigation is in `nav.rs`, text editing in `edit.rs`, choices and rows in `rows.rs`.

use std::cell::OnceCell;
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::document::{from_document, to_document, unknown_keys};
use super::draft::Draft;
use super::issue::{FieldPath, Issue};
use super::spec::{FieldKind, FieldSpec, FormSpec};
use super::validate::{is_required, validate_with};
use super::value::{FieldInput, Values, complete, empty_values};
use crate::lookups::Lookups;

/// A form being filled in. Every edit bumps [`FormState::revision`] and invalidates the
/// cached issues, recomputed on the next [`FormState::issues`].
#[derive(Debug, Clone)]
pub struct FormState {
    pub(super) spec: Arc<FormSpec>,
    pub(super) today: NaiveDate,
    pub(super) values: Values,
    pub(super) initial: Values,
    pub(super) extra: Map<String, Value>,
    pub(super) section: usize,
    pub(super) focus: FieldPath,
    /// Character index in the focused text.
    pub(super) cursor: usize,
    pub(super) revision: u64,
    pub(super) issues: OnceCell<Vec<Issue>>,
    /// The run-time choice lists (`lookup = "@name"`) this form was opened with.
    pub(super) lookups: Arc<Lookups>,
}

impl FormState {
    /// An empty form, focused on its first field.
    pub fn new(spec: Arc<FormSpec>, today: NaiveDate) -> FormState {
        let values = empty_values(&spec);
        FormState::build(spec, today, values.clone(), values, Map::new())
    }

    /// A form holding a saved document, for editing. Keys the form does not know are kept
    /// and saved back by [`FormState::document`].
    pub fn from_document(
        spec: Arc<FormSpec>,
        doc: &Map<String, Value>,
        today: NaiveDate,
    ) -> FormState {
        let values = from_document(&spec, doc);
        let extra = unknown_keys(&spec, doc);
        FormState::build(spec, today, values.clone(), values, extra)
    }

    /// A form restored from [`FormState::to_draft`]: same inputs, same focus, same cursor.
    pub fn from_draft(
        spec: Arc<FormSpec>,
        draft: &Value,
        today: NaiveDate,
    ) -> Result<FormState, String> {
        let d = Draft::from_value(draft)?;
        if d.form != spec.id {
            return Err(format!("draft of form `{}`, not `{}`", d.form, spec.id));
        }
        let values = complete(&spec, d.values);
        let initial = complete(&spec, d.initial);
        let mut s = FormState::build(spec, today, values, initial, d.extra);
        s.focus_path(&d.focus);
        s.cursor = d.cursor.min(s.text(&s.focus).chars().count());
        Ok(s)
    }

    fn build(
        spec: Arc<FormSpec>,
        today: NaiveDate,
        values: Values,
        initial: Values,
        extra: Map<String, Value>,
    ) -> FormState {
        let mut s = FormState {
            spec,
            today,
            values,
            initial,
            extra,
            section: 0,
            focus: FieldPath::default(),
            cursor: 0,
            revision: 0,
            issues: OnceCell::new(),
            lookups: Arc::new(Lookups::new()),
        };
        s.set_section(0);
        s
    }

    /// The same form with the run-time choice lists its `@` fields offer.
    pub fn with_lookups(mut self, lookups: Lookups) -> FormState {
        self.lookups = Arc::new(lookups);
        self.issues = OnceCell::new();
        self
    }

    /// The run-time choice lists this form was opened with.
    pub fn lookups(&self) -> &Lookups {
        &self.lookups
    }

    /// The list a choice field names (compiled in or run-time); `None` when not supplied.
    pub fn lookup(&self, name: &str) -> Option<&crate::lookups::Lookup> {
        crate::lookups::resolve(name, &self.lookups)
    }

    /// The draft of this state: raw inputs, the initial values, the focus and the cursor.
    pub fn to_draft(&self) -> Value {
        Draft {
            form: self.spec.id.clone(),
            version: self.spec.version,
            values: self.values.clone(),
            initial: self.initial.clone(),
            extra: self.extra.clone(),
            focus: self.focus.clone(),
            cursor: self.cursor,
        }
        .to_value()
    }

    /// The typed document to save (see [`to_document`]); save only when [`FormState::errors`]
    /// is empty.
    pub fn document(&self) -> Map<String, Value> {
        let mut doc = self.extra.clone();
        doc.extend(to_document(&self.spec, &self.values));
        doc
    }

    pub fn spec(&self) -> &Arc<FormSpec> {
        &self.spec
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Changes the date "today" is (a form left open past midnight); issues are recomputed.
    pub fn set_today(&mut self, today: NaiveDate) {
        if today != self.today {
            self.today = today;
            self.issues = OnceCell::new();
        }
    }

    /// Every raw input, by top-level field id.
    pub fn values(&self) -> &Values {
        &self.values
    }

    /// The raw input at `path` (a top-level field, a whole group, or a group cell).
    pub fn input(&self, path: &FieldPath) -> Option<&FieldInput> {
        let top = self.values.get(&path.field)?;
        match (top, path.row, &path.sub) {
            (FieldInput::Group(rows), Some(r), Some(sub)) => rows.get(r)?.get(sub),
            (_, None, None) => Some(top),
            _ => None,
        }
    }

    /// The raw text at `path`; `""` for choices, yes/no and missing paths.
    pub fn text(&self, path: &FieldPath) -> &str {
        self.input(path).map(FieldInput::text).unwrap_or("")
    }

    /// The spec of the field at `path` (a group's sub-field for a cell).
    pub fn field_at(&self, path: &FieldPath) -> Option<&FieldSpec> {
        let top = self.spec.field(&path.field)?;
        match (&path.sub, top.kind) {
            (Some(sub), FieldKind::Group) => top.sub(sub),
            (None, _) => Some(top),
            (Some(_), _) => None,
        }
    }

    /// Whether the field at `path` must be filled, given the other inputs (for the `*`).
    pub fn is_required(&self, path: &FieldPath) -> bool {
        let Some(field) = self.field_at(path) else {
            return false;
        };
        let row = match (self.values.get(&path.field), path.row) {
            (Some(FieldInput::Group(rows)), Some(r)) if path.sub.is_some() => rows.get(r),
            _ => None,
        };
        is_required(field, &self.values, row)
    }

    /// Replaces the input at `path` (reshaped to the field's kind). The UI uses the focused
    /// editing methods; this is for services and tests. Returns whether anything changed.
    pub fn set_input(&mut self, path: &FieldPath, input: FieldInput) -> bool {
        let Some(field) = self.field_at(path) else {
            return false;
        };
        let input = input.coerce(field);
        match input_mut(&mut self.values, path) {
            Some(slot) if *slot != input => {
                *slot = input;
                self.changed();
                self.fix_focus();
                if path == &self.focus {
                    self.cursor_to_end();
                }
                true
            }
            _ => false,
        }
    }

    /// Bumped on every change of an input (not on focus moves): autosave when it changes.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// True when the inputs differ from those the form was opened with.
    pub fn is_dirty(&self) -> bool {
        self.values != self.initial
    }

    /// The top-level fields whose inputs differ from those the form was opened with, in form
    /// order: what discarding the form would lose.
    pub fn changed_fields(&self) -> Vec<&FieldSpec> {
        self.spec
            .fields()
            .filter(|f| self.values.get(&f.id) != self.initial.get(&f.id))
            .collect()
    }

    /// Every issue, in form order; computed once per revision.
    pub fn issues(&self) -> &[Issue] {
        self.issues
            .get_or_init(|| validate_with(&self.spec, &self.values, self.today, &self.lookups))
    }

    /// The issues of exactly this path (a group's own issues sit on its add-row stop).
    pub fn issues_for(&self, path: &FieldPath) -> Vec<&Issue> {
        self.issues().iter().filter(|i| &i.path == path).collect()
    }

    /// The issues that block saving.
    pub fn errors(&self) -> Vec<&Issue> {
        self.issues().iter().filter(|i| i.is_error()).collect()
    }

    pub fn has_errors(&self) -> bool {
        self.issues().iter().any(Issue::is_error)
    }

    /// Where the first blocking issue is: focus it with [`FormState::focus_path`] on save.
    pub fn first_error_path(&self) -> Option<&FieldPath> {
        self.issues().iter().find(|i| i.is_error()).map(|i| &i.path)
    }

    /// Records a change of the inputs.
    pub(super) fn changed(&mut self) {
        self.revision += 1;
        self.issues = OnceCell::new();
    }
}

/// The input slot at `path`, for editing.
pub(super) fn input_mut<'a>(
    values: &'a mut Values,
    path: &FieldPath,
) -> Option<&'a mut FieldInput> {
    let top = values.get_mut(&path.field)?;
    match (path.row, &path.sub) {
        (None, None) => Some(top),
        (Some(r), Some(sub)) => match top {
            FieldInput::Group(rows) => rows.get_mut(r)?.get_mut(sub),
            _ => None,
        },
        _ => None,
    }
}
