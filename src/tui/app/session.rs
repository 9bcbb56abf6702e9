//! Who is in: the gate as the only screen until an operator logs in, the lock put over
//! whatever is open, and the way back to the gate when the register is replaced.

use super::App;
use crate::i18n::Msg;
use crate::service::auth::Session;
use crate::service::desk::{Clock, Desk};
use crate::store::{Role, Store};
use crate::tui::ctx::Ctx;
use crate::tui::gate::{Gate, Lock};
use crate::tui::router;

/// The desk before anyone is in: a register in memory without tables that no screen reads (the gate
/// works on the file through the service layer) and no verb accepts (it has no operators).
pub fn closed_desk() -> std::io::Result<Desk> {
    let store = Store::placeholder().map_err(std::io::Error::other)?;
    Ok(Desk::as_operator(store, "", Role::Operator, Clock::System))
}

impl App {
    /// The app at its gate: `ctx` holds a [`closed_desk`] until an operator is in; `notes`
    /// are said then.
    pub fn at_gate(ctx: Ctx, gate: Gate, notes: Vec<Msg>) -> App {
        App {
            signed_in: false,
            notes,
            ..App::new(ctx, Box::new(gate))
        }
    }

    /// Whether a screen covering everything (the gate, the lock) is on top.
    pub fn covered(&self) -> bool {
        self.stack.last().is_some_and(|s| s.covers_all())
    }

    /// Puts the lock over whatever is open (nothing under it changes); nothing happens at
    /// the gate or when it is already up.
    pub fn lock(&mut self) {
        if self.signed_in && !self.covered() {
            let lock = Lock::new(
                &self.ctx.db_path,
                self.ctx.desk.session(),
                self.ctx.i18n.lang,
            );
            self.stack.push(Box::new(lock));
        }
    }

    /// The operator is in: the register opened by the gate becomes the desk, and the app
    /// starts over it (the agenda, drafts left by an earlier run offered back).
    pub(super) fn enter(&mut self, mut store: Store, session: Session) {
        let damaged = store.is_read_only();
        // A new desk gets the shipped programmes (PUOI, PUOI PLUS) to enrol people in.
        let programmes = if damaged {
            Ok(0)
        } else {
            crate::service::plan::ensure_programmes(&mut store, &session.username)
        };
        self.ctx.desk = Desk::new(store, session, Clock::System);
        self.stack.clear();
        self.stack.extend(router::first(&mut self.ctx));
        self.signed_in = true;
        if let Err(e) = programmes {
            tracing::warn!("programmes not added: {e}");
            self.ctx.warn(e.msg());
        }
        if let Some(first) = std::mem::take(&mut self.notes).into_iter().next() {
            self.ctx.warn(first);
        }
        if damaged {
            self.ctx
                .warn(self.ctx.desk.read_only_why(&self.ctx.db_path));
        }
        self.check_beside();
    }

    /// Back to the login (the register was replaced: its keys may differ). What screens
    /// hold is saved first (drafts); the register is closed; `note` is said in the login
    /// box.
    pub fn to_gate(&mut self, note: Option<Msg>) {
        for s in self.stack.iter_mut() {
            s.flush(&mut self.ctx);
        }
        self.stack.clear();
        self.signed_in = false;
        // A page check of the register being closed answers about that register only.
        self.health = None;
        match closed_desk() {
            Ok(desk) => self.ctx.desk = desk,
            Err(e) => tracing::error!("no desk to close the register with: {e}"),
        }
        match Gate::new(&self.ctx.db_path, self.ctx.i18n) {
            Ok(gate) => self.stack.push(Box::new(gate.with_note(note))),
            Err(m) => {
                tracing::error!("the gate cannot open: {}", self.ctx.i18n.msg(&m));
                self.quit = true;
            }
        }
    }
}
