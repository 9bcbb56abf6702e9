//! Restoring a backup over the register (R on the agenda, administrators): the backup's
//! file and the operator's passphrase (it opens the backup's key ring), checked at once;
//! then a plain question, since the whole register is replaced; then the restore runs as
//! the app's long job (the register as it is kept beside it first), and the app goes back
//! to the login: the restored register may hold other operators and passphrases.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use zeroize::{Zeroize, Zeroizing};

use crate::i18n::Msg;
use crate::service::backup as service;
use crate::store::Role;
use crate::tui::ctx::{Ctx, Tone};
use crate::tui::gate::fields::{Field, Fields, Outcome};
use crate::tui::gate::view::{self, Boxed};
use crate::tui::jobs::Finished;
use crate::tui::keymap::{Action, Binding, TEXT_EDIT, ch, ctrl, key};
use crate::tui::screen::{Screen, Transition};

const FILE: usize = 0;
const PASS: usize = 1;

static ASK_KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Confirm,
        help: "keys.confirm",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Tab), key(KeyCode::Down)],
        action: Action::NextField,
        help: "keys.next_field",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::BackTab), key(KeyCode::Up)],
        action: Action::PrevField,
        help: "keys.prev_field",
        bar: false,
    },
    Binding {
        keys: &[ctrl('s')],
        action: Action::Save,
        help: "keys.save",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

/// The question: `y` (or `s`, sì) restores; Esc goes back to the fields as they were.
static CONFIRM_KEYS: &[Binding] = &[
    Binding {
        keys: &[ch('y'), ch('s')],
        action: Action::Confirm,
        help: "restore.key",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

/// The backup's file as found, for the question.
struct Found {
    path: PathBuf,
    bytes: u64,
    when: String,
}

pub struct RestoreScreen {
    fields: Fields,
    error: Option<Msg>,
    /// Set once the fields are checked: the question is on screen.
    confirm: Option<Found>,
}

/// Opens the restore box for an administrator (the refusal said otherwise).
pub fn open(ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    if let Err(m) = ctx.desk.require(Role::Administrator) {
        ctx.error(m);
        return None;
    }
    Some(Box::new(RestoreScreen::new(&ctx.db_path)))
}

/// The newest `sportello-backup-*.db` beside the database, or its folder.
fn proposed(db: &Path) -> String {
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let newest = std::fs::read_dir(dir).ok().and_then(|entries| {
        entries
            .flatten()
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with("sportello-backup-") && name.ends_with(".db")
            })
            .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
            .map(|e| e.path())
    });
    match newest {
        Some(p) => p.display().to_string(),
        None => format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR),
    }
}

impl RestoreScreen {
    pub fn new(db: &Path) -> RestoreScreen {
        let mut fields = Fields::new(vec![
            Field::text("restore.file"),
            Field::secret("restore.pass"),
        ]);
        fields.paste(&proposed(db));
        fields.focus_on(PASS);
        RestoreScreen {
            fields,
            error: None,
            confirm: None,
        }
    }

    /// The fields checked: the file, its key ring, the passphrase, the desk's own key.
    fn check(&mut self, ctx: &Ctx) -> Result<Found, Msg> {
        let path = PathBuf::from(self.fields.value(FILE).trim());
        if path.as_os_str().is_empty() {
            self.fields.focus_on(FILE);
            return Err(Msg::new("restore.file_required"));
        }
        let pass = Zeroizing::new(self.fields.value(PASS).to_string());
        ctx.desk.may_restore(&path, &pass)?;
        let meta = std::fs::metadata(&path).ok();
        let when = meta
            .as_ref()
            .and_then(|m| m.modified().ok())
            .map(|t| {
                chrono::DateTime::<chrono::Local>::from(t)
                    .format("%d/%m/%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        Ok(Found {
            bytes: meta.map_or(0, |m| m.len()),
            path,
            when,
        })
    }

    /// Starts the restore as the app's long job; the box closes when it has started.
    fn start(&mut self, found: &Found, ctx: &mut Ctx) -> Result<(), Msg> {
        let mut store = ctx.desk.store_beside().map_err(|e| e.msg())?;
        let db = ctx.db_path.clone();
        let source = found.path.clone();
        let session = ctx.desk.session().clone();
        let pass = Zeroizing::new(self.fields.value(PASS).to_string());
        ctx.jobs.start(
            Msg::new("jobs.restore.title"),
            Msg::new("jobs.restore.checking"),
            false,
            move |p| {
                let r = service::restore_with(&mut store, &db, &source, &session, &pass, p);
                drop(store);
                match r {
                    Ok((info, keep)) => Finished {
                        msg: Msg::new("jobs.restore.done")
                            .arg("path", source.display())
                            .arg("people", info.people)
                            .arg("keep", keep.display()),
                        tone: Tone::Info,
                        changed: None,
                        relog: true,
                    },
                    Err(m) => Finished::said(Err(m)),
                }
            },
        )
    }
}

impl Screen for RestoreScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        match self.confirm {
            Some(_) => vec![CONFIRM_KEYS],
            None => vec![ASK_KEYS, TEXT_EDIT],
        }
    }

    fn wants_text(&self) -> bool {
        self.confirm.is_none()
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition {
        if let Some(found) = self.confirm.take() {
            return match action {
                Action::Confirm => match self.start(&found, ctx) {
                    Ok(()) => {
                        self.fields.clear_secrets();
                        Transition::Pop
                    }
                    Err(m) => {
                        self.error = Some(m);
                        Transition::None
                    }
                },
                // Back to the fields as they were, the passphrase included.
                Action::Back => Transition::None,
                _ => {
                    self.confirm = Some(found);
                    Transition::None
                }
            };
        }
        let outcome = match action {
            Action::Paste(mut s) => {
                self.fields.paste(&s);
                s.zeroize();
                Outcome::Edited
            }
            a => self.fields.action(&a),
        };
        match outcome {
            Outcome::Leave => {
                self.fields.clear_secrets();
                Transition::Pop
            }
            Outcome::Submit => {
                match self.check(ctx) {
                    Ok(found) => {
                        self.error = None;
                        self.confirm = Some(found);
                    }
                    Err(m) => {
                        // The file's path stays as typed; only the passphrase is asked again.
                        self.fields.clear_secrets();
                        self.error = Some(m);
                    }
                }
                Transition::None
            }
            Outcome::Edited => {
                self.error = None;
                Transition::None
            }
            Outcome::None => Transition::None,
        }
    }

    fn render(&self, f: &mut Frame, _area: Rect, ctx: &Ctx) {
        let t = |k: &str| ctx.i18n.t(k).to_string();
        let b = match &self.confirm {
            Some(found) => Boxed {
                title: t("restore.confirm_title"),
                note: Some(ctx.i18n.tf(
                    "restore.confirm",
                    &[
                        ("path", &found.path.display().to_string()),
                        ("mb", &format!("{:.1}", found.bytes as f64 / 1e6)),
                        ("when", &found.when),
                    ],
                )),
                fields: None,
                hint: None,
                big: None,
                error: self.error.as_ref(),
                keys: t("restore.confirm_keys"),
            },
            None => Boxed {
                title: t("restore.title"),
                note: Some(t("restore.note")),
                fields: Some(&self.fields),
                hint: None,
                big: None,
                error: self.error.as_ref(),
                keys: t("restore.keys"),
            },
        };
        view::draw(f, &ctx.i18n, &b);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("restore.title").to_string()
    }
}

#[cfg(test)]
mod tests;
