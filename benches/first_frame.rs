//! Time to first frame, time per keystroke and peak memory of the real app over 100,000 demo
//! people, measured from outside as an operator meets them.
//!
//! `cargo bench --bench first_frame` (the binary is the bench-profile build, release-like).
//!
//! Builds a demo register once (`sportello demo --people 100000 --seed 1`) in a temporary
//! directory (or takes the desk at `SPORTELLO_BENCH_DB`, administrator demo/demo), then runs `sportello --db DB --lang it` in a 100x30 pseudo-terminal: one warm-up
//! run that is not counted, then RUNS counted ones. Each run times, from spawn:
//! - first paint: the login box is on the screen;
//! - then the demo administrator logs in (`demo`, `demo`), and from the Enter that sends the
//!   passphrase: the agenda's title, then its deadlines (a line says "… gg fa"). This covers
//!   the key's derivation (Argon2id), opening the encrypted database and the first build.
//!
//! It then opens the register ("r") and types "m", "o", "h" one at a time, timing each key from the write to the screen
//! showing that query's first row (known beforehand from `sportello search Q --limit 1`),
//! reads the process's peak resident memory (VmHWM in /proc/PID/status) and quits with
//! Ctrl+Q. With `SPORTELLO_BENCH_COLD=1` (root only) the OS page cache is dropped before
//! every run, so each one starts as after a reboot: the login, the agenda and the first
//! searches read the file from the disk. Times are taken when the pseudo-terminal delivered the bytes that completed the
//! screen (vt100 parses each chunk as it arrives), not by polling.

use std::error::Error;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

type Res<T> = Result<T, Box<dyn Error>>;

const BIN: &str = env!("CARGO_BIN_EXE_sportello");
const PEOPLE: u64 = 100_000;
const RUNS: usize = 15;
const COLS: u16 = 100;
const ROWS: u16 = 30;
const TIMEOUT: Duration = Duration::from_secs(30);
const KEYS: [&str; 3] = ["m", "o", "h"];

/// The terminal as parsed so far, and when its last bytes arrived.
struct Term {
    parser: vt100::Parser,
    at: Instant,
    closed: bool,
}

struct Shared {
    term: Mutex<Term>,
    changed: Condvar,
}

struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    shared: Arc<Shared>,
    _master: Box<dyn MasterPty + Send>,
}

fn poisoned<T>(_: T) -> Box<dyn Error> {
    "the screen lock was poisoned".into()
}

impl Tui {
    /// Starts the app on `db` with HOME and the XDG directories inside `home`; returns it
    /// with the instant just before the process was started.
    fn spawn(home: &Path, db: &Path) -> Res<(Tui, Instant)> {
        let pair = native_pty_system().openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })?;
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(["--db", &db.to_string_lossy(), "--lang", "it"]);
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "it_IT.UTF-8");
        cmd.cwd(home);
        let mut reader = pair.master.try_clone_reader()?;
        let writer = pair.master.take_writer()?;
        let shared = Arc::new(Shared {
            term: Mutex::new(Term {
                parser: vt100::Parser::new(ROWS, COLS, 0),
                at: Instant::now(),
                closed: false,
            }),
            changed: Condvar::new(),
        });
        let start = Instant::now();
        let child = pair.slave.spawn_command(cmd)?;
        drop(pair.slave);
        let sh = Arc::clone(&shared);
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let at = Instant::now();
                let Ok(mut t) = sh.term.lock() else { break };
                if n == 0 {
                    t.closed = true;
                    sh.changed.notify_all();
                    break;
                }
                t.parser.process(&buf[..n]);
                t.at = at;
                sh.changed.notify_all();
            }
        });
        let tui = Tui {
            child,
            writer,
            shared,
            _master: pair.master,
        };
        Ok((tui, start))
    }

    /// Waits until the screen satisfies `ok`; returns when the bytes that made it so arrived.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> Res<Instant> {
        let deadline = Instant::now() + TIMEOUT;
        let mut t = self.shared.term.lock().map_err(poisoned)?;
        loop {
            let screen = t.parser.screen().contents();
            if ok(&screen) {
                return Ok(t.at);
            }
            let now = Instant::now();
            if t.closed || now >= deadline {
                let why = if t.closed {
                    "the app closed"
                } else {
                    "timed out"
                };
                return Err(
                    format!("{why} waiting for {what}; the screen shows:\n{screen}").into(),
                );
            }
            t = self
                .shared
                .changed
                .wait_timeout(t, deadline - now)
                .map_err(poisoned)?
                .0;
        }
    }

    fn send(&mut self, bytes: &str) -> Res<Instant> {
        let at = Instant::now();
        self.writer.write_all(bytes.as_bytes())?;
        self.writer.flush()?;
        Ok(at)
    }

    /// Peak resident memory of the app so far (VmHWM), in KiB.
    fn peak_rss_kib(&self) -> Res<u64> {
        let pid = self.child.process_id().ok_or("the app has no process id")?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let line = status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .ok_or("no VmHWM line in /proc/PID/status")?;
        let kib = line.split_whitespace().nth(1).ok_or("empty VmHWM line")?;
        Ok(kib.parse()?)
    }

    fn wait_exit(&mut self) -> Res<u32> {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status.exit_code());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        self.child.kill()?;
        Err("the app did not exit after Ctrl+Q".into())
    }
}

