//! `sportello bench`: figures for BENCHMARKS.md. Builds a demo register in a temporary file
//! (or uses `--db` as it is), then times searches the way the register runs them: a request
//! to the search worker until the first page is back, ready to draw.

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Failure, today};
use crate::service::auth::Gate;
use crate::store::Store;
use crate::store::worker::{Job, SearchRequest, SearchWorker, Worker};
use crate::vault::{DbKey, KeyRing};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// People in the demo register built for the run (ignored with --db)
    #[arg(long, default_value_t = 100_000)]
    pub people: u64,
    /// Queries per class
    #[arg(long, default_value_t = 200)]
    pub samples: usize,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Build and search an encrypted register (SQLCipher, as the app runs), and time the
    /// unlock (the passphrase's key derivation and the first read)
    #[arg(long)]
    pub encrypted: bool,
    /// Keep the register built for the run at PATH (and, encrypted, its raw key in
    /// PATH.key, for measuring it again with --db and --key-file)
    #[arg(long, value_name = "PATH")]
    pub keep: Option<std::path::PathBuf>,
    /// The raw key (hex) of an encrypted register given with --db, as --keep wrote it
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<std::path::PathBuf>,
    /// Also list the bytes each table and index takes (a read of the whole file)
    #[arg(long)]
    pub sizes: bool,
    /// Make the encrypted register (kept with --keep, or given with --db and --key-file) a
    /// desk the app opens: a key ring beside it and the administrator demo, passphrase demo
    #[arg(long)]
    pub make_desk: bool,
}

