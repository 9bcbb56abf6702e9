//! The agenda's build as a job for a worker on its own connection: the agenda screen asks
//! and receives; the newest ask wins.

use crate::service::agenda::{self, Agenda, AgendaFilter};
use crate::store::worker::Job;
use crate::store::{Store, StoreResult};

/// The agenda built off the loop, on a connection of its own: the newest ask wins.
pub(super) struct Build {
    pub generation: u64,
    pub today: chrono::NaiveDate,
    pub config: crate::config::Config,
    pub filter: AgendaFilter,
}

impl Job for Build {
    type Output = StoreResult<Agenda>;

    fn generation(&self) -> u64 {
        self.generation
    }

    fn run(&self, store: &Store) -> Self::Output {
        agenda::build(store, self.today, &self.config, &self.filter)
    }
}
