//! Any form of the forms engine on screen: intake (a person, with the duplicate check) or any
//! other form for a [`FormTarget`]. Every change is kept as a draft in the database within a
//! second; Ctrl+S saves.

mod drafts;
mod dupes;
mod edit;
mod keys;
mod overlays;
mod picker;
pub mod target;
#[cfg(test)]
mod tests;
mod view;

use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::person::StoredPerson;
use crate::forms::{FieldPath, FormState, Issue, Lookups};
use crate::i18n::Msg;
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding, NAV, TEXT_EDIT};
use crate::tui::screen::{AppEvent, Screen, Transition};

use dupes::Dupes;
use picker::Picker;
pub use target::FormTarget;

/// Drafts are written at most this often while typing (and always within a second).
const DRAFT_EVERY: Duration = Duration::from_millis(400);
pub const INTAKE: &str = "intake";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Edit,
    ConfirmDiscard,
    Errors,
}

/// What the form saves into.
enum Target {
    /// A person: the one this intake creates or changes (its id allocated when a new intake
    /// opens, so a second Ctrl+S can never make a second person).
    Intake {
        person_id: Uuid,
        /// When the record being edited was last saved as this form opened it: a save over
        /// a newer version is refused (`None` for a new person).
        opened: Option<chrono::DateTime<chrono::Utc>>,
    },
    Other(Box<dyn FormTarget>),
}

pub struct FormScreen {
    state: FormState,
    target: Target,
    is_new: bool,
    draft_id: Uuid,
    draft_saved_rev: u64,
    draft_exists: bool,
    last_draft: Instant,
    draft_failed: bool,
    mode: Mode,
    picker: Option<Picker>,
    errors: Vec<Issue>,
    dupes: Option<Dupes>,
    /// "Required" is shown beside empty fields only once a save was tried: an empty new
    /// form is not a page of errors.
    tried_save: bool,
}

impl FormScreen {
    fn build(
        state: FormState,
        target: Target,
        is_new: bool,
        draft_id: Uuid,
        ctx: &Ctx,
    ) -> FormScreen {
        let rev = state.revision();
        let intake_new = is_new && matches!(target, Target::Intake { .. });
        FormScreen {
            state,
            target,
            is_new,
            draft_id,
            draft_saved_rev: rev,
            draft_exists: false,
            last_draft: Instant::now(),
            draft_failed: false,
            mode: Mode::Edit,
            picker: None,
            errors: Vec::new(),
            dupes: intake_new.then(|| Dupes::new(&ctx.desk.store)),
            tried_save: false,
        }
    }

    pub fn new_intake(ctx: &Ctx) -> FormScreen {
        let id = Uuid::now_v7();
        FormScreen::build(
            FormState::new(crate::forms::intake(), ctx.desk.today()),
            Target::Intake {
                person_id: id,
                opened: None,
            },
            true,
            id,
            ctx,
        )
    }

    /// A new intake holding what the register's search held (see
    /// [`crate::forms::prefill::intake_from_search`]), focused on the surname.
    pub fn new_intake_from_search(query: &str, ctx: &Ctx) -> FormScreen {
        let mut s = FormScreen::new_intake(ctx);
        for (id, text) in crate::forms::prefill::intake_from_search(query) {
            s.state
                .set_input(&FieldPath::field(id), crate::forms::FieldInput::Text(text));
        }
        s.state.set_section(0);
        s
    }

    /// Any compiled form for any target; `doc` pre-fills it (editing); `lookups` are the
    /// run-time lists its `@` fields offer. `None` (logged) when the form is not compiled in.
    pub fn for_target(
        form: &str,
        doc: Option<&Map<String, Value>>,
        lookups: Lookups,
        target: Box<dyn FormTarget>,
        ctx: &Ctx,
    ) -> Option<FormScreen> {
        let spec = crate::forms::form(form)?;
        let state = match doc {
            Some(d) => FormState::from_document(spec, d, ctx.desk.today()),
            None => FormState::new(spec, ctx.desk.today()),
        }
        .with_lookups(lookups);
        let target = Target::Other(target);
        Some(FormScreen::build(
            state,
            target,
            doc.is_none(),
            Uuid::now_v7(),
            ctx,
        ))
    }

