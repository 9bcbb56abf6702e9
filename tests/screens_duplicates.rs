//! The intake's duplicate panel: with "AL-HASSAN Mohammed, M, 01/01/1990" registered, an
//! intake typed as "ALHASSAN Mohamed" or "AL HASAN Muhammad" shows him first with why, the
//! same names born another year below, strangers absent; snapshots at 80x24 and 120x40 in
//! Italian and English.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;

use crate::common::text;

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::{Map, Value, json};
use sportello::config::Config;
use sportello::i18n::{I18n, Lang};
use sportello::service::people::record_from_document;
use sportello::store::Store;
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::draw_to_buffer;
use sportello::tui::keymap::Action;
use sportello::tui::screens;
use uuid::Uuid;

fn doc(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
}

fn intake(lang: Lang) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("sportello.db");
    let mut store = Store::open(&db_path).unwrap();
    let people = [
        json!({"surname": "AL-HASSAN", "given_names": "Mohammed", "sex": "M",
            "birth_date": "1990-01-01", "birth_country": "SD"}),
        json!({"surname": "Al Hassan", "given_names": "Mohamed", "sex": "M",
            "birth_date": "1971-05-05", "birth_country": "SD"}),
        json!({"surname": "Diallo", "given_names": "Mohamed", "sex": "M",
            "birth_date": "1990-01-01", "birth_country": "GN"}),
        json!({"surname": "Rossi", "given_names": "Mario", "sex": "M",
            "birth_date": "1990-01-01", "birth_country": "IT"}),
    ];
    for (i, d) in people.into_iter().enumerate() {
        let rec = record_from_document(Uuid::from_u128(0x2000 + i as u128), doc(d));
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 9, i as u32, 0).unwrap();
        store.save_person(&rec, "test", at, None).unwrap();
    }
    let ctx = Ctx::new(
        Desk::as_operator(
            store,
            "test",
            Role::Operator,
            Clock::on(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
        ),
        db_path,
        I18n::new(lang),
        Config::default(),
    );
    let mut app = screens::start(ctx);
    app.handle_action(Action::Register);
    app.handle_action(Action::New);
    Fixture { _dir: dir, app }
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle_action(Action::Type(c));
    }
}

fn wait_for(app: &mut App, w: u16, h: u16, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        app.tick();
        let s = text(&draw_to_buffer(app, w, h));
        if ok(&s) {
            return s;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "timed out:\n{s}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Types surname and given names, then the birth date two fields below (past the sex).
fn typed(lang: Lang, surname: &str, given: &str, w: u16, h: u16) -> String {
    let mut f = intake(lang);
    type_str(&mut f.app, surname);
    f.app.handle_action(Action::NextField);
    type_str(&mut f.app, given);
    f.app.handle_action(Action::NextField);
    f.app.handle_action(Action::NextField);
    type_str(&mut f.app, "01/01/1990");
    wait_for(&mut f.app, w, h, |s| {
        s.contains("AL-HASSAN") && s.contains("01/01/1990  —")
    })
}

fn rows(s: &str) -> Vec<&str> {
    s.lines()
        .filter(|l| l.starts_with(' ') && l.contains("  — "))
        .collect()
}

#[test]
fn spellings_find_the_same_person_first_with_why() {
    for (surname, given) in [("ALHASSAN", "Mohamed"), ("AL HASAN", "Muhammad")] {
        let s = typed(Lang::En, surname, given, 120, 40);
        let r = rows(&s);
        assert!(r[0].contains("AL-HASSAN Mohammed  01/01/1990"), "{s}");
        assert!(
            r[0].contains("name sounds alike") && r[0].contains("same birth date"),
            "{s}"
        );
        assert!(r[1].contains("AL HASSAN Mohamed  05/05/1971"), "{s}");
        assert!(r[1].contains("other birth date"), "{s}");
        assert!(!s.contains("DIALLO") && !s.contains("ROSSI"), "{s}");
    }
}

#[test]
fn duplicates_it_80x24() {
    insta::assert_snapshot!(typed(Lang::It, "ALHASSAN", "Mohamed", 80, 24));
}

#[test]
fn duplicates_en_80x24() {
    insta::assert_snapshot!(typed(Lang::En, "ALHASSAN", "Mohamed", 80, 24));
}

#[test]
fn duplicates_it_120x40() {
    insta::assert_snapshot!(typed(Lang::It, "AL HASAN", "Muhammad", 120, 40));
}

#[test]
fn duplicates_en_120x40() {
    insta::assert_snapshot!(typed(Lang::En, "AL HASAN", "Muhammad", 120, 40));
}

/// A coordinator on AL-HASSAN Mohammed's page merges the other spelling into it with `M`,
/// Enter and `y`; two open cases are refused first; `U` undoes the merge.
#[test]
fn m_merges_another_record_into_this_one_and_u_undoes_it() {
    let mut f = intake(Lang::En);
    f.app.handle_action(Action::Back);
    let db = f._dir.path().join("sportello.db");
    type_str(&mut f.app, "mohammed");
    wait_for(&mut f.app, 120, 40, |s| s.contains("AL-HASSAN Mohammed"));
    f.app.handle_action(Action::Open);
    let s = wait_for(&mut f.app, 120, 40, |s| {
        s.contains("Sportello · Agenda › People › AL-HASSAN")
    });
    assert!(s.contains("AL-HASSAN Mohammed"), "{s}");
    f.app.handle_action(Action::Merge);
    let s = text(&draw_to_buffer(&f.app, 120, 40));
    assert!(s.contains("Merge another record into this one"), "{s}");
    assert!(
        s.contains("AL HASSAN Mohamed  05/05/1971  — name sounds alike, other birth date"),
        "{s}"
    );
    assert!(!s.contains("DIALLO"), "{s}");
    f.app.handle_action(Action::Choose);
    let s = text(&draw_to_buffer(&f.app, 120, 40));
    assert!(
        s.contains("Merge «AL HASSAN Mohamed» into «AL-HASSAN Mohammed»?"),
        "{s}"
    );
    f.app.handle_action(Action::Confirm);
    let s = text(&draw_to_buffer(&f.app, 120, 40));
    assert!(s.contains("Both records have an open case"), "{s}");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE cases SET closed_at = '2026-11-10T00:00:00.000Z' WHERE person_id = ?1",
            [Uuid::from_u128(0x2001).as_bytes().as_slice()],
        )
        .unwrap();
    f.app.handle_action(Action::Choose);
    f.app.handle_action(Action::Confirm);
    let s = text(&draw_to_buffer(&f.app, 120, 40));
    assert!(
        s.contains("Merged: «AL HASSAN Mohamed» is now part of this record"),
        "{s}"
    );
    assert!(!s.contains("Merge «"), "the box is gone: {s}");
    f.app.handle_action(Action::Unmerge);
    let s = text(&draw_to_buffer(&f.app, 120, 40));
    assert!(s.contains("Merge undone"), "{s}");
}

/// The panel answers from the first name typed: a surname alone shows who sounds like it.
#[test]
fn a_surname_alone_already_shows_who_sounds_like_it() {
    let mut f = intake(Lang::En);
    type_str(&mut f.app, "Alhasan");
    let s = wait_for(&mut f.app, 120, 40, |s| {
        s.contains("Maybe already registered")
    });
    assert!(
        s.contains("AL-HASSAN Mohammed") && s.contains("name sounds alike"),
        "{s}"
    );
    assert!(!s.contains("ROSSI") && !s.contains("DIALLO"), "{s}");
}
