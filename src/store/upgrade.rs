//! An older register brought up to this build's schema with progress: opened without running
//! its pending steps ([`Pending::open`]), asked how much work they are (rows in the tables
//! each step reads or rewrites), then run one step at a time, each in its own transaction,
//! reporting the step and a fraction as it goes. A stop is honoured between steps, never
//! inside one: between two steps the file is whole at a version, and the next open goes on
//! from there.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rusqlite::{Connection, OptionalExtension};

use super::migrations::{self, LATEST};
use super::{Role, Store, StoreResult};
use crate::vault::DbKey;

/// A register opened as found, its pending steps not run.
pub struct Pending {
    conn: Connection,
}

/// What one pending step reads or rewrites: its tables and their rows (roughly: the
/// largest row id, which deletions leave above the count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepWork {
    /// The step's number (1 for the first).
    pub step: u32,
    pub tables: Vec<String>,
    pub rows: u64,
}

/// The pending steps, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Work {
    pub steps: Vec<StepWork>,
}

impl Work {
    /// Rows in the tables of every pending step.
    pub fn rows(&self) -> u64 {
        self.steps.iter().map(|s| s.rows).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// Where an upgrade has got: the step running (of `last`), the tables it works on, and the
/// fraction of the whole upgrade done (0.0 to 1.0, the steps weighed by their rows and
/// what a row costs each).
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub step: u32,
    pub last: u32,
    pub tables: String,
    pub fraction: f64,
}

/// How an upgrade ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ran {
    /// Every step applied.
    Done,
    /// Asked to stop: the file is whole at this version.
    Stopped(u32),
}

/// What a report is given.
pub type Report = Arc<dyn Fn(&Stage) + Send + Sync>;

/// The progress handler is called every this many SQLite instructions.
const OPS_PER_CALL: i32 = 20_000;

/// What a step costs per row of its tables, measured on demo registers (13 to 15 on 20,000
/// people, notes/issue-11-failures.md; 17 on 100,000, notes/issue-11-upgrade.md): SQLite
/// instructions (what the progress handler counts), and microseconds (what weighs the steps
/// against each other: the journal's rewrite compresses every value, the audit's link only
/// compares). A step not listed is taken at the default.
const COST: &[(u32, Cost)] = &[
    (
        13,
        Cost {
            ops: 46,
            micros: 18,
        },
    ),
    (
        14,
        Cost {
            ops: 23,
            micros: 17,
        },
    ),
    (15, Cost { ops: 26, micros: 4 }),
    (17, Cost { ops: 80, micros: 9 }),
];
const DEFAULT_COST: Cost = Cost {
    ops: 40,
    micros: 10,
};

#[derive(Debug, Clone, Copy)]
struct Cost {
    ops: u64,
    micros: u64,
}

fn cost(step: u32) -> Cost {
    COST.iter()
        .find(|(n, _)| *n == step)
        .map_or(DEFAULT_COST, |(_, c)| *c)
}

/// Tables a step reads in Rust after its SQL (what its text does not name).
const READ_IN_RUST: &[(u32, &[&str])] = &[
    (13, &["changes", "audit_log"]),
    (14, &["case_forms"]),
    (15, &["audit_log", "changes"]),
    (17, super::schema_ids::TABLES),
];

impl Pending {
    /// Opens `path` (with its key when encrypted) without running pending steps; a newer
    /// file is refused as [`Store::open`] refuses it.
    pub fn open(path: &Path, key: Option<&DbKey>) -> StoreResult<Pending> {
        let conn = Store::connect(Connection::open(path)?, key)?;
        // Counting rows ([`Pending::work`]) reads whole tables: no more cache than a step's.
        conn.execute_batch(&format!(
            "PRAGMA cache_size = -{};",
            migrations::STEP_CACHE_KIB
        ))?;
        Ok(Pending { conn })
    }