    pub fn edit(p: &StoredPerson, ctx: &Ctx) -> FormScreen {
        let state =
            FormState::from_document(crate::forms::intake(), &p.record.data, ctx.desk.today());
        let target = Target::Intake {
            person_id: p.record.id,
            opened: Some(p.updated_at),
        };
        FormScreen::build(state, target, false, Uuid::now_v7(), ctx)
    }

    /// The form creates something new even though `doc` pre-filled some fields (a movement
    /// dated today, a follow-up proposed by the last one): its title says so.
    pub fn as_new(mut self) -> FormScreen {
        self.is_new = true;
        self
    }

    fn save(&mut self, ctx: &mut Ctx) -> Transition {
        self.tried_save = true;
        let errors: Vec<Issue> = self.state.errors().into_iter().cloned().collect();
        if !errors.is_empty() {
            if let Some(p) = self.state.first_error_path().cloned() {
                self.state.focus_path(&p);
            }
            ctx.error(Msg::new("form.not_saved_errors").arg("n", errors.len()));
            self.errors = errors;
            self.mode = Mode::Errors;
            return Transition::None;
        }
        let doc = self.state.document();
        let (person_id, opened) = match &mut self.target {
            Target::Intake { person_id, opened } => (*person_id, *opened),
            Target::Other(t) => {
                let said_before = ctx.status.as_ref().map(|s| s.at);
                return match t.save(&doc, ctx) {
                    Ok(event) => {
                        self.drop_draft(ctx);
                        self.draft_exists = false;
                        // A target that said what it did keeps its message.
                        if ctx.status.as_ref().map(|s| s.at) == said_before {
                            ctx.info(Msg::new("form.saved"));
                        }
                        Transition::PopWith(event)
                    }
                    Err(msg) => {
                        // Nothing is lost: the form stays as typed and so does its draft.
                        ctx.error(msg);
                        Transition::None
                    }
                };
            }
        };
        let draft = self.draft_exists.then_some(self.draft_id);
        match ctx.desk.save_intake(person_id, doc, draft, opened) {
            Ok(Err(conflict)) => {
                // Nothing written; the typing stays, and so does its draft. A second Ctrl+S
                // saves over the newer version deliberately.
                let at = conflict.updated_at.with_timezone(&chrono::Local);
                ctx.error(
                    Msg::new("form.conflict")
                        .arg("by", conflict.by)
                        .arg("at", at.format("%d/%m/%Y %H:%M").to_string()),
                );
                if let Target::Intake { opened, .. } = &mut self.target {
                    *opened = Some(conflict.updated_at);
                }
                Transition::None
            }
            Ok(Ok(_)) => {
                ctx.info(Msg::new("form.saved"));
                self.draft_exists = false;
                if self.is_new {
                    match super::person::PersonScreen::open(person_id, ctx) {
                        Some(p) => {
                            Transition::ReplaceWith(Box::new(p), AppEvent::PersonChanged(person_id))
                        }
                        None => Transition::PopWith(AppEvent::PersonChanged(person_id)),
                    }
                } else {
                    Transition::PopWith(AppEvent::PersonChanged(person_id))
                }
            }
            Err(e) => {
                // Nothing is lost: the form stays as typed and the draft stays.
                ctx.error(e.msg());
                Transition::None
            }
        }
    }

    fn back(&mut self, ctx: &mut Ctx) -> Transition {
        if self.state.is_dirty() {
            self.mode = Mode::ConfirmDiscard;
            return Transition::None;
        }
        self.drop_draft(ctx);
        Transition::Pop
    }

    fn open_match(&mut self, ctx: &mut Ctx) -> Transition {
        let Some(first) = self
            .dupes
            .as_ref()
            .and_then(|d| d.matches.first())
            .map(|m| m.person.id)
        else {
            return Transition::None;
        };
        // The draft is written first: the operator may come back to this form or not.
        self.write_draft(ctx);
        match super::person::PersonScreen::open(first, ctx) {
            Some(p) => Transition::Push(Box::new(p)),
            None => Transition::None,
        }
    }

