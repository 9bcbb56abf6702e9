//! Backups while the desk works, and restores that check before they replace anything.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, Utc};
use sportello::store::Store;
use sportello::store::backup::BackupProblem;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

#[test]
fn a_backup_taken_while_another_program_writes_is_whole_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut desk = Store::open(&path).unwrap();
    sportello::demo::run(&mut desk, 300, 2, today()).unwrap();
    // Another program (the command line) keeps adding people while the backup runs.
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || {
        let mut other = Store::open(&writer_path).unwrap();
        for rec in sportello::demo::generate(40, 10, today()) {
            other.save_person(&rec, "cli", Utc::now(), None).unwrap();
        }
    });
    let copy = dir.path().join("copies/backup.db");
    let info = desk.backup_to(&copy).unwrap().unwrap();
    writer.join().unwrap();
    assert!(info.people >= 300, "{info:?}");
    assert!(!dir.path().join("copies/backup.db-wal").exists());
    // A second backup to the same file is refused: nothing is overwritten.
    assert!(desk.backup_to(&copy).is_err());

    // The desk goes on; then the backup is restored and the later people are gone,
    // kept in the copy of the replaced database.
    for rec in sportello::demo::generate(1, 99, today()) {
        desk.save_person(&rec, "desk", Utc::now(), None).unwrap();
    }
    let now = desk.count_people().unwrap();
    assert!(now > info.people as u64);
    let keep = dir.path().join("before.db");
    let restored = desk.restore_from(&copy, &keep).unwrap().unwrap();
    assert_eq!(restored.people, info.people);
    assert_eq!(desk.count_people().unwrap(), info.people as u64);
    let kept = Store::open(&keep).unwrap();
    assert_eq!(kept.count_people().unwrap(), now);
    assert_eq!(desk.verify_audit().unwrap().first_break, None);
}

#[test]
fn a_broken_or_foreign_file_is_refused_and_nothing_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut desk = Store::open(&path).unwrap();
    sportello::demo::run(&mut desk, 50, 3, today()).unwrap();
    let keep = dir.path().join("before.db");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all, just bytes").unwrap();
    assert_eq!(
        desk.restore_from(&junk, &keep).unwrap(),
        Err(BackupProblem::NotADatabase)
    );
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    assert_eq!(
        desk.restore_from(&foreign, &keep).unwrap(),
        Err(BackupProblem::NotSportello)
    );
    let missing = dir.path().join("nope.db");
    assert_eq!(
        desk.restore_from(&missing, &keep).unwrap(),
        Err(BackupProblem::Missing)
    );
    assert!(!keep.exists());
    assert_eq!(desk.count_people().unwrap(), 50);
}

#[test]
fn a_watched_backup_counts_its_pages_and_stops_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut desk = Store::open(&path).unwrap();
    sportello::demo::run(&mut desk, 500, 2, today()).unwrap();
    let copy = dir.path().join("copy.db");
    let seen = std::cell::RefCell::new(Vec::new());
    let watch = |done: u64, total: u64| {
        seen.borrow_mut().push((done, total));
        true
    };
    assert_eq!(desk.backup_watched(&copy, &watch).unwrap(), Some(Ok(())));
    let seen = seen.into_inner();
    assert!(seen.len() > 1, "more than one step: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
    let (done, total) = *seen.last().unwrap();
    assert_eq!(done, total);
    assert_eq!(
        sportello::store::backup::check(&copy, None)
            .unwrap()
            .unwrap()
            .people,
        500
    );

    // Told to stop after the first step: nothing is left of the copy.
    let stopped = dir.path().join("stopped.db");
    let steps = std::cell::Cell::new(0);
    let stop = |_: u64, _: u64| {
        steps.set(steps.get() + 1);
        false
    };
    assert_eq!(desk.backup_watched(&stopped, &stop).unwrap(), None);
    assert_eq!(steps.get(), 1);
    assert!(!stopped.exists());
    assert!(!dir.path().join("stopped.db-journal").exists());
}
