//! The application: a stack of screens over one context. Terminal events become Actions
//! (through the key tables), Actions change state, and the frame is drawn from state.
//! The gate (login, a new desk's first administrator) is the stack's only screen until an
//! operator is in; the lock goes on top of whatever is open and comes off with the same
//! operator's passphrase, so nothing typed underneath is touched.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEventKind};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::ctx::Ctx;
use super::keymap::{self, Action, Binding, ctrl};
use super::router;
use super::screen::{Screen, Transition};
use super::theme;
use super::widgets::{progress, status_bar};

mod health;
mod session;
mod upgrade;

use crate::i18n::Msg;
use crate::service::auth::Opened;
use crate::text;
pub use session::closed_desk;

/// Keys the app answers before any screen while a long job runs.
static JOB_KEYS: &[Binding] = &[Binding {
    keys: &[ctrl('x')],
    action: Action::Cancel,
    help: "jobs.cancel",
    bar: false,
}];

/// How long the end of the loop waits for a long job (a cancelled backup ends at once; the
/// rewrite after an erasure cannot be stopped half-way).
const QUIT_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

pub struct App {
    stack: Vec<Box<dyn Screen>>,
    pub ctx: Ctx,
    quit: bool,
    /// Ctrl+L was pressed: the loop puts the lock up.
    lock_asked: bool,
    /// Quit was asked while a long job ran: the app quits when it ends.
    leaving: bool,
    /// An operator is in (the gate has opened the register).
    signed_in: bool,
    /// Said on the status line once an operator is in (a configuration problem).
    notes: Vec<Msg>,
    /// An older register brought up to date by the upgrade's job, waiting to be entered
    /// (once nothing covers the screen).
    upgraded: upgrade::Slot,
    /// The page check running beside the app on a large register.
    health: health::Pending,
}

impl App {
    pub fn new(ctx: Ctx, first: Box<dyn Screen>) -> App {
        App::with_screens(ctx, vec![first])
    }

    /// The app with `screens` open, the last on top.
    pub fn with_screens(ctx: Ctx, screens: Vec<Box<dyn Screen>>) -> App {
        App {
            stack: screens,
            ctx,
            quit: false,
            lock_asked: false,
            leaving: false,
            signed_in: true,
            notes: Vec::new(),
            upgraded: upgrade::Slot::default(),
            health: None,
        }
    }

    /// Whether the operator asked for the lock since the last call.
    pub fn take_lock_request(&mut self) -> bool {
        std::mem::take(&mut self.lock_asked)
    }

    pub fn push(&mut self, s: Box<dyn Screen>) {
        self.stack.push(s);
    }

    pub fn should_quit(&self) -> bool {
        self.quit || self.stack.is_empty()
    }

    /// True while a screen waits on background work.
    pub fn busy(&self) -> bool {
        self.stack.iter().any(|s| s.busy())
    }

    /// When the next thing is due without a key: a status message's expiry, or what a screen
    /// waits for (a draft to write).
    pub fn due(&self) -> Option<std::time::Instant> {
        let status = self
            .ctx
            .status
            .as_ref()
            .map(|s| s.at + super::ctx::STATUS_TTL + std::time::Duration::from_millis(10));
        self.stack
            .iter()
            .filter_map(|s| s.due())
            .chain(status)
            .min()
    }

