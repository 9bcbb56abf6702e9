//! The bench's figures beside the register's search: what unlocking costs, the agenda's
//! builds, opening a case, and the bytes each table takes.

use std::time::Instant;

use super::bench::{ms, percentile};
use super::today;
use super::{Failure, failed};
use crate::store::Store;
use crate::vault::{DbKey, KeyRing};

/// Times what a login costs: unwrapping the key from the ring (Argon2id with the default
/// cost) and opening the database with it up to its first read.
pub(super) fn unlock_figures(path: &std::path::Path, key: &DbKey) -> Result<(), Failure> {
    let mut ring = KeyRing::new();
    let pass = "cavolo verde lento sul tram";
    ring.add("bench", pass, key)
        .map_err(|e| Failure::new(crate::i18n::Msg::new(e.message_key())))?;
    let mut unwrap = Vec::new();
    let mut open = Vec::new();
    let mut first_read = Vec::new();
    for _ in 0..10 {
        let start = Instant::now();
        let k = ring
            .open("bench", pass)
            .map_err(|e| Failure::new(crate::i18n::Msg::new(e.message_key())))?;
        unwrap.push(start.elapsed());
        let start = Instant::now();
        let s = Store::open_keyed(path, &k)?;
        open.push(start.elapsed());
        let start = Instant::now();
        s.count_people()?;
        first_read.push(start.elapsed());
    }
    unwrap.sort();
    open.sort();
    first_read.sort();
    println!(
        "unlock: key unwrap (Argon2id 19 MiB, 2 passes) p50 {} max {}; open (key, schema check) p50 {} max {}; then counting the register p50 {} max {}",
        ms(percentile(&unwrap, 0.5)),
        ms(unwrap.last().copied().unwrap_or_default()),
        ms(percentile(&open, 0.5)),
        ms(open.last().copied().unwrap_or_default()),
        ms(percentile(&first_read, 0.5)),
        ms(first_read.last().copied().unwrap_or_default())
    );
    Ok(())
}

/// Agenda builds over whatever the database holds (every kind, everyone, today).
const AGENDA_RUNS: usize = 20;

pub(super) fn agenda_figures(store: &Store) -> Result<(), Failure> {
    let config = crate::config::Config::default();
    for (label, first_rows) in [("first rows", true), ("whole", false)] {
        let filter = crate::service::agenda::AgendaFilter {
            first_rows,
            ..Default::default()
        };
        let mut times = Vec::with_capacity(AGENDA_RUNS);
        let mut items = 0;
        for _ in 0..AGENDA_RUNS {
            let start = Instant::now();
            let a = crate::service::agenda::build(store, today(), &config, &filter)?;
            times.push(start.elapsed());
            items = a.items.len();
        }
        let first = times.first().copied().unwrap_or_default();
        times.sort();
        println!(
            "agenda ({label}): {items} items; first build {} then p50 {} p99 {} over {AGENDA_RUNS} builds",
            ms(first),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99))
        );
    }
    Ok(())
}

/// Opening a case's screen: the overview (steps from their tables) and the timeline, as
/// `CaseScreen::load` reads them; then the plan screen's read.
pub(super) fn case_figures(store: &Store, people: &[uuid::Uuid]) -> Result<(), Failure> {
    let i18n = crate::i18n::I18n::new(crate::i18n::Lang::It);
    let mut case_times = Vec::new();
    let mut plan_times = Vec::new();
    let mut lines = 0;
    for p in people {
        let Some(case) = store.cases_for(*p)?.first().map(|c| c.id) else {
            continue;
        };
        let start = Instant::now();
        let lang = crate::i18n::Lang::En;
        let _ = crate::service::cases::overview(store, case).map_err(|f| failed(&f, lang))?;
        let t = crate::service::cases::timeline(store, case).map_err(|f| failed(&f, lang))?;
        let t = crate::words::timeline::lines(&t, &i18n);
        case_times.push(start.elapsed());
        lines += t.len();
        let start = Instant::now();
        let _ = crate::service::plan::overview(store, case)?;
        plan_times.push(start.elapsed());
    }
    case_times.sort();
    plan_times.sort();
    println!(
        "case screen open: p50 {} p99 {} max {} over {} cases ({} timeline lines in all)",
        ms(percentile(&case_times, 0.5)),
        ms(percentile(&case_times, 0.99)),
        ms(case_times.last().copied().unwrap_or_default()),
        case_times.len(),
        lines
    );
    println!(
        "plan screen open: p50 {} p99 {} max {}",
        ms(percentile(&plan_times, 0.5)),
        ms(percentile(&plan_times, 0.99)),
        ms(plan_times.last().copied().unwrap_or_default())
    );
    Ok(())
}

/// Bytes per table and per person, largest first, and the whole file's.
pub(super) fn size_figures(store: &Store, people: u64) -> Result<(), Failure> {
    let sizes = store.table_sizes()?;
    let total: u64 = sizes.iter().map(|t| t.bytes).sum();
    let per = |b: u64| b as f64 / people.max(1) as f64;
    println!(
        "file: {:.1} MiB in tables, {:.0} bytes a person",
        total as f64 / 1_048_576.0,
        per(total)
    );
    println!(
        "{:<36} {:>10} {:>12}",
        "table or index", "MiB", "bytes/person"
    );
    for t in sizes.iter().filter(|t| t.bytes * 200 >= total) {
        println!(
            "{:<36} {:>10.1} {:>12.0}",
            t.name,
            t.bytes as f64 / 1_048_576.0,
            per(t.bytes)
        );
    }
    Ok(())
}
