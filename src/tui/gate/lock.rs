//! The lock over the app (idle minutes or Ctrl+L): the screen holds only this box until the
//! same operator's passphrase is typed; wrong ones wait as at login.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;

use super::fields::{Field, Fields, Outcome};
use super::view::{self, Boxed};
use super::{shown, wait_message, waiting};
use crate::i18n::{I18n, Msg};
use crate::service::auth::{self, Session};

/// The lock over the app: the same operator's passphrase opens it again.
pub struct Lock {
    db: PathBuf,
    session: Session,
    fields: Fields,
    error: Option<Msg>,
    wait_until: Option<Instant>,
}

pub enum LockStep {
    Stay,
    Unlocked,
    Quit,
}

impl Lock {
    pub fn new(db: &Path, session: &Session) -> Lock {
        Lock {
            db: db.to_path_buf(),
            session: session.clone(),
            fields: Fields::new(vec![Field::secret("auth.gate.pass")]),
            error: None,
            wait_until: None,
        }
    }

    pub fn paste(&mut self, s: &str) {
        self.fields.paste(s);
    }

    pub fn key(&mut self, k: &KeyEvent) -> LockStep {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        if k.code == KeyCode::Esc {
            return LockStep::Stay;
        }
        if matches!(k.code, KeyCode::Char('q' | 'c')) && k.modifiers.contains(KeyModifiers::CONTROL)
        {
            return LockStep::Quit;
        }
        if self.fields.key(k) != Outcome::Submit {
            return LockStep::Stay;
        }
        if self.wait_until.is_some_and(|u| u > Instant::now()) {
            return LockStep::Stay;
        }
        let result = auth::unlock(&self.db, &self.session, self.fields.value(0));
        self.fields.clear_secrets();
        match result {
            Ok(()) => LockStep::Unlocked,
            Err(e) => {
                self.wait_until = waiting(&e);
                self.error = Some(shown(&e, "auth.wrong_lock"));
                LockStep::Stay
            }
        }
    }

    pub fn render(&self, f: &mut Frame, i18n: &I18n) {
        let left = wait_message(self.wait_until, "auth.wait_lock");
        let note = i18n.tf(
            "auth.gate.lock_note",
            &[
                ("name", &self.session.name),
                ("username", &self.session.username),
            ],
        );
        let b = Boxed {
            title: i18n.t("auth.gate.lock_title").to_string(),
            note: Some(note),
            fields: Some(&self.fields),
            hint: None,
            big: None,
            error: left.as_ref().or(self.error.as_ref()),
            keys: i18n.t("auth.gate.keys_lock").to_string(),
        };
        view::draw(f, i18n, &b);
    }
}
