//! The terminal interface: screens and widgets over the service layer. No SQL here.

pub mod app;
pub mod ctx;
pub mod form_job;
pub mod gate;
pub mod keymap;
pub mod router;
pub mod screen;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod widgets;

use std::io;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use zeroize::Zeroize;

use app::App;
use ctx::Ctx;
use gate::{Gate, Lock, LockStep, Step};

use crate::service::auth::Session;
use crate::store::Store;

/// How long the loop sleeps waiting for a key when nothing is pending, and when a screen
/// waits for a search answer.
const IDLE_WAIT: Duration = Duration::from_millis(200);
const BUSY_WAIT: Duration = Duration::from_millis(5);

/// Runs the TUI until the operator quits: first the gate (setup or login), then the app,
/// locked after `idle` without a key (or at Ctrl+L). The terminal is restored on every exit.
pub fn run(
    mut gate: Gate,
    idle: Duration,
    open: impl FnOnce(Store, &Session) -> Ctx,
) -> io::Result<()> {
    terminal::install_panic_hook();
    let mut guard = terminal::TerminalGuard::enter()?;
    let Some((store, session)) = run_gate(&mut guard, &mut gate)? else {
        return Ok(());
    };
    let ctx = open(store, &session);
    let db = ctx.db_path.clone();
    let mut app = screens::start(ctx);
    let mut dirty = true;
    let mut last_key = Instant::now();
    let mut lock: Option<Lock> = None;
    while !app.should_quit() {
        if lock.is_none() && last_key.elapsed() >= idle {
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
        }
        let wait = if app.busy() { BUSY_WAIT } else { IDLE_WAIT };
        if event::poll(wait)? {
            // Read every queued key before doing any work (a fast typist's burst is one query).
            loop {
                let ev = event::read()?;
                if matches!(ev, Event::Key(_) | Event::Paste(_)) {
                    last_key = Instant::now();
                }
                dirty = true;
                match lock.as_mut() {
                    Some(l) => match ev {
                        Event::Key(k) if k.kind != KeyEventKind::Release => match l.key(&k) {
                            LockStep::Stay => {}
                            LockStep::Unlocked => lock = None,
                            LockStep::Quit => app.handle_action(keymap::Action::Quit),
                        },
                        Event::Paste(mut s) => {
                            l.paste(&s);
                            s.zeroize();
                        }
                        _ => {}
                    },
                    None => match ev {
                        Event::Key(k)
                            if k.kind != KeyEventKind::Release
                                && k.code == KeyCode::Char('l')
                                && k.modifiers.contains(KeyModifiers::CONTROL) =>
                        {
                            lock = Some(Lock::new(&db, &session));
                        }
                        ev => dirty |= app.handle_event(ev),
                    },
                }
                if app.should_quit() || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        dirty |= app.tick() && lock.is_none();
        // While a wrong passphrase's delay runs, its seconds count down on screen.
        dirty |= lock.is_some();
    }
    Ok(())
}

/// The gate's own loop: setup or login; `None` when the operator leaves.
fn run_gate(
    guard: &mut terminal::TerminalGuard,
    gate: &mut Gate,
) -> io::Result<Option<(Store, Session)>> {
    loop {
        guard.terminal.draw(|f| gate.render(f))?;
        if let Some(opened) = gate.take_opened() {
            return Ok(Some(opened));
        }
        if !event::poll(IDLE_WAIT)? {
            continue;
        }
        match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => match gate.key(&k) {
                Step::Stay => {}
                Step::Leave => return Ok(None),
                Step::Work => {
                    guard.terminal.draw(|f| gate.render(f))?;
                    gate.work();
                }
            },
            // What is pasted here is a username, a passphrase or a recovery code.
            Event::Paste(mut s) => {
                gate.paste(&s);
                s.zeroize();
            }
            _ => {}
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
