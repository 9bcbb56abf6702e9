//! Operators, passphrases and keys: setting up a desk, logging in, wrong passphrases,
//! removed operators, the recovery code, and a database from before encryption.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use sportello::service::auth::{self, Gate, NewOperator};
use sportello::service::operators;
use sportello::service::outcome::{AccessRefusal, Failure, Reason};
use sportello::store::cipher::{FileState, file_state};
use sportello::store::{Role, Store};
use sportello::vault::{KeyRing, ring_path};
use sportello::words::Said;

const ADMIN_PASS: &str = "cavolo verde lento sul tram";

fn admin() -> NewOperator<'static> {
    NewOperator {
        username: "anna",
        name: "Anna Bianchi",
        pass: ADMIN_PASS,
        again: ADMIN_PASS,
    }
}

/// Forgets the wrong attempts so that the next try does not wait.
fn forgive(db: &std::path::Path) {
    let mut ring = KeyRing::load(&ring_path(db)).unwrap().unwrap();
    ring.clear_failures();
    ring.save(&ring_path(db)).unwrap();
}

#[test]
fn a_new_desk_is_set_up_then_logged_into() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    assert_eq!(auth::gate(&db).unwrap(), Gate::Setup);
    // A weak passphrase or two that differ are refused, and nothing is created.
    let weak = NewOperator {
        pass: "demo",
        again: "demo",
        ..admin()
    };
    assert_eq!(
        auth::setup(&db, "Sportello", &weak, false)
            .err()
            .unwrap()
            .msg(sportello::i18n::Lang::It)
            .key,
        "auth.weak"
    );
    let differ = NewOperator {
        again: "cavolo verde lento sul bus",
        ..admin()
    };
    assert_eq!(
        auth::setup(&db, "Sportello", &differ, false)
            .err()
            .unwrap()
            .msg(sportello::i18n::Lang::It)
            .key,
        "auth.mismatch"
    );
    assert!(!db.exists() && !ring_path(&db).exists());

    let done = auth::setup(&db, "Sportello Bari", &admin(), false).unwrap();
    assert_eq!(done.session.role, Role::Administrator);
    assert_eq!(done.recovery.reveal().len(), 32);
    drop(done);
    assert_eq!(file_state(&db).unwrap(), FileState::Encrypted);
    assert_eq!(auth::gate(&db).unwrap(), Gate::Login);

    let (store, session) = auth::login(&db, "anna", ADMIN_PASS).unwrap();
    assert_eq!(session.name, "Anna Bianchi");
    assert_eq!(
        store.desk_setting("name").unwrap().as_deref(),
        Some("Sportello Bari")
    );
    assert!(store.is_encrypted());
}

#[test]
fn wrong_passphrases_wait_longer_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    drop(auth::setup(&db, "Sportello", &admin(), false).unwrap());
    let first = auth::login(&db, "anna", "wrong").err().unwrap();
    assert_eq!(
        first,
        Failure::Refused(Reason::Access(AccessRefusal::Wrong {
            wait: Duration::from_secs(1)
        }))
    );
    // Too soon: refused without even trying the passphrase, the right one included.
    assert!(matches!(
        auth::login(&db, "anna", ADMIN_PASS).err().unwrap(),
        Failure::Refused(Reason::Access(AccessRefusal::TooSoon(_)))
    ));
    // An unknown username is answered the same way as a wrong passphrase.
    std::thread::sleep(Duration::from_millis(1100));
    let second = auth::login(&db, "nobody", ADMIN_PASS).err().unwrap();
    assert_eq!(
        second,
        Failure::Refused(Reason::Access(AccessRefusal::Wrong {
            wait: Duration::from_secs(2)
        }))
    );
    forgive(&db);
    assert!(auth::login(&db, "anna", ADMIN_PASS).is_ok());
    let ring = KeyRing::load(&ring_path(&db)).unwrap().unwrap();
    assert_eq!(ring.failures(), 0);
    let text = std::fs::read_to_string(ring_path(&db)).unwrap();
    assert!(!text.contains(ADMIN_PASS) && !text.contains("Anna"));
}

