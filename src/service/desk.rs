//! A desk session: the store, the operator logged in (with their role) and the clock. The TUI
//! and the command line open one after login and call its verbs, reads included; who acts
//! and when travel with it instead of as arguments at every call.

mod admin;
mod cases;
mod export;
mod money;
mod network;
mod people;
mod reads;

pub use export::{MergedRecord, PersonExport};
pub use people::{Access, OpenedPerson};

use chrono::{DateTime, Local, NaiveDate, NaiveTime, Utc};

use crate::i18n::Msg;
use crate::service::auth::Session;
use crate::service::outcome::Outcome;
use crate::service::stamp::Stamp;
use crate::store::{Role, Store};

/// Where a desk reads the time: the system's, or a fixed instant tests set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed {
        now: DateTime<Utc>,
        today: NaiveDate,
    },
}

impl Clock {
    /// A clock stopped at noon (UTC) of `today`.
    pub fn on(today: NaiveDate) -> Clock {
        Clock::Fixed {
            now: today.and_time(NaiveTime::MIN).and_utc() + chrono::Duration::hours(12),
            today,
        }
    }

    /// Now, in whole milliseconds so it round-trips through the store's text.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => {
                let n = Utc::now();
                DateTime::from_timestamp_millis(n.timestamp_millis()).unwrap_or(n)
            }
            Clock::Fixed { now, .. } => *now,
        }
    }

    /// Today's date where the desk is.
    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::System => Local::now().date_naive(),
            Clock::Fixed { today, .. } => *today,
        }
    }
}

/// The logged-in desk: every verb acts as its operator, at its clock's time.
pub struct Desk {
    /// The register. Screens read and write through the verbs; the command line's tools,
    /// the long jobs (backup, erasure) and tests reach it directly.
    pub store: Store,
    session: Session,
    clock: Clock,
}

impl Desk {
    /// Whether the register is held read-only (its file may not be written, or it was
    /// found damaged).
    pub fn read_only(&self) -> bool {
        self.store.is_read_only()
    }

    /// Why the register is read-only, as the operator is told.
    pub fn read_only_why(&self, db: &std::path::Path) -> Msg {
        read_only_why(&self.store, db)
    }

    pub fn new(store: Store, session: Session, clock: Clock) -> Desk {
        Desk {
            store,
            session,
            clock,
        }
    }

    /// A desk for `username` with `role`, for tests and tools that did not log in through
    /// the gate.
    pub fn as_operator(store: Store, username: &str, role: Role, clock: Clock) -> Desk {
        let session = Session {
            username: username.to_string(),
            name: username.to_string(),
            role,
        };
        Desk::new(store, session, clock)
    }

    /// The username written in the journal as the author of each change.
    pub fn operator(&self) -> &str {
        &self.session.username
    }

    pub fn role(&self) -> Role {
        self.session.role
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Forbidden unless the operator (as the register holds them now) has `role` or above.
    pub fn allowed(&self, role: Role) -> Outcome<()> {
        crate::service::auth::allowed(&self.store, self.stamp(), role)
    }

    /// [`Desk::allowed`] as a language-free message, for the erasure's screen.
    pub fn require(&self, role: Role) -> Result<(), crate::i18n::Msg> {
        crate::service::auth::require(&self.store, self.stamp(), role)
    }

    /// Who acts, at the clock's instant.
    fn stamp(&self) -> Stamp<'_> {
        Stamp {
            by: &self.session.username,
            at: self.clock.now(),
        }
    }

    /// Splits the desk into the store and who acts when (the clock's instant), for verbs
    /// that write.
    fn parts(&mut self) -> (&mut Store, Stamp<'_>, NaiveDate) {
        let (today, at) = (self.clock.today(), self.clock.now());
        let by = Stamp {
            by: &self.session.username,
            at,
        };
        (&mut self.store, by, today)
    }
}

#[cfg(test)]
mod tests;

/// Why `store` is read-only, as the operator is told.
pub fn read_only_why(store: &Store, db: &std::path::Path) -> Msg {
    use crate::store::read_only::ReadOnly;
    match store.opened_read_only() {
        Some(ReadOnly::FileNotWritable) => Msg::new("store.health.file_read_only"),
        Some(ReadOnly::DiskFull) => Msg::new("store.health.disk_full"),
        None => Msg::new("store.health.damaged").arg("path", db.display()),
    }
}
