//! Register search on a 100,000-person demo database: the first page (50 rows, with the
//! count) for the queries an operator types. The database is built once per run in a
//! temporary directory; its import time is printed.
//!
//! `cargo bench --bench search -- --quick`

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use sportello::demo;
use sportello::store::Store;

const PEOPLE: u64 = 100_000;

fn queries() -> Vec<(&'static str, String)> {
    // A common full name and a two-word prefix query, from the heaviest country's lists.
    let countries = demo::countries();
    let top = countries.iter().max_by_key(|c| c.weight);
    let first = |v: Option<&Vec<String>>| v.and_then(|v| v.first()).cloned().unwrap_or_default();
    let surname = first(top.map(|c| &c.surnames));
    let given = first(top.map(|c| &c.male));
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let tax_prefix = demo::generate(50, 1, today())
        .find_map(|p| p.tax_code.filter(|c| c.len() == 16))
        .map(|c| c[..6].to_string())
        .unwrap_or_default();
    vec![
        ("one_letter", "m".into()),
        ("two_letters", "mo".into()),
        ("three_letters", "moh".into()),
        ("full_name", format!("{surname} {given}")),
        ("two_words", format!("{} {}", cut(&given, 3), cut(&surname, 2))),
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
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or_default()
    );
    let mut group = c.benchmark_group("search_first_page");
    for (name, q) in queries() {
        let page = store.search(&q, 0, 50, true).unwrap();
        eprintln!("{name:>16} {q:?}: {} rows, total {:?}", page.rows.len(), page.total);
        group.bench_function(name, |b| {
            b.iter(|| black_box(store.search(black_box(&q), 0, 50, true).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