/// The screen line right under the column header: the list's first row.
fn first_row(screen: &str) -> Option<&str> {
    let mut lines = screen.lines();
    lines.find(|l| l.contains("Codice fiscale"))?;
    lines.next()
}

/// The name in the first row `sportello search Q --limit 1` prints (after the id), cut to
/// 12 characters so that a narrow name column still shows all of it.
fn expected_first_name(db: &Path, query: &str) -> Res<String> {
    let out = Command::new(BIN)
        .env("SPORTELLO_OPERATOR", "demo")
        .env("SPORTELLO_PASSPHRASE", "demo")
        .args(["--db", &db.to_string_lossy(), "--lang", "it"])
        .args(["search", query, "--limit", "1"])
        .output()?;
    if !out.status.success() {
        return Err(format!("sportello search {query:?} failed").into());
    }
    let text = String::from_utf8(out.stdout)?;
    let line = text.lines().next().ok_or("search printed nothing")?;
    let (_, rest) = line.split_once("  ").ok_or("no id in the search output")?;
    let name = rest.trim_start().split("  ").next().unwrap_or_default();
    Ok(name.chars().take(12).collect())
}

struct Run {
    paint: Duration,
    rows: Duration,
    keys: Vec<Duration>,
    peak_kib: u64,
}

fn run_once(home: &Path, db: &Path, expected: &[String]) -> Res<Run> {
    let (mut tui, spawned) = Tui::spawn(home, db)?;
    let painted = tui.wait_until("the login box", |s| s.contains("Passphrase"))?;
    tui.send("demo\r")?;
    let start = tui.send("demo\r")?;
    // The agenda is the first screen: its title, then its deadlines, built on the loop's
    // turn after the first frame: its lines say how late ("… gg fa").
    tui.wait_until("the title", |s| s.contains("Agenda"))?;
    let with_rows = tui.wait_until("the agenda's deadlines", |s| {
        !s.contains("Preparo le scadenze") && s.contains(" gg ")
    })?;
    tui.send("r")?;
    tui.wait_until("the register's rows and count", |s| {
        s.contains("Codice fiscale") && s.contains(" persone") && first_row(s).is_some()
    })?;
    let mut keys = Vec::new();
    for (key, name) in KEYS.iter().zip(expected) {
        let sent = tui.send(key)?;
        let shown = tui.wait_until(&format!("{name:?} first after {key:?}"), |s| {
            first_row(s).is_some_and(|r| r.contains(name.as_str()))
        })?;
        keys.push(shown.saturating_duration_since(sent));
    }
    let peak_kib = tui.peak_rss_kib()?;
    tui.send("\x11")?;
    let code = tui.wait_exit()?;
    if code != 0 {
        return Err(format!("the app exited with {code}").into());
    }
    Ok(Run {
        paint: painted.saturating_duration_since(spawned),
        rows: with_rows.saturating_duration_since(start),
        keys,
        peak_kib,
    })
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// (p50, max) of `v`.
fn p50_max(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let p50 = v
        .get(v.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or_default();
    (p50, v.last().copied().unwrap_or_default())
}

fn build_db(dir: &Path) -> Res<PathBuf> {
    let db = dir.join("demo.db");
    let start = Instant::now();
    let status = Command::new(BIN)
        .args(["--lang", "it", "demo", "--people", &PEOPLE.to_string()])
        .args(["--seed", "1", "--db", &db.to_string_lossy()])
        .stdout(std::process::Stdio::null())
        .status()?;
    if !status.success() {
        return Err("sportello demo failed".into());
    }
    let size = std::fs::metadata(&db)?.len();
    println!(
        "demo: {PEOPLE} people in {:.2} s (process wall time); database {:.1} MB ({size} bytes)",
        start.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
    Ok(db)
}

/// Writes dirty pages out and empties the kernel's page cache (needs root).
fn drop_os_cache() -> Res<()> {
    Command::new("sync").status()?;
    std::fs::write("/proc/sys/vm/drop_caches", "3")
        .map_err(|e| format!("cannot drop the OS page cache (root only): {e}"))?;
    Ok(())
}

fn main() -> Res<()> {
    // `cargo bench` passes --bench (and a filter, if any): nothing to configure here.
    println!("binary: {BIN}");
    let dir = tempfile::tempdir()?;
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home)?;
    // An existing desk (its administrator demo/demo, as `sportello demo` sets one up), for
    // figures at a size too long to build on every run: SPORTELLO_BENCH_DB=PATH.
    let db = match std::env::var_os("SPORTELLO_BENCH_DB") {
        Some(p) => PathBuf::from(p),
        None => build_db(dir.path())?,
    };

    let mut expected = Vec::new();
    let mut query = String::new();
    let before = expected_first_name(&db, "")?;
    for key in KEYS {
        query.push_str(key);
        let name = expected_first_name(&db, &query)?;
        if expected.last().unwrap_or(&before) == &name {
            println!("note: {query:?} has the same first row as the query before it");
        }
        expected.push(name);
    }

    let cold = std::env::var_os("SPORTELLO_BENCH_COLD").is_some_and(|v| v == "1");
    if cold {
        drop_os_cache()?;
    }
    let warm = run_once(&home, &db, &expected)?;
    println!(
        "warm-up run (not counted): login Enter -> agenda's rows {}",
        ms(warm.rows)
    );
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        if cold {
            drop_os_cache()?;
        }
        runs.push(run_once(&home, &db, &expected)?);
    }
    if cold {
        println!("cold: the OS page cache was dropped before each run");
    }

    match std::env::var_os("SPORTELLO_BENCH_DB") {
        Some(p) => println!("{RUNS} runs, {COLS}x{ROWS} terminal, desk {}", p.display()),
        None => println!("{RUNS} runs, {COLS}x{ROWS} terminal, {PEOPLE} people"),
    }
    let (p50, max) = p50_max(runs.iter().map(|r| r.paint).collect());
    println!(
        "first paint (login box):         p50 {:>9}  max {:>9}",
        ms(p50),
        ms(max)
    );
    let (p50, max) = p50_max(runs.iter().map(|r| r.rows).collect());
    println!(
        "login Enter -> agenda's rows:    p50 {:>9}  max {:>9}",
        ms(p50),
        ms(max)
    );
    let mut typed = String::new();
    for (i, key) in KEYS.iter().enumerate() {
        typed.push_str(key);
        let (p50, max) = p50_max(runs.iter().filter_map(|r| r.keys.get(i).copied()).collect());
        println!(
            "key {key:?} -> {:<5} on screen:      p50 {:>9}  max {:>9}",
            format!("{typed:?}"),
            ms(p50),
            ms(max)
        );
    }
    let peak = runs.iter().map(|r| r.peak_kib).max().unwrap_or_default();
    println!(
        "peak memory of the app (VmHWM after the 3 searches): max {:.1} MiB",
        peak as f64 / 1024.0
    );
    Ok(())
}
