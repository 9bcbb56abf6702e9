use std::sync::Mutex;

use super::*;

/// A file at step 12 with `n` journal lines and `n` audit entries for them.
fn at_twelve(path: &Path, n: usize) {
    older_at_twelve(path, None, None, n).unwrap();
}

#[test]
fn an_older_file_says_its_pending_steps_and_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    at_twelve(&path, 40);
    let p = Pending::open(&path, None).unwrap();
    assert_eq!(p.version().unwrap(), 12);
    assert!(!p.is_current().unwrap());
    let work = p.work().unwrap();
    let steps: Vec<u32> = work.steps.iter().map(|s| s.step).collect();
    assert_eq!(steps, (13..=LATEST).collect::<Vec<_>>());
    let first = &work.steps[0];
    assert!(first.tables.contains(&"changes".to_string()), "{first:?}");
    assert!(first.tables.contains(&"audit_log".to_string()), "{first:?}");
    assert_eq!(first.rows, 80);
    let fifteen = work.steps.iter().find(|s| s.step == 15).unwrap();
    assert_eq!(fifteen.rows, 80, "{fifteen:?}");
    // Nothing was run by opening or asking.
    assert_eq!(p.version().unwrap(), 12);
    drop(p);
    let fresh = dir.path().join("new.db");
    drop(Store::open(&fresh).unwrap());
    let current = Pending::open(&fresh, None).unwrap();
    assert!(current.is_current().unwrap());
    assert!(current.work().unwrap().is_empty());
}

#[test]
fn the_steps_run_with_a_growing_fraction_and_stop_between_steps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    at_twelve(&path, 3000);
    // Stopped after the first step: the file is whole at 13.
    let asked = std::sync::atomic::AtomicU32::new(0);
    let stop = || asked.fetch_add(1, Ordering::Relaxed) >= 1;
    let ran = Pending::open(&path, None)
        .unwrap()
        .run(Arc::new(|_: &Stage| {}), &stop)
        .unwrap();
    assert_eq!(ran, Ran::Stopped(13));
    assert_eq!(Pending::open(&path, None).unwrap().version().unwrap(), 13);
    // Then to the end, every report told.
    let seen: Arc<Mutex<Vec<Stage>>> = Arc::default();
    let keep = seen.clone();
    let report: Report = Arc::new(move |s: &Stage| keep.lock().unwrap().push(s.clone()));
    let ran = Pending::open(&path, None)
        .unwrap()
        .run(report, &|| false)
        .unwrap();
    assert_eq!(ran, Ran::Done);
    let seen = seen.lock().unwrap();
    let fractions: Vec<f64> = seen.iter().map(|s| s.fraction).collect();
    assert!(fractions.windows(2).all(|w| w[0] <= w[1]), "{fractions:?}");
    assert_eq!(fractions.last(), Some(&1.0));
    // Inside a step too (the audit's link to the journal is most of what is left).
    let fifteen: Vec<f64> = seen
        .iter()
        .filter(|s| s.step == 15)
        .map(|s| s.fraction)
        .collect();
    assert!(fifteen.len() > 2, "{seen:?}");
    assert!(
        fifteen.iter().any(|f| *f > fifteen[0] && *f < 1.0),
        "{fifteen:?}"
    );
    assert!(seen.iter().any(|s| s.tables.contains("changes")));
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST);
    let lines: i64 = store
        .conn
        .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lines, 3000);
}

#[test]
fn an_operator_is_read_from_an_older_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    older(&path, None, 12).unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO operators (id, username, name, role, active, created_at)
         VALUES ('a', 'anna', 'Anna Rossi', 'coordinator', 1, '2026-01-01T00:00:00Z'),
                ('b', 'bruno', 'Bruno', 'operator', 0, '2026-01-01T00:00:00Z');",
    )
    .unwrap();
    let p = Pending::open(&path, None).unwrap();
    assert!(p.has_operators().unwrap());
    assert_eq!(
        p.operator("anna").unwrap(),
        Some(("Anna Rossi".to_string(), Role::Coordinator))
    );
    assert_eq!(p.operator("bruno").unwrap(), None);
    assert_eq!(p.operator("carla").unwrap(), None);
}

