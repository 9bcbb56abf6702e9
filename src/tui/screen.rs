//! A screen of the stack (register → person → form → popups). Keys arrive as Actions; only
//! `update` and `tick` change state; `render` is a pure function of state.

use ratatui::Frame;
use ratatui::layout::Rect;
use uuid::Uuid;

use super::ctx::Ctx;
use super::keymap::{Action, Binding};
use super::router::Route;

/// Effects that cross screens, delivered to the screen that becomes the top one.
#[derive(Debug, Clone, PartialEq)]
pub enum AppEvent {
    /// A person was saved or changed: reload what shows them.
    PersonChanged(Uuid),
    /// Something in a case changed (a step, the plan, a referral…): reload what shows it.
    CaseChanged(Uuid),
}

/// What a screen asks for after a key. Other screens travel as [`Route`]s (data), built by
/// the router; `Push` is only for a screen's own parts (a popup, a detail).
pub enum Transition {
    None,
    /// Opens the screen of a route on top of this one (nothing opens when it cannot be
    /// built: the router says why in the status line).
    Open(Route),
    Push(Box<dyn Screen>),
    Pop,
    /// Pops this screen and tells the one below.
    PopWith(AppEvent),
    /// Puts the screen of a route in this one's place (this one stays when it cannot be
    /// built).
    Replace(Route),
    /// Replaces this screen with a route's and tells the ones below.
    ReplaceWith(Route, AppEvent),
    /// The gate opened the register for an operator: the app's screens start over it (an
    /// older register once its schema steps have run).
    LoggedIn(Box<crate::service::auth::Opened>),
    Quit,
}

impl std::fmt::Debug for Transition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transition::None => write!(f, "None"),
            Transition::Open(r) => write!(f, "Open({r:?})"),
            Transition::Push(_) => write!(f, "Push(..)"),
            Transition::Pop => write!(f, "Pop"),
            Transition::PopWith(e) => write!(f, "PopWith({e:?})"),
            Transition::Replace(r) => write!(f, "Replace({r:?})"),
            Transition::ReplaceWith(r, e) => write!(f, "ReplaceWith({r:?}, {e:?})"),
            Transition::LoggedIn(o) => match o.as_ref() {
                crate::service::auth::Opened::Ready(_, s) => write!(f, "LoggedIn({})", s.username),
                crate::service::auth::Opened::Older(o) => {
                    write!(f, "LoggedIn({}, older)", o.session.username)
                }
            },
            Transition::Quit => write!(f, "Quit"),
        }
    }
}

pub trait Screen {
    /// Key tables active now, most specific first (the global one is added by the app).
    fn bindings(&self) -> Vec<&'static [Binding]>;

    /// True while a text field has the focus: printable keys type themselves.
    fn wants_text(&self) -> bool {
        false
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Transition;

    /// Called on every turn of the loop; `Some` means the state changed (redraw), with what
    /// to do next.
    fn tick(&mut self, _ctx: &mut Ctx) -> Option<Transition> {
        None
    }

    /// Something happened on another screen.
    fn on_event(&mut self, _ev: &AppEvent, _ctx: &mut Ctx) {}

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx);

    /// Drawn over the screen below instead of replacing it.
    fn is_overlay(&self) -> bool {
        false
    }

    /// Drawn alone on the whole frame, with no title, job or status bar, and given every
    /// key (the gate, the lock: nothing of the register may show around them).
    fn covers_all(&self) -> bool {
        false
    }

    /// Waiting for background work, or for the first frame to be drawn: the loop ticks
    /// again after drawing (answers themselves wake it).
    fn busy(&self) -> bool {
        false
    }

    /// When this screen has something to do without a key (a draft to write): the loop's
    /// timer wakes it then.
    fn due(&self) -> Option<std::time::Instant> {
        None
    }

    /// Saves anything pending (drafts) before the app quits.
    fn flush(&mut self, _ctx: &mut Ctx) {}

    /// The breadcrumb shown in the title bar.
    fn title(&self, ctx: &Ctx) -> String;
}
