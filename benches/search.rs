//! Register search on a 100,000-person demo database: the first page (50 rows, with the
//! count) for the queries an operator types. The database is built once per run in a
//! temporary directory; its import time is printed.
//!
//! `cargo bench --bench search -- --quick`

// Test code: a failed unwrap is a failed test (helpers are not `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use sportello::demo;
use sportello::store::Store;

const PEOPLE: u64 = 100_000;

fn queries() -> Vec<(&'static str, String)> {
    // The most frequent full name among the demo people, and a two-word prefix of it.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut tax_prefix = String::new();
    for p in demo::generate(5000, 1, today()) {
        if let Some(n) = p.names.first() {
            let given = n.given.split(' ').next().unwrap_or_default().to_string();
            *seen.entry((n.surname.clone(), given)).or_default() += 1;
        }
        if tax_prefix.is_empty()
            && let Some(code) = p.tax_code.filter(|c| c.len() == 16)
        {
            tax_prefix = code[..6].to_string();
        }
    }
    let ((surname, given), _) = seen
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .unwrap_or_default();
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    vec![
        ("one_letter", "m".into()),
        ("two_letters", "mo".into()),
        ("three_letters", "moh".into()),
        ("full_name", format!("{surname} {given}")),
        (
            "two_words",
            format!("{} {}", cut(&given, 3), cut(&surname, 2)),
        ),
        ("tax_code_prefix", tax_prefix),
        ("no_match", "zzqxw".into()),
        ("empty", String::new()),
    ]
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let mut store = Store::open(&path).unwrap();
    let start = Instant::now();
    let added = demo::run(&mut store, PEOPLE, 1, today()).unwrap();
    eprintln!(
        "demo import: {added} people in {:.2?} ({} bytes on disk)",
        start.elapsed(),
        std::fs::metadata(&path)
            .map(|m| m.len())
            .unwrap_or_default()
    );
    let mut group = c.benchmark_group("search_first_page");
    for (name, q) in queries() {
        let page = store.search(&q, 0, 50, true).unwrap();
        eprintln!(
            "{name:>16} {q:?}: {} rows, total {:?}",
            page.rows.len(),
            page.total
        );
        group.bench_function(name, |b| {
            b.iter(|| black_box(store.search(black_box(&q), 0, 50, true).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
