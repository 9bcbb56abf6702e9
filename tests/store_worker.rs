//! The search worker: its own connection, newest request wins, stops on drop.

// Test code: a failed unwrap is a failed test (helpers are not `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use chrono::{TimeZone, Utc};
use sportello::domain::person::{Count, PersonName, PersonRecord};
use sportello::store::{SearchRequest, SearchWorker, Store, StoreError};
use uuid::Uuid;

fn person(surname: &str) -> PersonRecord {
    PersonRecord {
        id: Uuid::now_v7(),
        names: vec![PersonName {
            surname: surname.into(),
            given: "Test".into(),
            kind: "document".into(),
        }],
        birth_date: None,
        sex: None,
        birth_country: None,
        tax_code: None,
        phones: Vec::new(),
        permit_number: None,
        permit_expiry: None,
        data: serde_json::Map::new(),
    }
}

fn req(generation: u64, query: &str) -> SearchRequest {
    SearchRequest {
        generation,
        query: query.into(),
        offset: 0,
        limit: 20,
        with_count: true,
    }
}

const WAIT: Duration = Duration::from_secs(10);

#[test]
fn answers_come_from_its_own_connection_and_see_new_saves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut store = Store::open(&path).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    store
        .save_person(&person("Kidane"), "op", now, None)
        .unwrap();
    let worker = SearchWorker::spawn(store.reopen().unwrap()).unwrap();
    assert!(worker.try_recv().is_none());

    worker.request(req(1, "kid"));
    let r = worker.recv_timeout(WAIT).unwrap();
    assert_eq!(r.generation, 1);
    let page = r.result.unwrap();
    assert_eq!(page.rows.len(), 1);
    assert_eq!(page.total, Some(Count::Exact(1)));

    store
        .save_person(&person("Kidanemariam"), "op", now, None)
        .unwrap();
    worker.request(req(2, "kid"));
    let r = worker.recv_timeout(WAIT).unwrap();
    assert_eq!((r.generation, r.result.unwrap().rows.len()), (2, 2));
}

#[test]
fn a_burst_of_keystrokes_ends_with_the_answer_to_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut store = Store::open(&path).unwrap();
    let people: Vec<_> = (0..2000).map(|i| person(&format!("Name{i}"))).collect();
    store.import_people(people, "demo", Utc::now()).unwrap();
    let worker = SearchWorker::spawn(store.reopen().unwrap()).unwrap();
    let typed = "name1999";
    for (g, end) in (1..=typed.len()).enumerate() {
        worker.request(req(g as u64 + 1, &typed[..end]));
    }
    let last = typed.len() as u64;
    let mut answers = Vec::new();
    while answers.last() != Some(&last) {
        let r = worker.recv_timeout(WAIT).unwrap();
        assert!(r.result.is_ok());
        answers.push(r.generation);
    }
    // Answers arrive in request order, never more than asked, the newest last.
    assert!(answers.windows(2).all(|w| w[0] < w[1]));
    assert!(answers.len() <= typed.len());
    assert!(worker.recv_timeout(Duration::from_millis(200)).is_none());
}

#[test]
fn a_bad_file_is_reported_at_spawn_and_drop_stops_the_thread() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.db");
    std::fs::write(&bad, vec![0x5a; 4096]).unwrap();
    assert_eq!(
        Store::open(&bad)
            .and_then(SearchWorker::spawn)
            .err()
            .map(|e| e.message_key()),
        Some(StoreError::NotADatabase.message_key())
    );
    let worker = SearchWorker::spawn(Store::open(&dir.path().join("ok.db")).unwrap()).unwrap();
    worker.request(req(1, "x"));
    // Dropping joins the thread: this returns only once it has ended.
    drop(worker);
}
