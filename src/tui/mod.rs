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
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyEventKind};
use zeroize::Zeroize;

use app::App;
use ctx::Ctx;
use events::{Input, Inputs};
use gate::{Gate, Lock, LockStep, Step};

use crate::service::auth::Session;
use crate::store::Store;

/// Runs the TUI until the operator quits: first the gate (setup or login), then the app,
/// locked after `idle` without a key (or at Ctrl+L). The terminal is restored on every exit.
///
/// One loop, blocked on one channel: keys from the terminal's reader thread, the doorbell
/// of workers and jobs, and a timer set to the next thing due (the idle lock, a status
/// message's expiry, a second of a wait's countdown, a draft to write).
pub fn run(
    mut gate: Gate,
    idle: Duration,
    open: impl FnOnce(Store, &Session) -> Ctx,
) -> io::Result<()> {
    terminal::install_panic_hook();
    let mut guard = terminal::TerminalGuard::enter()?;
    let inputs = Inputs::start()?;
    let Some((store, session)) = run_gate(&mut guard, &inputs, &mut gate)? else {
        return Ok(());
    };
    let ctx = open(store, &session);
    let db = ctx.db_path.clone();
    let mut app = screens::start(ctx);
    let mut dirty = true;
    let mut last_key = Instant::now();
    let mut lock: Option<Lock> = None;
    while !app.should_quit() {
        if lock.is_none() && (app.take_lock_request() || last_key.elapsed() >= idle) {
            // The next frame holds only the lock's box: every cell of the app is blanked.
            lock = Some(Lock::new(&db, &session));
            dirty = true;
        }
        if dirty {
            match &lock {
                Some(l) => guard.terminal.draw(|f| l.render(f, &app.ctx.i18n))?,
                None => guard.terminal.draw(|f| app.render(f))?,
            };
            dirty = false;
            // A screen that works once it is on screen (the agenda's first build).
            if lock.is_none() && app.busy() && app.tick() {
                dirty = true;
                continue;
            }
        }
        let due = [
            lock.is_none().then(|| last_key + idle),
            app.due(),
            lock.as_ref().and_then(Lock::due),
        ]
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
                    match lock.as_mut() {
                        Some(l) => match l.event(ev) {
                            LockStep::Stay => {}
                            LockStep::Unlocked => lock = None,
                            LockStep::Quit => app.handle_action(keymap::Action::Quit),
                        },
                        None => dirty |= app.handle_event(ev),
                    }
                }
            }
            if app.should_quit() {
                break;
            }
            next = inputs.queued();
        }
        // Answers, progress and the end of jobs; under the lock only the lock is drawn.
        dirty |= app.tick() && lock.is_none();
    }
    app.end_jobs();
    Ok(())
}

/// The gate: setup or login; `None` when the operator leaves.
fn run_gate(
    guard: &mut terminal::TerminalGuard,
    inputs: &Inputs,
    gate: &mut Gate,
) -> io::Result<Option<(Store, Session)>> {
    loop {
        guard.terminal.draw(|f| gate.render(f))?;
        if let Some(opened) = gate.take_opened() {
            return Ok(Some(opened));
        }
        match inputs.next(gate.due()) {
            None => {}
            Some(Input::Wake) => {
                gate.poll();
            }
            Some(Input::Lost(e)) => return Err(e),
            Some(Input::Term(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                match gate.key(&k) {
                    Step::Stay => {}
                    Step::Leave => return Ok(None),
                    Step::Work => gate.start_work(),
                }
            }
            // What is pasted here is a username, a passphrase or a recovery code.
            Some(Input::Term(Event::Paste(mut s))) => {
                gate.paste(&s);
                s.zeroize();
            }
            Some(Input::Term(_)) => {}
        }
    }
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
