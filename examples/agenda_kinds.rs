//! Times each agenda rule's queries over a database: `cargo run --release --example
//! agenda_kinds -- PATH` (figures for BENCHMARKS.md). An encrypted database is opened as
//! `SPORTELLO_OPERATOR` with `SPORTELLO_PASSPHRASE` (default: the demo's `demo`/`demo`).
//! Each rule's first run is on a cold page cache ("cold"), then the best of four ("warm").
//! With `whole` after the path: only the first whole build, on a cold page cache.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use sportello::domain::agenda::{Kind, Rules};
use sportello::store::{FactQuery, Store};

fn main() {
    let path = std::env::args().nth(1).expect("a database path");
    let path = std::path::Path::new(&path);
    let store = if sportello::vault::ring_path(path).exists() {
        let user = std::env::var("SPORTELLO_OPERATOR").unwrap_or_else(|_| "demo".into());
        let pass = std::env::var("SPORTELLO_PASSPHRASE").unwrap_or_else(|_| "demo".into());
        sportello::service::auth::login(path, &user, &pass)
            .unwrap()
            .0
    } else {
        Store::open(path).unwrap()
    };
    let config = sportello::config::Config::default();
    let q = FactQuery {
        today: chrono::Local::now().date_naive(),
        rules: Rules::from_config(&config),
        operator: None,
        limit: 200,
        window: sportello::store::Window::Upcoming,
        count: true,
    };
    if std::env::args().nth(2).as_deref() == Some("whole") {
        // The first whole build on a cold page cache: what the agenda costs right after login.
        let start = Instant::now();
        let filter = sportello::service::agenda::AgendaFilter::default();
        let a = sportello::service::agenda::build(&store, q.today, &config, &filter).unwrap();
        println!(
            "whole build cold {:>8.2} ms  items {}",
            start.elapsed().as_secs_f64() * 1000.0,
            a.items.len()
        );
        return;
    }
    for kind in Kind::ALL {
        let mut best = f64::MAX;
        let mut cold = 0.0;
        let mut n = (0, 0);
        for i in 0..5 {
            let start = Instant::now();
            let f = store.agenda_facts(kind, &q).unwrap();
            let t = start.elapsed().as_secs_f64() * 1000.0;
            if i == 0 {
                cold = t;
            } else {
                best = best.min(t);
            }
            n = (f.rows.len(), f.total);
        }
        println!(
            "{:<16} cold {:>8.2} ms  warm {:>8.2} ms  rows {:>4}  total {:>5}",
            kind.code(),
            cold,
            best,
            n.0,
            n.1
        );
    }
    for _ in 0..3 {
        let start = Instant::now();
        let filter = sportello::service::agenda::AgendaFilter::default();
        let a = sportello::service::agenda::build(&store, q.today, &config, &filter).unwrap();
        println!(
            "whole build      {:>8.2} ms  items {}",
            start.elapsed().as_secs_f64() * 1000.0,
            a.items.len()
        );
    }
    let start = Instant::now();
    let ops = store.open_case_operators().unwrap();
    println!(
        "operators        {:>8.2} ms  ({})",
        start.elapsed().as_secs_f64() * 1000.0,
        ops.len()
    );
}