#[test]
fn operators_are_added_and_removed_without_reencrypting() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let done = auth::setup(&db, "Sportello", &admin(), false).unwrap();
    let (mut store, anna, code) = (done.store, done.session, done.recovery);
    let before = std::fs::read(&db).unwrap();
    let marco_pass = "mare d'inverno a Molfetta";
    let marco = NewOperator {
        username: "marco",
        name: "Marco Verdi",
        pass: marco_pass,
        again: marco_pass,
    };
    operators::add(&mut store, &db, &anna, &marco, Role::Operator).unwrap();
    drop(store);
    let (mut as_marco, marco_session) = auth::login(&db, "marco", marco_pass).unwrap();
    // An operator may not manage operators.
    let other = NewOperator {
        username: "luca",
        ..marco
    };
    assert_eq!(
        operators::add(
            &mut as_marco,
            &db,
            &marco_session,
            &other,
            Role::Administrator
        )
        .err()
        .unwrap()
        .msg(sportello::i18n::Lang::It)
        .key,
        "auth.forbidden.administrator"
    );
    drop(as_marco);
    let (mut store, _) = auth::login(&db, "anna", ADMIN_PASS).unwrap();
    let old_ring = std::fs::read(ring_path(&db)).unwrap();
    operators::remove(&mut store, &db, &anna, "marco").unwrap();
    assert_eq!(
        operators::remove(&mut store, &db, &anna, "anna")
            .err()
            .unwrap()
            .msg(sportello::i18n::Lang::It)
            .key,
        "auth.not_self"
    );
    drop(store);
    assert!(matches!(
        auth::login(&db, "marco", marco_pass).err().unwrap(),
        Failure::Refused(Reason::Access(AccessRefusal::Wrong { .. }))
    ));
    // A copy of the ring from before the removal still unwraps the key, but the database
    // knows marco was removed.
    std::fs::write(ring_path(&db), &old_ring).unwrap();
    assert_eq!(
        auth::login(&db, "marco", marco_pass).err().unwrap(),
        Failure::Refused(Reason::Access(AccessRefusal::Removed))
    );
    // The database pages were never re-encrypted: its salt (first 16 bytes) is the same.
    assert_eq!(std::fs::read(&db).unwrap()[..16], before[..16]);

    // Every passphrase lost: the recovery code gives anna a new one.
    forgive(&db);
    let new = "la bicicletta rossa di nonna";
    assert_eq!(
        operators::recover(&db, "0000-0000", "anna", new, new)
            .err()
            .unwrap()
            .msg(sportello::i18n::Lang::It)
            .key,
        "auth.wrong_recovery"
    );
    operators::recover(&db, &code.reveal().to_lowercase(), "anna", new, new).unwrap();
    assert!(auth::login(&db, "anna", new).is_ok());
    forgive(&db);
    assert!(matches!(
        auth::login(&db, "anna", ADMIN_PASS).err().unwrap(),
        Failure::Refused(Reason::Access(AccessRefusal::Wrong { .. }))
    ));
}

#[test]
fn a_database_from_before_encryption_is_encrypted_at_setup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    {
        let mut plain = Store::open(&db).unwrap();
        sportello::demo::run(&mut plain, 50, 3, today).unwrap();
    }
    assert_eq!(auth::gate(&db).unwrap(), Gate::SetupOverPlain);
    let done = auth::setup(&db, "Sportello", &admin(), false).unwrap();
    assert_eq!(done.store.count_people().unwrap(), 50);
    drop(done);
    assert_eq!(file_state(&db).unwrap(), FileState::Encrypted);
    let (store, _) = auth::login(&db, "anna", ADMIN_PASS).unwrap();
    assert_eq!(store.count_people().unwrap(), 50);
}

#[test]
fn an_encryption_interrupted_after_the_ring_was_written_is_finished_at_login() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    drop(auth::setup(&dir.path().join("other.db"), "Sportello", &admin(), false).unwrap());
    // The ring of "other.db" stands for a ring written just before a crash.
    std::fs::rename(ring_path(&dir.path().join("other.db")), ring_path(&db)).unwrap();
    {
        let mut plain = Store::open(&db).unwrap();
        sportello::demo::run(
            &mut plain,
            20,
            3,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        )
        .unwrap();
    }
    // A finished desk's ring beside a plain file: not its register, left as it is.
    let plain = std::fs::read(&db).unwrap();
    assert!(auth::login(&db, "anna", ADMIN_PASS).is_err());
    assert_eq!(std::fs::read(&db).unwrap(), plain);
    // The ring as setup writes it before encrypting: marked as a setup under way.
    let mut ring = sportello::vault::KeyRing::load(&ring_path(&db))
        .unwrap()
        .unwrap();
    ring.set_setup(Some(sportello::vault::SetupKind::Plain));
    ring.save(&ring_path(&db)).unwrap();
    let (store, session) = auth::login(&db, "anna", ADMIN_PASS).unwrap();
    assert_eq!(store.count_people().unwrap(), 20);
    assert_eq!(session.role, Role::Administrator);
    assert_eq!(file_state(&db).unwrap(), FileState::Encrypted);
    let ring = sportello::vault::KeyRing::load(&ring_path(&db))
        .unwrap()
        .unwrap();
    assert_eq!(ring.setup_under_way(), None);
}
