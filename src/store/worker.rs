//! Searches off the UI thread: the register's ([`SearchRequest`]) and the intake's duplicate
//! check ([`DupesRequest`]). A worker owns its own connection; it answers only the newest
//! request waiting (stale keystrokes are dropped unanswered), rings the doorbell with each
//! answer (the terminal loop wakes for it) and stops when it is dropped.

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use uuid::Uuid;

use super::{Store, StoreResult};
use crate::domain::duplicates::{Match, Probe};
use crate::domain::person::SearchPage;

/// A request a worker serves against its store.
pub trait Job: Send + 'static {
    type Output: Send + 'static;
    /// Chosen by the caller, increasing: answers carry it back so stale ones can be told.
    fn generation(&self) -> u64;
    fn run(&self, store: &Store) -> Self::Output;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// Chosen by the caller, increasing: answers carry it back so stale ones can be told.
    pub generation: u64,
    pub query: String,
    pub offset: u64,
    pub limit: u64,
    pub with_count: bool,
}

impl Job for SearchRequest {
    type Output = StoreResult<SearchPage>;

    fn generation(&self) -> u64 {
        self.generation
    }

    fn run(&self, store: &Store) -> Self::Output {
        store.search(&self.query, self.offset, self.limit, self.with_count)
    }
}

/// Who may be the person being typed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DupesRequest {
    pub generation: u64,
    pub probe: Probe,
    /// The record being edited, left out.
    pub own: Option<Uuid>,
    pub limit: usize,
}

impl Job for DupesRequest {
    type Output = StoreResult<Vec<Match>>;

    fn generation(&self) -> u64 {
        self.generation
    }

    fn run(&self, store: &Store) -> Self::Output {
        store.possible_duplicates(&self.probe, self.own, self.limit)
    }
}

#[derive(Debug)]
pub struct Answer<T> {
    pub generation: u64,
    pub result: T,
    /// Time spent in the store.
    pub elapsed: Duration,
}

pub type SearchResponse = Answer<StoreResult<SearchPage>>;
pub type SearchWorker = Worker<SearchRequest>;
pub type DupesWorker = Worker<DupesRequest>;

pub struct Worker<J: Job> {
    requests: Option<Sender<J>>,
    responses: Receiver<Answer<J::Output>>,
    thread: Option<JoinHandle<()>>,
}

impl<J: Job> std::fmt::Debug for Worker<J> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker").finish_non_exhaustive()
    }
}

/// The newest of `first` and everything already queued behind it.
pub(crate) fn newest<J>(first: J, queue: &Receiver<J>) -> J {
    let mut last = first;
    loop {
        match queue.try_recv() {
            Ok(r) => last = r,
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => return last,
        }
    }
}

fn serve<J: Job>(store: Store, requests: Receiver<J>, responses: Sender<Answer<J::Output>>) {
    while let Ok(first) = requests.recv() {
        let r = newest(first, &requests);
        let start = Instant::now();
        let result = r.run(&store);
        let answer = Answer {
            generation: r.generation(),
            result,
            elapsed: start.elapsed(),
        };
        if responses.send(answer).is_err() {
            return;
        }
        crate::jobs::bell::ring();
    }
}

/// The search worker's page cache, in KiB.
const WORKER_CACHE_KIB: i64 = 16_000;

impl<J: Job> Worker<J> {
    /// A worker on a new connection to `store`'s file, or `None` when none can be opened
    /// (logged with `what`: the caller then does the work itself, or goes without).
    pub fn beside(store: &Store, what: &str) -> Option<Worker<J>> {
        match store.reopen().and_then(Worker::spawn) {
            Ok(w) => Some(w),
            Err(e) => {
                tracing::warn!("{what} unavailable: {e}");
                None
            }
        }
    }

    /// Starts the thread over `store`, a connection of its own ([`Store::reopen`]). Searches
    /// read the index and one page of people: a 16 MB cache holds what they touch.
    pub fn spawn(store: Store) -> StoreResult<Worker<J>> {
        store.set_cache_kib(WORKER_CACHE_KIB)?;
        let (req_tx, req_rx) = mpsc::channel();
        let (resp_tx, resp_rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || serve(store, req_rx, resp_tx))
            .map_err(super::StoreError::other)?;
        Ok(Worker {
            requests: Some(req_tx),
            responses: resp_rx,
            thread: Some(thread),
        })
    }

    /// Queues a request; it replaces any request not yet started.
    pub fn request(&self, r: J) {
        if let Some(tx) = &self.requests {
            // A send fails only if the thread is gone; `try_recv` then yields nothing.
            let _ = tx.send(r);
        }
    }

    /// An answer, if one is ready. Never blocks.
    pub fn try_recv(&self) -> Option<Answer<J::Output>> {
        self.responses.try_recv().ok()
    }

    /// Waits up to `timeout` for an answer (command line, tests).
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Answer<J::Output>> {
        self.responses.recv_timeout(timeout).ok()
    }
}

impl<J: Job> Drop for Worker<J> {
    fn drop(&mut self) {
        // Closing the request channel ends the thread's loop after at most one search.
        self.requests = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(generation: u64) -> SearchRequest {
        SearchRequest {
            generation,
            query: format!("q{generation}"),
            offset: 0,
            limit: 10,
            with_count: false,
        }
    }

    #[test]
    fn only_the_newest_queued_request_is_served() {
        let (tx, rx) = mpsc::channel();
        for g in 2..=5 {
            tx.send(req(g)).unwrap();
        }
        assert_eq!(newest(req(1), &rx).generation, 5);
        assert!(rx.try_recv().is_err());
        assert_eq!(newest(req(6), &rx).generation, 6);
    }
}