    /// The schema version of the file as found.
    pub fn version(&self) -> StoreResult<u32> {
        migrations::version(&self.conn)
    }

    /// Whether every step is applied.
    pub fn is_current(&self) -> StoreResult<bool> {
        Ok(self.version()? >= LATEST)
    }

    /// The pending steps and the rows of the tables each one works on.
    pub fn work(&self) -> StoreResult<Work> {
        let tables = self.tables()?;
        let mut steps = Vec::new();
        for step in self.version()? + 1..=LATEST {
            let Some((sql, _)) = migrations::step_text(step) else {
                continue;
            };
            let mut named = named_tables(sql);
            for (_, extra) in READ_IN_RUST.iter().filter(|(n, _)| *n == step) {
                named.extend(extra.iter().map(|t| t.to_string()));
            }
            let mut mine: Vec<String> = Vec::new();
            for t in named {
                if tables.contains(&t) && !mine.contains(&t) {
                    mine.push(t);
                }
            }
            let mut rows = 0;
            for t in &mine {
                rows += self.rows(t)?;
            }
            steps.push(StepWork {
                step,
                tables: mine,
                rows,
            });
        }
        Ok(Work { steps })
    }

    /// Ordinary tables of the file (not virtual ones: their rows are rebuilt elsewhere).
    fn tables(&self) -> StoreResult<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%'",
        )?;
        let names = st.query_map([], |r| r.get::<_, String>(0))?;
        Ok(names.collect::<Result<_, _>>()?)
    }

    /// Roughly how many rows `table` holds: its largest row id (a look at the end of its
    /// tree), or a count where it has no row ids.
    fn rows(&self, table: &str) -> StoreResult<u64> {
        let quoted = table.replace('"', "\"\"");
        let max = self
            .conn
            .query_row(&format!("SELECT max(rowid) FROM \"{quoted}\""), [], |r| {
                r.get::<_, Option<i64>>(0)
            });
        let n = match max {
            Ok(n) => n.unwrap_or(0),
            Err(_) => {
                self.conn
                    .query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |r| {
                        r.get::<_, i64>(0)
                    })?
            }
        };
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Whether the desk has operators (a register from before them has none).
    pub fn has_operators(&self) -> StoreResult<bool> {
        let exists: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'operators')",
            [],
            |r| r.get(0),
        )?;
        if !exists {
            return Ok(false);
        }
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM operators)", [], |r| r.get(0))?)
    }

    /// An active operator's name and role, read from the columns every version has (the
    /// steps may change how the others are stored).
    pub fn operator(&self, username: &str) -> StoreResult<Option<(String, Role)>> {
        let row = self
            .conn
            .query_row(
                "SELECT name, role FROM operators WHERE username = ?1 AND active = 1",
                [username],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?;
        Ok(row.and_then(|(name, role)| Role::from_code(&role).map(|r| (name, r))))
    }

    /// Runs the pending steps, telling `report` where it has got; `stop` is asked before
    /// each step.
    pub fn run(mut self, report: Report, stop: &dyn Fn() -> bool) -> StoreResult<Ran> {
        super::compact::register(&self.conn)?;
        let work = self.work()?;
        let weight = |s: &StepWork| s.rows.max(1) * cost(s.step).micros;
        let total: u64 = work.steps.iter().map(weight).sum::<u64>().max(1);
        let mut done = 0u64;
        for s in &work.steps {
            if stop() {
                return Ok(Ran::Stopped(self.version()?));
            }
            let share = weight(s);
            let stage = Stage {
                step: s.step,
                last: LATEST,
                tables: s.tables.join(", "),
                fraction: done as f64 / total as f64,
            };
            report(&stage);
            let calls_expected = (s.rows * cost(s.step).ops / OPS_PER_CALL as u64).max(1);
            let calls = Arc::new(AtomicU64::new(0));
            let (seen, tell) = (calls.clone(), report.clone());
            self.conn.progress_handler(
                OPS_PER_CALL,
                Some(move || {
                    let n = seen.fetch_add(1, Ordering::Relaxed) + 1;
                    // Short of the step's whole share until it is committed.
                    let within = (n as f64 / calls_expected as f64).min(0.95);
                    let f = (done as f64 + share as f64 * within) / total as f64;
                    tell(&Stage {
                        fraction: f,
                        ..stage.clone()
                    });
                    false
                }),
            )?;
            let started = Instant::now();
            let reached = migrations::next_step(&mut self.conn, LATEST);
            self.conn.progress_handler(0, None::<fn() -> bool>)?;
            reached?;
            tracing::info!(
                "schema step {}: {} rows of {} in {:.1} s, {} progress calls ({} expected)",
                s.step,
                s.rows,
                s.tables.join(", "),
                started.elapsed().as_secs_f64(),
                calls.load(Ordering::Relaxed),
                calls_expected
            );
            done += share;
        }
        report(&Stage {
            step: LATEST,
            last: LATEST,
            tables: String::new(),
            fraction: 1.0,
        });
        Ok(Ran::Done)
    }
}

