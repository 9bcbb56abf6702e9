//! The application: a stack of screens over one context. Terminal events become Actions
//! (through the key tables), Actions change state, and the frame is drawn from state.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEventKind};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::ctx::Ctx;
use super::keymap::{self, Action};
use super::router;
use super::screen::{Screen, Transition};
use super::theme;
use super::widgets::status_bar;
use crate::text;

pub struct App {
    stack: Vec<Box<dyn Screen>>,
    pub ctx: Ctx,
    quit: bool,
}

impl App {
    pub fn new(ctx: Ctx, first: Box<dyn Screen>) -> App {
        App {
            stack: vec![first],
            ctx,
            quit: false,
        }
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

    /// Handles one terminal event; true when the frame must be redrawn.
    pub fn handle_event(&mut self, ev: Event) -> bool {
        let action = match ev {
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
        match action {
            Action::Quit => self.quit_now(),
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

    /// Lets every screen poll its background work; true when something changed.
    pub fn tick(&mut self) -> bool {
        let mut changed = self.ctx.expire_status();
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
            Transition::Quit => self.quit_now(),
        }
    }

    fn quit_now(&mut self) {
        for s in self.stack.iter_mut() {
            s.flush(&mut self.ctx);
        }
        self.quit = true;
    }

    pub fn render(&self, f: &mut Frame) {
        let bar = status_bar::height(&self.ctx.i18n, self.ctx.status.as_ref(), f.area().width);
        let [top, body, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(bar),
        ])
        .areas(f.area());
        let base = self
            .stack
            .iter()
            .rposition(|s| !s.is_overlay())
            .unwrap_or(0);
        let i18n = self.ctx.i18n;
        let crumbs: Vec<String> = self.stack[..=base.min(self.stack.len().saturating_sub(1))]
            .iter()
            .map(|s| s.title(&self.ctx))
            .collect();
        let title = format!(" {} · {}", i18n.t("app.name"), crumbs.join(" › "));
        let db = self
            .ctx
            .db_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let right = format!("{db} ");
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
