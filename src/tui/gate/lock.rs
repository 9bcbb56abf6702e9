//! The lock over the app (idle minutes or Ctrl+L): the screen holds only this box until the
//! same operator's passphrase is typed; wrong ones wait as at login.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};
use zeroize::Zeroize;

use super::fields::{Field, Fields, Outcome};
use super::keys;
use super::view::{self, Boxed};
use super::{next_second, shown, wait_message, waiting};
use crate::i18n::{I18n, Lang, Msg};
use crate::service::auth::{self, Session};
use crate::tui::keymap::{self, Action};

/// The lock over the app: the same operator's passphrase opens it again.
pub struct Lock {
    db: PathBuf,
    session: Session,
    fields: Fields,
    error: Option<Msg>,
    wait_until: Option<Instant>,
    /// The operator's language (what a refusal is said in).
    lang: Lang,
}

pub enum LockStep {
    Stay,
    Unlocked,
    Quit,
}

impl Lock {
    pub fn new(db: &Path, session: &Session, lang: Lang) -> Lock {
        Lock {
            lang,
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

    /// A terminal event: keys through the lock's table, pastes into the passphrase.
    pub fn event(&mut self, ev: Event) -> LockStep {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.key(&k),
            Event::Paste(mut s) => {
                self.paste(&s);
                s.zeroize();
                LockStep::Stay
            }
            _ => LockStep::Stay,
        }
    }

    /// The lock's key tables: the passphrase's editing keys, Enter and Esc.
    pub fn bindings() -> Vec<&'static [keymap::Binding]> {
        vec![keymap::TEXT_EDIT, keys::LOCK]
    }

    pub fn key(&mut self, k: &KeyEvent) -> LockStep {
        match keymap::resolve(k, true, &Lock::bindings()) {
            Some(a) => self.act(a),
            None => LockStep::Stay,
        }
    }

    pub fn act(&mut self, a: Action) -> LockStep {
        match a {
            Action::Quit => return LockStep::Quit,
            // Esc and every other key of the app: the box stays up.
            Action::Confirm => {}
            a => {
                if matches!(self.fields.action(&a), Outcome::Edited) {
                    self.error = None;
                }
                return LockStep::Stay;
            }
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
                self.error = Some(shown(&e, "auth.wrong_lock", self.lang));
                LockStep::Stay
            }
        }
    }

    /// When the box must be drawn again without a key: the next second of a wait.
    pub fn due(&self) -> Option<Instant> {
        next_second(self.wait_until)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Role;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn k(code: KeyCode, mods: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, mods))
    }

    #[test]
    fn the_lock_answers_through_its_table() {
        let dir = tempfile::tempdir().unwrap();
        let session = Session {
            username: "anna".into(),
            name: "Anna".into(),
            role: Role::Administrator,
        };
        let mut l = Lock::new(&dir.path().join("none.db"), &session, Lang::En);
        let none = KeyModifiers::NONE;
        for c in "pw q".chars() {
            assert!(matches!(l.event(k(KeyCode::Char(c), none)), LockStep::Stay));
        }
        assert_eq!(l.fields.value(0), "pw q");
        // Esc, help and the app's keys leave the box up and the passphrase as typed.
        for ev in [
            k(KeyCode::Esc, none),
            k(KeyCode::F(1), none),
            k(KeyCode::Char('l'), KeyModifiers::CONTROL),
        ] {
            assert!(matches!(l.event(ev), LockStep::Stay));
        }
        assert_eq!(l.fields.value(0), "pw q");
        l.event(k(KeyCode::Backspace, none));
        l.event(Event::Paste("x".into()));
        assert_eq!(l.fields.value(0), "pw x");
        l.event(k(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(l.fields.value(0), "");
        // Enter tries the passphrase: no desk here, so it is refused and the field emptied.
        l.event(k(KeyCode::Char('p'), none));
        assert!(matches!(l.event(k(KeyCode::Enter, none)), LockStep::Stay));
        assert!(l.error.is_some());
        assert_eq!(l.fields.value(0), "");
        assert!(matches!(
            l.event(k(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            LockStep::Quit
        ));
    }
}
