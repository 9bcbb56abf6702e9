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
        super::bench_figures::unlock_figures(&path, k)?;
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
    super::bench_figures::agenda_figures(&store)?;
    super::bench_figures::case_figures(&store, &people)?;
    if a.sizes {
        super::bench_figures::size_figures(&store, total)?;
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
