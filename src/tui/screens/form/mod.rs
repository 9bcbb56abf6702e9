//! Any form of the forms engine on screen, for its [`FormJob`] (what it saves into). A form
//! that makes a new person checks for duplicates as it is typed. Every change is kept as a
//! draft in the database within a second; Ctrl+S saves.

mod drafts;
mod dupes;
mod edit;
mod keys;
mod overlays;
mod picker;
#[cfg(test)]
mod tests;
mod view;

use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use uuid::Uuid;

use crate::forms::{FieldPath, FormState, Issue, Lookups};
use crate::i18n::Msg;
use crate::tui::ctx::Ctx;
use crate::tui::form_job::{FormJob, FormOpen};
use crate::tui::keymap::{Action, Binding, NAV, TEXT_EDIT};
use crate::tui::router::Route;
use crate::tui::screen::{Screen, Transition};

use dupes::Dupes;
use picker::Picker;

/// Drafts are written at most this often while typing (and always within a second).
const DRAFT_EVERY: Duration = Duration::from_millis(400);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Edit,
    ConfirmDiscard,
    Errors,
}

pub struct FormScreen {
    state: FormState,
    job: FormJob,
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
        job: FormJob,
        is_new: bool,
        draft_id: Uuid,
        ctx: &Ctx,
    ) -> FormScreen {
        let rev = state.revision();
        let checks_duplicates = is_new && job.new_person().is_some();
        FormScreen {
            state,
            job,
            is_new,
            draft_id,
            draft_saved_rev: rev,
            draft_exists: false,
            last_draft: Instant::now(),
            draft_failed: false,
            mode: Mode::Edit,
            picker: None,
            errors: Vec::new(),
            dupes: checks_duplicates.then(|| Dupes::new(ctx.desk.spawn_worker())),
            tried_save: false,
        }
    }

    /// The form a route asks for, with its run-time lists: pre-filled by its document, then
    /// holding its typed inputs as if typed (focused on the first section). `None` when the
    /// job's form is not compiled in.
    pub fn open(f: FormOpen, lookups: Lookups, ctx: &Ctx) -> Option<FormScreen> {
        let mut s = FormScreen::for_job(f.job, f.doc.as_ref(), lookups, ctx)?;
        if f.as_new {
            s = s.as_new();
        }
        if !f.inputs.is_empty() {
            for (id, text) in f.inputs {
                s.state
                    .set_input(&FieldPath::field(&id), crate::forms::FieldInput::Text(text));
            }
            s.state.set_section(0);
        }
        Some(s)
    }

    /// The form of a job; `doc` pre-fills it (editing); `lookups` are the run-time lists its
    /// `@` fields offer. `None` (logged) when the job's form is not compiled in.
    pub fn for_job(
        job: FormJob,
        doc: Option<&Map<String, Value>>,
        lookups: Lookups,
        ctx: &Ctx,
    ) -> Option<FormScreen> {
        let spec = crate::forms::form(&job.form())?;
        let state = match doc {
            Some(d) => FormState::from_document(spec, d, ctx.desk.today()),
            None => FormState::new(spec, ctx.desk.today()),
        }
        .with_lookups(lookups);
        Some(FormScreen::build(
            state,
            job,
            doc.is_none(),
            Uuid::now_v7(),
            ctx,
        ))
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
        let said_before = ctx.status.as_ref().map(|s| s.at);
        let draft = self.draft_exists.then_some(self.draft_id);
        match self.job.save(doc, draft, ctx) {
            Ok(saved) => {
                self.drop_draft(ctx);
                self.draft_exists = false;
                // A job that said what it did keeps its message.
                if ctx.status.as_ref().map(|s| s.at) == said_before {
                    ctx.info(Msg::new("form.saved"));
                }
                match saved.then {
                    Some(route) if self.is_new => Transition::ReplaceWith(route, saved.event),
                    _ => Transition::PopWith(saved.event),
                }
            }
            Err(msg) => {
                // Nothing is lost: the form stays as typed and so does its draft.
                ctx.error(msg);
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
        Transition::Open(Route::Person(first))
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
        if self.due().is_some_and(|t| t <= Instant::now()) {
            let was_failed = self.draft_failed;
            self.write_draft(ctx);
            changed = was_failed != self.draft_failed;
        }
        if let (Some(d), Some(person)) = (self.dupes.as_mut(), self.job.new_person()) {
            changed |= d.tick(&self.state, person);
            if let Some(m) = d.take_problem() {
                ctx.warn(m);
                changed = true;
            }
        }
        changed.then_some(Transition::None)
    }

    fn busy(&self) -> bool {
        self.dupes.as_ref().is_some_and(Dupes::busy)
            || self.state.revision() != self.draft_saved_rev
    }

    fn due(&self) -> Option<Instant> {
        let retry_wait = if self.draft_failed {
            Duration::from_secs(2)
        } else {
            DRAFT_EVERY
        };
        (self.state.revision() != self.draft_saved_rev).then(|| self.last_draft + retry_wait)
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
