//! Encrypted backups carry their key ring; restores check the passphrase, the key and the
//! copy before replacing anything; a backup restores onto a new laptop too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::i18n::Msg;
use sportello::jobs::Progress;
use sportello::service::auth::{self, NewOperator};
use sportello::service::{backup, operators};
use sportello::store::Role;
use sportello::store::cipher::{FileState, file_state};
use sportello::vault::ring_path;

const PASS: &str = "cavolo verde lento sul tram";

fn admin() -> NewOperator<'static> {
    NewOperator {
        username: "anna",
        name: "Anna Bianchi",
        pass: PASS,
        again: PASS,
    }
}

#[test]
fn an_encrypted_backup_restores_here_and_on_a_new_laptop() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let done = auth::setup(&db, "Sportello", &admin(), false).unwrap();
    let (mut store, anna) = (done.store, done.session);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    sportello::demo::run(&mut store, 80, 2, today).unwrap();

    // An operator may not make backups; a coordinator may.
    let op_pass = "mare d'inverno a Molfetta";
    let marco = NewOperator {
        username: "marco",
        name: "Marco Verdi",
        pass: op_pass,
        again: op_pass,
    };
    operators::add(&mut store, &db, &anna, &marco, Role::Operator).unwrap();
    let copy = dir.path().join("copies/b.db");
    assert_eq!(
        backup::backup(&store, &db, &copy, "marco")
            .err()
            .unwrap()
            .key,
        "auth.forbidden.coordinator"
    );
    let info = backup::backup(&store, &db, &copy, "anna").unwrap();
    assert_eq!(info.people, 80);
    assert_eq!(file_state(&copy).unwrap(), FileState::Encrypted);
    assert!(ring_path(&copy).is_file());
    assert_eq!(
        backup::backup(&store, &db, &copy, "anna")
            .err()
            .unwrap()
            .key,
        "cli.backup.exists"
    );

    // Later people are gone after the restore, kept in the replaced copy.
    sportello::demo::run(&mut store, 5, 9, today).unwrap();
    assert_eq!(store.count_people().unwrap(), 85);
    assert_eq!(
        backup::restore(&mut store, &db, &copy, &anna, "wrong")
            .err()
            .unwrap()
            .key,
        "cli.backup.not_yours"
    );
    assert_eq!(store.count_people().unwrap(), 85);
    let (restored, keep) = backup::restore(&mut store, &db, &copy, &anna, PASS).unwrap();
    assert_eq!(restored.people, 80);
    assert_eq!(store.count_people().unwrap(), 80);
    // The restore is in the restored register's audit trail, by who made it.
    let said = store.audit_for("register", uuid::Uuid::nil()).unwrap();
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(
        (said[0].action.as_str(), said[0].operator.as_str()),
        ("restore", "anna")
    );
    assert_eq!(store.verify_audit().unwrap().first_break, None);
    assert!(keep.is_file() && ring_path(&keep).is_file());

    // A new laptop: the copy and its ring put in place, then a login.
    let laptop = dir.path().join("laptop/desk.db");
    std::fs::create_dir_all(laptop.parent().unwrap()).unwrap();
    backup::restore_new(&laptop, &copy, "anna", PASS).unwrap();
    let (there, _) = auth::login(&laptop, "anna", PASS).unwrap();
    assert_eq!(there.count_people().unwrap(), 80);
    let said = there.audit_for("register", uuid::Uuid::nil()).unwrap();
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].action, "restore");

    // Another desk's backup does not replace this one.
    let other = dir.path().join("other.db");
    let o = auth::setup(&other, "Altro", &admin(), false).unwrap();
    let other_copy = dir.path().join("other-copy.db");
    backup::backup(&o.store, &other, &other_copy, "anna").unwrap();
    assert_eq!(
        backup::restore(&mut store, &db, &other_copy, &anna, PASS)
            .err()
            .unwrap()
            .key,
        "cli.backup.other_key"
    );
    assert_eq!(store.count_people().unwrap(), 80);
}

#[test]
fn a_backup_cancelled_leaves_no_file_and_no_key_ring() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let done = auth::setup(&db, "Sportello", &admin(), false).unwrap();
    let mut store = done.store;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    sportello::demo::run(&mut store, 500, 2, today).unwrap();
    let copy = dir.path().join("b.db");
    let progress = Progress::new(Msg::new("jobs.backup.copying"));
    progress.cancel();
    assert_eq!(
        backup::backup_with(&store, &db, &copy, "anna", &progress).unwrap(),
        None
    );
    let at = progress.snapshot().unwrap();
    assert!(
        at.done > 0 && at.done < at.total,
        "stopped part way: {at:?}"
    );
    assert!(!copy.exists() && !ring_path(&copy).exists());

    // Not cancelled: the copy, checked, with its key ring; the last stage is the check.
    let progress = Progress::new(Msg::new("jobs.backup.copying"));
    let info = backup::backup_with(&store, &db, &copy, "anna", &progress)
        .unwrap()
        .unwrap();
    assert_eq!(info.people, 500);
    assert!(ring_path(&copy).is_file());
    assert_eq!(
        progress.snapshot().unwrap().doing.key,
        "jobs.backup.checking"
    );
}