#[test]
fn the_tables_a_step_names_are_found_in_its_text() {
    let t = named_tables(
        "INSERT INTO x SELECT a FROM \"changes\" ORDER BY seq; UPDATE case_forms SET d = 1;
         CREATE INDEX i ON people (id) ; INSERT INTO desk VALUES (1) ON CONFLICT (key) DO NOTHING",
    );
    assert_eq!(t, ["changes", "case_forms", "people", "conflict"]);
}

#[test]
fn each_pending_step_names_the_tables_it_rewrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    at_twelve(&path, 10);
    let work = Pending::open(&path, None).unwrap().work().unwrap();
    let tables = |n: u32| {
        work.steps
            .iter()
            .find(|s| s.step == n)
            .unwrap()
            .tables
            .clone()
    };
    assert_eq!(tables(13), ["changes", "audit_log"]);
    assert_eq!(tables(14), ["case_forms"]);
    assert_eq!(tables(15), ["audit_log", "changes"]);
    assert!(tables(16).is_empty());
    let seventeen = tables(17);
    assert_eq!(seventeen.len(), 21, "{seventeen:?}");
    assert_eq!(seventeen.first().map(String::as_str), Some("people"));
    assert_eq!(seventeen.last().map(String::as_str), Some("changes"));
}

/// Resident memory of this process in kB: now, and at its peak.
#[cfg(target_os = "linux")]
fn resident_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| -> u64 {
        let line = status.lines().find(|l| l.starts_with(name)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Journal lines (and as many audit entries) of the file the upgrade's memory is measured
/// on: steps that build indexes over filled tables and drop filled tables in one statement
/// grew the process by 80 MB on it (unencrypted; more encrypted, as freed pages are zeroed).
const MEASURED_LINES: i64 = 100_000;
/// What the upgrade of that file may add to the process's resident memory, in kB: its page
/// cache (`migrations`), and a margin.
const UPGRADE_KIB: u64 = 40_000;

/// Runs in a process of its own, started by the test after it with
/// `SPORTELLO_UPGRADE_MEMORY` set: no other test's memory is counted.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "started by an_upgrade_needs_memory_that_does_not_grow_with_the_register"]
fn upgrade_memory_alone() {
    if std::env::var_os("SPORTELLO_UPGRADE_MEMORY").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    // Encrypted, as a desk's register is: SQLCipher zeroes every page a drop frees.
    let key = DbKey::random().unwrap();
    older(&path, Some(&key), 12).unwrap();
    let conn = Connection::open(&path).unwrap();
    super::super::cipher::apply_key(&conn, &key).unwrap();
    // Random ids, as a register's are: each line goes somewhere else in the indexes.
    conn.execute_batch(&format!(
            "BEGIN;
             WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {MEASURED_LINES})
             INSERT INTO changes (seq, id, entity, entity_id, field, new_value, at, by, case_id)
             SELECT i, uuid4(), 'person', uuid4(), 'phones', '\"333 1234567\"',
                 '2026-11-02T09:30:00.125Z', 'anna', uuid4() FROM n;
             INSERT INTO audit_log
             SELECT seq, at, by, 'change', entity, entity_id, field, x'00', x'01' FROM changes;
             COMMIT;"
        ).replace("uuid4()", "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' \
             || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' \
             || hex(randomblob(6)))"))
        .unwrap();
    drop(conn);
    // The peak from here on.
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let (before, _) = resident_kib();
    let ran = Pending::open(&path, Some(&key))
        .unwrap()
        .run(Arc::new(|_: &Stage| {}), &|| false)
        .unwrap();
    assert_eq!(ran, Ran::Done);
    let (_, peak) = resident_kib();
    let grew = peak.saturating_sub(before);
    println!("upgrade of {MEASURED_LINES} journal lines: resident memory grew by {grew} kB");
    assert!(grew < UPGRADE_KIB, "grew by {grew} kB");
}

#[cfg(target_os = "linux")]
#[test]
fn an_upgrade_needs_memory_that_does_not_grow_with_the_register() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "store::upgrade::tests::upgrade_memory_alone",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SPORTELLO_UPGRADE_MEMORY", "1")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("resident memory grew by"), "{said}");
}