    /// Handles one terminal event; true when the frame must be redrawn.
    pub fn handle_event(&mut self, ev: Event) -> bool {
        let covered = self.covered();
        let action = match ev {
            Event::Key(k)
                if k.kind != KeyEventKind::Release
                    && !covered
                    && self.ctx.jobs.running()
                    && JOB_KEYS
                        .iter()
                        .any(|b| b.keys.iter().any(|x| x.matches(&k))) =>
            {
                self.ctx.jobs.cancel();
                return true;
            }
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                let Some(top) = self.stack.last() else {
                    return false;
                };
                match keymap::resolve(&k, top.wants_text(), &top.bindings()) {
                    Some(a) => a,
                    None => return false,
                }
            }
            Event::Paste(s) => Action::Paste(s),
            Event::Resize(..) => return true,
            _ => return false,
        };
        self.handle_action(action);
        true
    }

    pub fn handle_action(&mut self, action: Action) {
        if self.covered() {
            // The gate and the lock answer every key themselves (help and Ctrl+L included).
            if let Some(top) = self.stack.last_mut() {
                let t = top.update(action, &mut self.ctx);
                self.apply(t);
            }
            return;
        }
        match action {
            Action::Quit => self.quit_now(),
            Action::Lock => self.lock_asked = true,
            Action::Help => {
                if let Some(top) = self.stack.last() {
                    let help =
                        router::help(&top.bindings(), top.wants_text(), top.title(&self.ctx));
                    self.stack.push(help);
                }
            }
            a => {
                if let Some(top) = self.stack.last_mut() {
                    let t = top.update(a, &mut self.ctx);
                    self.apply(t);
                }
            }
        }
    }

    /// Takes the long job's outcome once it has ended, and lets every screen look at its
    /// background work; true when something changed.
    pub fn tick(&mut self) -> bool {
        let mut changed = self.ctx.expire_status();
        if let Some(done) = self.ctx.jobs.finished() {
            self.finish(done);
            changed = true;
            if self.leaving {
                self.quit_now();
            }
        }
        changed |= self.arrive();
        changed |= self.health_arrived();
        // A running job's progress moved (the loop was woken for it).
        changed |= self.ctx.jobs.running();
        let n = self.stack.len();
        for i in 0..n {
            let Some(screen) = self.stack.get_mut(i) else {
                break;
            };
            if let Some(t) = screen.tick(&mut self.ctx) {
                changed = true;
                if i + 1 == n {
                    self.apply(t);
                    break;
                }
            }
        }
        changed
    }

    /// Ticks until no screen waits for background work (tests, the bench); false when
    /// something still waits after `timeout`.
    pub fn settle(&mut self, timeout: std::time::Duration) -> bool {
        let end = std::time::Instant::now() + timeout;
        loop {
            self.tick();
            if !self.busy() {
                return true;
            }
            if std::time::Instant::now() >= end {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Says how a long job ended and tells the screens what it changed.
    pub fn finish(&mut self, done: super::jobs::Finished) {
        if done.relog {
            // The register was replaced: the operator logs in to it again.
            self.to_gate(Some(done.msg));
            return;
        }
        self.ctx.say(done.tone, done.msg);
        if let Some(ev) = done.changed {
            for s in self.stack.iter_mut() {
                s.on_event(&ev, &mut self.ctx);
            }
        }
    }

    fn apply(&mut self, t: Transition) {
        match t {
            Transition::None => {}
            Transition::Open(r) => {
                if let Some(s) = router::open(r, &mut self.ctx) {
                    self.stack.push(s);
                }
            }
            Transition::Push(s) => self.stack.push(s),
            Transition::Pop => {
                self.stack.pop();
            }
            Transition::PopWith(ev) => {
                self.stack.pop();
                for s in self.stack.iter_mut() {
                    s.on_event(&ev, &mut self.ctx);
                }
            }
            Transition::Replace(r) => {
                if let Some(s) = router::open(r, &mut self.ctx) {
                    self.stack.pop();
                    self.stack.push(s);
                }
            }
            Transition::ReplaceWith(r, ev) => {
                self.stack.pop();
                for below in self.stack.iter_mut() {
                    below.on_event(&ev, &mut self.ctx);
                }
                if let Some(s) = router::open(r, &mut self.ctx) {
                    self.stack.push(s);
                }
            }
            Transition::LoggedIn(opened) => match *opened {
                Opened::Ready(store, session) => self.enter(store, session),
                Opened::Older(older) => self.upgrade(older),
            },
            Transition::Quit => self.quit_now(),
        }
    }

    /// Quits, once the long job running (if any) has ended: a backup is cancelled (its
    /// partial file removed), an erasure finishes; the screen keeps drawing meanwhile.
    fn quit_now(&mut self) {
        if self.ctx.jobs.running() {
            self.ctx.jobs.cancel();
            self.leaving = true;
            self.ctx.warn(crate::i18n::Msg::new("jobs.leaving"));
            return;
        }
        for s in self.stack.iter_mut() {
            s.flush(&mut self.ctx);
        }
        self.quit = true;
    }

    /// Cancels the long job still running and waits for its end (the loop is over: the
    /// last screen was closed).
    pub fn end_jobs(&mut self) {
        if self.ctx.jobs.running() {
            self.ctx.jobs.cancel();
            let _ = self.ctx.jobs.wait(QUIT_WAIT);
        }
    }

    pub fn render(&self, f: &mut Frame) {
        if let Some(top) = self.stack.last().filter(|s| s.covers_all()) {
            top.render(f, f.area(), &self.ctx);
            return;
        }
        let bar = status_bar::height(&self.ctx.i18n, self.ctx.status.as_ref(), f.area().width);
        let job = self.ctx.jobs.showing();
        let [top, body, job_row, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(u16::from(job.is_some())),
            Constraint::Length(bar),
        ])
        .areas(f.area());
        let base = self
            .stack
            .iter()
            .rposition(|s| !s.is_overlay())
            .unwrap_or(0);
        let i18n = self.ctx.i18n;
        let mut crumbs: Vec<String> = Vec::new();
        for s in &self.stack[..=base.min(self.stack.len().saturating_sub(1))] {
            let t = s.title(&self.ctx);
            // A screen opened from the agenda names its person; opened from the person's
            // page, the crumb before already does.
            let t = match crumbs.last() {
                Some(prev) => t
                    .strip_prefix(&format!("{prev} › "))
                    .map_or(t.clone(), str::to_string),
                None => t,
            };
            crumbs.push(t);
        }
        let title = format!(" {} · {}", i18n.t("app.name"), crumbs.join(" › "));
        let db = self
            .ctx
            .db_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let right = if self.signed_in && self.ctx.desk.read_only() {
            format!("{} · {db} ", i18n.t("store.health.read_only_mark"))
        } else {
            format!("{db} ")
        };
        let room = (top.width as usize).saturating_sub(text::width(&right) + 1);
        let line = Line::from(vec![
            Span::styled(
                format!("{:<room$}", text::clip(&title, room)),
                theme::title(),
            ),
            Span::styled(text::clip(&right, top.width as usize), theme::dim()),
        ]);
        f.render_widget(Paragraph::new(line).style(theme::bar()), top);
        for s in self.stack.iter().skip(base) {
            s.render(f, body, &self.ctx);
        }
        if let Some(j) = &job {
            progress::render(f, job_row, &i18n, j);
        }
        if let Some(s) = self.stack.last() {
            status_bar::render(
                f,
                bottom,
                &i18n,
                &s.bindings(),
                s.wants_text(),
                self.ctx.status.as_ref(),
            );
        }
    }
}