/// Times what a login costs: unwrapping the key from the ring (Argon2id with the default
/// cost) and opening the database with it up to its first read.
fn unlock_figures(path: &std::path::Path, key: &DbKey) -> Result<(), Failure> {
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

pub(super) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub(super) fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Peak resident memory of this process (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Spins until the worker answers `generation` (the way the screens poll it).
pub(super) fn answered<J, T>(worker: &Worker<J>, generation: u64) -> Result<(), Failure>
where
    J: Job<Output = crate::store::StoreResult<T>>,
{
    loop {
        if let Some(r) = worker.try_recv()
            && r.generation == generation
        {
            r.result?;
            return Ok(());
        }
        std::thread::yield_now();
    }
}

/// Agenda builds over whatever the database holds (every kind, everyone, today).
const AGENDA_RUNS: usize = 20;

fn agenda_figures(store: &Store) -> Result<(), Failure> {
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
fn case_figures(store: &Store, people: &[uuid::Uuid]) -> Result<(), Failure> {
    let i18n = crate::i18n::I18n::new(crate::i18n::Lang::It);
    let mut case_times = Vec::new();
    let mut plan_times = Vec::new();
    let mut lines = 0;
    for p in people {
        let Some(case) = store.cases_for(*p)?.first().map(|c| c.id) else {
            continue;
        };
        let start = Instant::now();
        let _ = crate::service::cases::overview(store, case).map_err(Failure::new)?;
        let t = crate::service::cases::timeline(store, case).map_err(Failure::new)?;
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

pub fn run(db: Option<std::path::PathBuf>, a: Args) -> Result<(), Failure> {
    let scratch = a.keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("sportello-bench-{}.db", std::process::id()))
    });
    let key = match (&a.key_file, a.encrypted) {
        (Some(f), _) => Some(read_key(f)?),
        (None, true) => Some(
            DbKey::random().map_err(|_| Failure::new(crate::i18n::Msg::new("auth.no_random")))?,
        ),
        (None, false) => None,
    };
    if let (Some(k), Some(keep)) = (&key, &a.keep) {
        let hex: String = k.bytes().iter().map(|b| format!("{b:02x}")).collect();
        let file = format!("{}.key", keep.display());
        std::fs::write(&file, hex).map_err(|e| {
            Failure::new(
                crate::i18n::Msg::new("cli.file_unreadable")
                    .arg("path", &file)
                    .arg("detail", e),
            )
        })?;
    }
    let open = |p: &std::path::Path| match &key {
        Some(k) => Store::open_keyed(p, k),
        None => Store::open(p),
    };
    let path = match &db {
        Some(p) => p.clone(),
        None => {
            let p = scratch.clone();
            let mut store = open(&p)?;
            let start = Instant::now();
            let n = crate::demo::run(&mut store, a.people, a.seed, today())?;
            println!("demo: {n} people in {:.2} s", start.elapsed().as_secs_f64());
            let start = Instant::now();
            crate::service::plan::ensure_programmes(&mut store, crate::demo::DEMO_OPERATOR)?;
            let programmes = crate::demo::programme_infos(&store)?;
            let (_, cases) = crate::demo::run_path(&mut store, a.seed, today(), &programmes)?;
            println!(
                "demo: {cases} cases along the path in {:.2} s",
                start.elapsed().as_secs_f64()
            );
            p
        }
    };
    if a.make_desk {
        match &key {
            Some(k) => make_desk(&path, k)?,
            None => return Err(Failure::new(crate::i18n::Msg::new("auth.need_env"))),
        }
    }
    let store = match (&db, &key) {
        // An existing desk with no raw key given: logged in as the app does.
        (Some(p), None) if crate::service::auth::gate(p) == Ok(Gate::Login) => {
            let i18n = crate::i18n::I18n::new(crate::i18n::Lang::En);
            let start = Instant::now();
            let (store, session) = super::auth::login(p, &i18n)?;
            println!(
                "login as {}: {} (key unwrap, open, schema check)",
                session.username,
                ms(start.elapsed())
            );
            store
        }
        _ => open(&path)?,
    };
    println!("encrypted: {}", store.is_encrypted());
    if let Some(k) = &key {
        unlock_figures(&path, k)?;
    }
    // Query material: names of people actually in the register.
    let mut rng = ChaCha8Rng::seed_from_u64(a.seed);
    let mut names = Vec::new();
    let mut births = Vec::new();
    let mut people = Vec::new();
    let total = store.count_people()?;
    for _ in 0..a.samples.max(1) {
        let page = store.search("", rng.random_range(0..total.max(1)), 1, false)?;
        if let Some(r) = page.rows.first() {
            names.push(r.names.first().cloned().unwrap_or_default());
            births.push(r.birth_date);
            people.push(r.id);
        }
    }
    let words = |n: &String| {
        n.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    let prefix = |w: &str, k: usize| w.chars().take(k).collect::<String>();
    let classes: Vec<(&str, Vec<String>)> = vec![
        (
            "1 letter",
            names.iter().map(|n| prefix(&words(n)[0], 1)).collect(),
        ),
        (
            "2 letters",
            names.iter().map(|n| prefix(&words(n)[0], 2)).collect(),
        ),
        (
            "3 letters",
            names.iter().map(|n| prefix(&words(n)[0], 3)).collect(),
        ),
        (
            "full surname",
            names.iter().map(|n| words(n)[0].clone()).collect(),
        ),
        (
            "two words",
            names
                .iter()
                .map(|n| {
                    let w = words(n);
                    let given = w.get(1).cloned().unwrap_or_default();
                    format!("{given} {}", w[0])
                })
                .collect(),
        ),
        (
            "sounds alike",
            names
                .iter()
                .map(|n| super::bench_names::respell(&words(n)[0]))
                .collect(),
        ),
        (
            "birth date",
            births
                .iter()
                .flatten()
                .map(|d| crate::domain::date::format_date(*d))
                .collect(),
        ),
        (
            "no match",
            (0..names.len()).map(|i| format!("zqx{i}")).collect(),
        ),
    ];
    let worker = SearchWorker::spawn(store.reopen()?)?;
    println!(
        "register: {total} people; {} queries per class; as the register asks: a first page \
         of {} rows (drawn), then its count (up to 1,000)",
        names.len(),
        crate::store::FIRST_PAGE
    );
    println!(
        "{:<14} {:>10} {:>10} {:>10} {:>14} {:>10}",
        "class", "page p50", "p99", "max", "count p50", "p99"
    );
    let mut generation = 0;
    let mut ask = |query: &str, limit: u64, with_count: bool| -> Result<Duration, Failure> {
        generation += 1;
        let start = Instant::now();
        worker.request(SearchRequest {
            generation,
            query: query.to_string(),
            offset: 0,
            limit,
            with_count,
        });
        answered(&worker, generation)?;
        Ok(start.elapsed())
    };
    for (label, queries) in &classes {
        let mut pages = Vec::new();
        let mut counts = Vec::new();
        for q in queries.iter().filter(|q| !q.is_empty()) {
            pages.push(ask(q, crate::store::FIRST_PAGE, false)?);
            counts.push(ask(q, 0, true)?);
        }
        pages.sort();
        counts.sort();
        println!(
            "{label:<14} {:>10} {:>10} {:>10} {:>14} {:>10}",
            ms(percentile(&pages, 0.5)),
            ms(percentile(&pages, 0.99)),
            ms(pages.last().copied().unwrap_or_default()),
            ms(percentile(&counts, 0.5)),
            ms(percentile(&counts, 0.99)),
        );
    }
    drop(worker);
    super::bench_names::dupes_figures(&store, &names, &births)?;
    agenda_figures(&store)?;
    case_figures(&store, &people)?;
    if a.sizes {
        size_figures(&store, total)?;
    }
    if let Some(mib) = peak_rss_mib() {
        println!("peak memory of this process: {mib:.1} MiB");
    }
    drop(store);
    if a.keep.is_none() {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", scratch.display()));
        }
    }
    Ok(())
}

/// A key ring beside `path` wrapping `key` for the administrator demo (passphrase demo), who
/// is added to the register: the app and `bench --db` then open it by logging in.
fn make_desk(path: &std::path::Path, key: &DbKey) -> Result<(), Failure> {
    let ring_file = crate::vault::ring_path(path);
    let mut ring = KeyRing::new();
    let fail = |e: crate::vault::RingError| Failure::new(crate::i18n::Msg::new(e.message_key()));
    ring.add(crate::demo::DEMO_OPERATOR, "demo", key)
        .map_err(fail)?;
    ring.save(&ring_file).map_err(fail)?;
    let mut store = Store::open_keyed(path, key)?;
    if !store.has_operators()? {
        store.add_operator(
            crate::demo::DEMO_OPERATOR,
            "Demo",
            crate::store::Role::Administrator,
            crate::demo::DEMO_OPERATOR,
            chrono::Utc::now(),
        )?;
    }
    println!(
        "desk: {} opens with the administrator demo, passphrase demo",
        path.display()
    );
    Ok(())
}

/// Bytes per table and per person, largest first, and the whole file's.
fn size_figures(store: &Store, people: u64) -> Result<(), Failure> {
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

/// A raw key as `--keep` wrote it: 64 hex digits.
fn read_key(path: &std::path::Path) -> Result<DbKey, Failure> {
    let bad = || {
        Failure::new(
            crate::i18n::Msg::new("cli.file_unreadable")
                .arg("path", path.display())
                .arg("detail", "not a key"),
        )
    };
    let text = std::fs::read_to_string(path).map_err(|_| bad())?;
    let text = text.trim();
    let mut k = [0u8; 32];
    if text.len() != 64 {
        return Err(bad());
    }
    for (i, b) in k.iter_mut().enumerate() {
        *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(DbKey::from_bytes(k))
}