    /// Issues shown for a path: all of them, except "required" before a save was tried.
    fn visible_issues(&self, path: &FieldPath) -> Vec<&Issue> {
        let mut v = self.state.issues_for(path);
        if !self.tried_save {
            v.retain(|i| i.msg.key != "forms.required");
        }
        v
    }

    pub(super) fn focus_first_error(&mut self) {
        if let Some(p) = self.state.first_error_path().cloned() {
            self.state.focus_path(&p);
        }
    }
}

impl Screen for FormScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        match (self.mode, self.picker.is_some()) {
            (Mode::ConfirmDiscard, _) => vec![keys::CONFIRM],
            (Mode::Errors, _) => vec![keys::ERRORS],
            (Mode::Edit, true) => vec![keys::PICK, NAV],
            (Mode::Edit, false) => {
                let stop = self.state.focused_stop();
                let enter = keys::enter_table(
                    stop.as_ref().is_some_and(|s| s.add_row),
                    stop.as_ref().map(|s| s.kind),
                );
                vec![enter, keys::EDIT, TEXT_EDIT]
            }
        }
    }

    fn wants_text(&self) -> bool {
        self.mode == Mode::Edit
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        match self.mode {
            Mode::ConfirmDiscard => {
                return match action {
                    Action::Discard => {
                        self.drop_draft(ctx);
                        Transition::Pop
                    }
                    Action::Save => {
                        self.mode = Mode::Edit;
                        self.save(ctx)
                    }
                    Action::Cancel => {
                        self.mode = Mode::Edit;
                        Transition::None
                    }
                    _ => Transition::None,
                };
            }
            Mode::Errors => {
                if action == Action::Cancel {
                    self.mode = Mode::Edit;
                    self.focus_first_error();
                }
                return Transition::None;
            }
            Mode::Edit => {}
        }
        if self.picker.is_some() {
            self.update_picker(action, ctx);
            return Transition::None;
        }
        match action {
            Action::Save => return self.save(ctx),
            Action::Back => return self.back(ctx),
            Action::OpenMatch => return self.open_match(ctx),
            other => self.edit_action(other, ctx),
        }
        Transition::None
    }

    fn tick(&mut self, ctx: &mut Ctx) -> Option<Transition> {
        let mut changed = false;
        let pending = self.state.revision() != self.draft_saved_rev;
        let retry_wait = if self.draft_failed {
            Duration::from_secs(2)
        } else {
            DRAFT_EVERY
        };
        if pending && self.last_draft.elapsed() >= retry_wait {
            let was_failed = self.draft_failed;
            self.write_draft(ctx);
            changed = was_failed != self.draft_failed;
        }
        if let (Some(d), Target::Intake { person_id, .. }) = (self.dupes.as_mut(), &self.target) {
            changed |= d.tick(&self.state, *person_id);
        }
        changed.then_some(Transition::None)
    }

    fn busy(&self) -> bool {
        self.dupes.as_ref().is_some_and(Dupes::busy)
            || self.state.revision() != self.draft_saved_rev
    }

    fn flush(&mut self, ctx: &mut Ctx) {
        if self.state.revision() != self.draft_saved_rev {
            self.write_draft(ctx);
        }
    }

    fn render(&self, f: &mut ratatui::Frame, area: ratatui::layout::Rect, ctx: &Ctx) {
        view::render(self, f, area, ctx);
    }

    fn title(&self, ctx: &Ctx) -> String {
        let form = self.state.spec().title.get(ctx.i18n.lang).to_string();
        if self.is_new {
            form
        } else {
            format!("{form} ({})", ctx.i18n.t("form.editing"))
        }
    }
}

/// The focused path (for tests and the view).
pub fn focus_of(s: &FormScreen) -> &FieldPath {
    s.state.focus()
}
