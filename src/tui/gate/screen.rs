//! The gate and the lock as screens of the app's stack: keys reach them through their key
//! tables like any screen's; they cover the whole frame (no title, job row or status bar);
//! the gate hands the opened register to the app, the lock pops itself when the passphrase
//! is right.

use ratatui::Frame;
use ratatui::layout::Rect;
use zeroize::Zeroize;

use super::{Gate, Lock, LockStep, Stage, Step};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Binding};
use crate::tui::screen::{Screen, Transition};

impl Gate {
    /// The register opened, once the operator is in: the app starts over it.
    fn opened_transition(&mut self) -> Option<Transition> {
        self.take_opened()
            .map(|opened| Transition::LoggedIn(Box::new(opened)))
    }
}

impl Screen for Gate {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        Gate::bindings(self)
    }

    fn wants_text(&self) -> bool {
        !matches!(self.stage, Stage::ShowCode { .. })
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Transition {
        let step = match action {
            // What is pasted here is a username, a passphrase or a recovery code.
            Action::Paste(mut s) => {
                self.paste(&s);
                s.zeroize();
                Step::Stay
            }
            a => self.act(a),
        };
        match step {
            Step::Leave => return Transition::Quit,
            Step::Work => self.start_work(),
            Step::Stay => {}
        }
        self.opened_transition().unwrap_or(Transition::None)
    }

    fn tick(&mut self, _ctx: &mut Ctx) -> Option<Transition> {
        if !self.poll() {
            return None;
        }
        Some(self.opened_transition().unwrap_or(Transition::None))
    }

    fn due(&self) -> Option<std::time::Instant> {
        Gate::due(self)
    }

    fn render(&self, frame: &mut Frame, _area: Rect, _ctx: &Ctx) {
        Gate::render(self, frame);
    }

    fn covers_all(&self) -> bool {
        true
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("auth.gate.login_title").to_string()
    }
}

impl Screen for Lock {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        Lock::bindings()
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Transition {
        let step = match action {
            Action::Paste(mut s) => {
                self.paste(&s);
                s.zeroize();
                LockStep::Stay
            }
            a => self.act(a),
        };
        match step {
            LockStep::Stay => Transition::None,
            LockStep::Unlocked => Transition::Pop,
            LockStep::Quit => Transition::Quit,
        }
    }

    fn due(&self) -> Option<std::time::Instant> {
        Lock::due(self)
    }

    fn render(&self, frame: &mut Frame, _area: Rect, ctx: &Ctx) {
        Lock::render(self, frame, &ctx.i18n);
    }

    fn covers_all(&self) -> bool {
        true
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("auth.gate.lock_title").to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::{Duration, Instant};

    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    use crate::config::Config;
    use crate::i18n::{I18n, Lang, Msg};
    use crate::service::auth::{self, NewOperator};
    use crate::tui::app::{App, closed_desk};
    use crate::tui::ctx::Ctx;
    use crate::tui::gate::Gate;

    const PASS: &str = "cavolo verde lento sul tram";

    fn screen(app: &App) -> String {
        let buf = crate::tui::draw_to_buffer(app, 90, 24);
        buf.content().iter().map(|c| c.symbol()).collect()
    }

    fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
        app.handle_event(Event::Key(KeyEvent::new(code, mods)));
    }

    fn typed(app: &mut App, s: &str) {
        for c in s.chars() {
            key(app, KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    /// Ticks until the gate has let the operator in.
    fn until_in(app: &mut App) {
        let end = Instant::now() + Duration::from_secs(60);
        while app.covered() {
            assert!(Instant::now() < end, "still at the gate:\n{}", screen(app));
            app.tick();
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn desk() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        let admin = NewOperator {
            username: "anna",
            name: "Anna Bianchi",
            pass: PASS,
            again: PASS,
        };
        drop(auth::setup(&db, "Desk", &admin, false).unwrap());
        (dir, db)
    }

    #[test]
    fn login_lock_and_unlock_run_on_the_apps_stack() {
        let (_dir, db) = desk();
        let i18n = I18n::new(Lang::En);
        let ctx = Ctx::new(closed_desk().unwrap(), db.clone(), i18n, Config::default());
        let gate = Gate::new(&db, i18n).unwrap();
        let mut app = App::at_gate(ctx, gate, vec![Msg::new("jobs.busy")]);
        assert!(app.covered());
        assert!(screen(&app).contains("Log in"), "{}", screen(&app));
        // At the gate, help and the lock are keys like any other: nothing opens.
        key(&mut app, KeyCode::F(1), KeyModifiers::NONE);
        key(&mut app, KeyCode::Char('l'), KeyModifiers::CONTROL);
        app.lock();
        assert!(!app.take_lock_request());
        assert!(screen(&app).contains("Log in"));

        typed(&mut app, "anna");
        key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        typed(&mut app, PASS);
        key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        until_in(&mut app);
        assert_eq!(app.ctx.desk.operator(), "anna");
        assert_eq!(
            app.ctx.status.as_ref().map(|s| s.msg.key.as_str()),
            Some("jobs.busy"),
            "the note waiting for the login is said"
        );

        // Something typed, then the lock: it covers everything, title and status bars too.
        key(&mut app, KeyCode::Char('r'), KeyModifiers::NONE);
        typed(&mut app, "Tesfaye");
        assert!(screen(&app).contains("Tesfaye"));
        key(&mut app, KeyCode::Char('l'), KeyModifiers::CONTROL);
        assert!(app.take_lock_request(), "Ctrl+L asks the loop for the lock");
        app.lock();
        let locked = screen(&app);
        assert!(locked.contains("Desk locked"), "{locked}");
        assert!(locked.contains("Anna Bianchi (anna)"), "{locked}");
        for hidden in ["Tesfaye", "Sportello ·", "s.db"] {
            assert!(!locked.contains(hidden), "{hidden} shows under the lock");
        }
        // Help, Ctrl+X and Esc leave the box up; the keys type into the passphrase only.
        key(&mut app, KeyCode::F(1), KeyModifiers::NONE);
        key(&mut app, KeyCode::Char('x'), KeyModifiers::CONTROL);
        key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
        assert!(app.covered());
        app.handle_event(Event::Paste(PASS.into()));
        key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        assert!(!app.covered());
        let back = screen(&app);
        assert!(back.contains("Tesfaye"), "back where it was:\n{back}");

        // Back to the gate (after a restore): the register is closed, the note is said.
        app.to_gate(Some(Msg::new("jobs.busy")));
        assert!(app.covered());
        assert_eq!(app.ctx.desk.operator(), "");
        let gate = screen(&app);
        assert!(gate.contains("Log in"), "{gate}");
        key(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert!(app.should_quit());
    }
}
