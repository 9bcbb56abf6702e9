//! The terminal interface: screens and widgets over the service layer. No SQL here.

pub mod app;
pub mod ctx;
mod events;
pub mod form_job;
pub mod gate;
pub mod jobs;
pub mod keymap;
pub mod router;
pub mod screen;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod widgets;

use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;

use app::App;
use ctx::Ctx;
use events::{Input, Inputs};
use gate::Gate;

use crate::config::Config;
use crate::i18n::{I18n, Msg};

/// What the app starts with: the register's path, the language, the configuration, and
/// what to say once an operator is in (configuration problems).
pub struct Start {
    pub db: PathBuf,
    pub i18n: I18n,
    pub config: Config,
    pub notes: Vec<Msg>,
}

/// Runs the TUI until the operator quits: the gate (setup or login), then the app, locked
/// after the configured idle minutes without a key (or at Ctrl+L). The gate and the lock
/// are screens of the app: one loop serves them all. The terminal is restored on every exit.
///
/// The loop blocks on one channel: keys from the terminal's reader thread, the doorbell of
/// workers and jobs, and a timer set to the next thing due (the idle lock, a status
/// message's expiry, a second of a wait's countdown, a draft to write).
pub fn run(gate: Gate, start: Start) -> io::Result<()> {
    let idle = Duration::from_secs_f64(start.config.lock_minutes.max(0.0) * 60.0);
    let ctx = Ctx::new(app::closed_desk()?, start.db, start.i18n, start.config);
    let mut app = App::at_gate(ctx, gate, start.notes);
    terminal::install_panic_hook();
    let mut guard = terminal::TerminalGuard::enter()?;
    let inputs = Inputs::start()?;
    let mut dirty = true;
    let mut last_key = Instant::now();
    while !app.should_quit() {
        if app.take_lock_request() || last_key.elapsed() >= idle {
            // The next frame holds only the lock's box: every cell of the app is blanked.
            // (At the gate, or with the lock already up, nothing happens.)
            if !app.covered() {
                app.lock();
                dirty = true;
            }
        }
        if dirty {
            guard.terminal.draw(|f| app.render(f))?;
            dirty = false;
            // A screen that works once it is on screen (the agenda's first build).
            if app.busy() && app.tick() {
                dirty = true;
                continue;
            }
        }
        let due = [(!app.covered()).then(|| last_key + idle), app.due()]
            .into_iter()
            .flatten()
            .min();
        let mut next = inputs.next(due);
        if next.is_none() {
            // The timer: something is due.
            dirty = true;
        }
        // Everything queued is handled before drawing (a fast typist's burst is one query).
        while let Some(input) = next {
            match input {
                Input::Lost(e) => return Err(e),
                Input::Wake => {}
                Input::Term(ev) => {
                    if matches!(ev, Event::Key(_) | Event::Paste(_)) {
                        last_key = Instant::now();
                    }
                    dirty = true;
                    dirty |= app.handle_event(ev);
                }
            }
            if app.should_quit() {
                break;
            }
            next = inputs.queued();
        }
        // Answers, progress and the end of jobs (under the lock only the lock is drawn).
        dirty |= app.tick();
    }
    app.end_jobs();
    Ok(())
}

/// Runs one frame into an in-memory backend: used by snapshot tests and the bench.
pub fn draw_to_buffer(app: &App, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let backend = ratatui::backend::TestBackend::new(width, height);
    match ratatui::Terminal::new(backend) {
        Ok(mut t) => {
            let _ = t.draw(|f| app.render(f));
            t.backend().buffer().clone()
        }
        Err(_) => ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, width, height)),
    }
}