/// Makes a new file at `path` at schema `version` (older than this build's), encrypted
/// with `key` when given: for tests and measurements of the upgrade.
pub fn older(path: &Path, key: Option<&DbKey>, version: u32) -> StoreResult<()> {
    let mut conn = Store::connect(Connection::open(path)?, key)?;
    super::compact::register(&conn)?;
    while migrations::next_step(&mut conn, version)?.is_some() {}
    Ok(())
}

/// Makes a new file at `path` as an older version left it: at schema step 12, encrypted
/// with `key` when given, `admin` its administrator when given, and `lines` journal lines
/// (a phone changed) each with its audit entry, written by `admin` (or "anna"): for tests
/// and measurements of the upgrade.
pub fn older_at_twelve(
    path: &Path,
    key: Option<&DbKey>,
    admin: Option<&str>,
    lines: usize,
) -> StoreResult<()> {
    older(path, key, 12)?;
    let mut conn = Connection::open(path)?;
    if let Some(k) = key {
        super::cipher::apply_key(&conn, k)?;
    }
    let tx = conn.transaction()?;
    if let Some(name) = admin {
        tx.execute(
            "INSERT INTO operators (id, username, name, role, active, created_at)
             VALUES (?1, ?2, ?2, 'administrator', 1, '2026-01-01T00:00:00Z')",
            rusqlite::params![uuid::Uuid::now_v7().to_string(), name],
        )?;
    }
    let by = admin.unwrap_or("anna");
    for i in 0..lines {
        tx.execute(
            "INSERT INTO changes (id, entity, entity_id, field, new_value, at, by)
             VALUES (?1, 'person', ?2, 'phones', '\"333\"', '2026-11-02T09:30:00.125Z', ?3)",
            rusqlite::params![
                uuid::Uuid::now_v7().to_string(),
                uuid::Uuid::now_v7().to_string(),
                by
            ],
        )?;
        tx.execute(
            "INSERT INTO audit_log VALUES (?1, '2026-11-02T09:30:00.125Z', ?2, 'change',
             'person', 'x', 'phones', x'00', x'01')",
            rusqlite::params![i as i64 + 1, by],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Names a step's SQL reads or rewrites: the word after FROM, UPDATE and ON (an index
/// built over a table reads all of it). Words that are not tables of the file are dropped
/// by the caller.
fn named_tables(sql: &str) -> Vec<String> {
    let words: Vec<String> = sql
        .split(|c: char| c.is_whitespace() || "(),;".contains(c))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches('"').to_ascii_lowercase())
        .collect();
    words
        .windows(2)
        .filter(|w| matches!(w[0].as_str(), "from" | "update" | "on"))
        .map(|w| w[1].clone())
        .collect()
}

#[cfg(test)]
#[path = "upgrade_tests.rs"]
mod tests;
