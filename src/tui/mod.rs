//! The terminal interface: screens and widgets over the service layer. No SQL here.

pub mod app;
pub mod ctx;
pub mod keymap;
pub mod screen;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod widgets;

use std::io;
use std::time::Duration;

use ratatui::crossterm::event;

use app::App;
use ctx::Ctx;

/// How long the loop sleeps waiting for a key when nothing is pending, and when a screen
/// waits for a search answer.
const IDLE_WAIT: Duration = Duration::from_millis(200);
const BUSY_WAIT: Duration = Duration::from_millis(5);

/// Runs the TUI until the operator quits. The terminal is restored on every exit path.
pub fn run(ctx: Ctx) -> io::Result<()> {
    terminal::install_panic_hook();
    let mut guard = terminal::TerminalGuard::enter()?;
    let mut app = screens::start(ctx);
    let mut dirty = true;
    while !app.should_quit() {
        if dirty {
            guard.terminal.draw(|f| app.render(f))?;
            dirty = false;
        }
        let wait = if app.busy() { BUSY_WAIT } else { IDLE_WAIT };
        if event::poll(wait)? {
            // Read every queued key before doing any work (a fast typist's burst is one query).
            loop {
                dirty |= app.handle_event(event::read()?);
                if app.should_quit() || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        dirty |= app.tick();
    }
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
