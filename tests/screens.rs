//! Whole-screen snapshots (title bar and status bar included) of the register and the intake
//! form, drawn into ratatui's TestBackend at 80x24 and 120x40, in Italian and English, with
//! hostile names in the store. Besides the snapshots, the tests assert that no control or
//! bidi character reaches a cell and that an over-long name is clipped with '…'.

// Test code: a failed unwrap is a failed test (helpers are not `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;

use crate::common;

use common::text;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
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

const ESC_SURNAME: &str = "Rossi\u{1b}[31mRED\u{1b}[0m";
const BIDI_SURNAME: &str = "Bianchi\u{202e}evil";
/// Long enough to be clipped in every column width.
fn long_surname() -> String {
    format!("Lungo{}", "x".repeat(495))
}

/// Searches and duplicate checks run on worker threads: generous for shared machines.
const WAIT: Duration = Duration::from_secs(5);

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
}

fn doc(fields: &[(&str, &str)]) -> Map<String, Value> {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect()
}

/// The people in the store, oldest activity first (the register lists them the other way).
fn people() -> Vec<Map<String, Value>> {
    let long = long_surname();
    vec![
        doc(&[
            ("surname", "Nguyễn"),
            ("given_names", "Thị Minh Khai"),
            ("sex", "F"),
            ("birth_date", "1994-03-12"),
            ("birth_country", "VN"),
            ("permit_expiry", "2026-12-15"),
        ]),
        doc(&[
            ("surname", "Çelik"),
            ("given_names", "Şükrü"),
            ("sex", "M"),
            ("birth_date", "1988-07-01"),
            ("birth_country", "TR"),
            ("permit_expiry", "2026-10-01"),
        ]),
        doc(&[
            ("surname", "Álvarez"),
            ("given_names", "José"),
            ("sex", "M"),
            ("birth_date", "1979-11-30"),
            ("birth_country", "ES"),
            ("tax_code", "LVRJSO79S30Z131X"),
        ]),
        doc(&[
            ("surname", ESC_SURNAME),
            ("given_names", "Mario"),
            ("birth_country", "MA"),
        ]),
        doc(&[("surname", BIDI_SURNAME), ("given_names", "Anna")]),
        doc(&[
            ("surname", "Riga\nDue"),
            ("given_names", "Tab\tulato"),
            ("birth_date", "2001-01-01"),
        ]),
        doc(&[("surname", long.as_str()), ("given_names", "Lunga")]),
    ]
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
}

fn fixture(lang: Lang) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("sportello.db");
    let mut store = Store::open(&db_path).unwrap();
    for (i, d) in people().into_iter().enumerate() {
        let rec = record_from_document(Uuid::from_u128(0x1000 + i as u128), d);
        store.save_person(&rec, "test", at(i as i64), None).unwrap();
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
    // The app opens on the agenda; the register is one key away.
    let mut app = screens::start(ctx);
    app.handle_action(Action::Register);
    Fixture { _dir: dir, app }
}

/// Ticks the app until the screen drawn at `w`x`h` satisfies `ok` and no answer is awaited
/// (the register's count follows its rows); fails with the screen.
fn tick_until(app: &mut App, w: u16, h: u16, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        app.tick();
        let screen = text(&draw_to_buffer(app, w, h));
        if ok(&screen) && !app.busy() {
            return screen;
        }
        if start.elapsed() > WAIT {
            panic!("timed out waiting for {what}; screen:\n{screen}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Draws, checks that no cell holds a terminal control or bidi override, and returns text.
fn screen(app: &App, w: u16, h: u16) -> String {
    let buf = draw_to_buffer(app, w, h);
    for (i, c) in buf.content.iter().enumerate() {
        let s = c.symbol();
        assert!(
            !s.chars().any(|ch| ch.is_control()
                || matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "cell {i} holds {s:?}:\n{}",
            text(&buf)
        );
    }
    text(&buf)
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle_action(Action::Type(c));
    }
}

/// The register with every seeded person listed.
fn register(lang: Lang, w: u16, h: u16) -> Fixture {
    let mut f = fixture(lang);
    tick_until(&mut f.app, w, h, "the register's rows", |s| {
        s.contains("NGUYỄN") && s.contains("LUNGOX")
    });
    f
}

fn assert_hostile_names_are_safe(s: &str) {
    assert!(!s.contains('\u{1b}') && !s.contains('\u{202e}'), "{s}");
    let long = s
        .lines()
        .find(|l| l.contains("LUNGOXXX"))
        .unwrap_or_else(|| panic!("no long name row:\n{s}"));
    assert!(long.contains('…'), "long name not clipped: {long}");
    assert!(
        !long.contains(&"X".repeat(200)),
        "long name not clipped: {long}"
    );
    // Ratatui silently drops C0 controls, so only the visible placeholders prove that the
    // names were sanitised (ESC shows as ␛, newline as ␊, tab as ␉, a bidi override as �).
    let row = |needle: &str| {
        s.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no row with {needle}:\n{s}"))
            .to_string()
    };
    assert!(row("ROSSI").contains("ROSSI␛[31MRED␛[0M"), "{s}");
    assert!(row("BIANCHI").contains("BIANCHI\u{FFFD}EVIL"), "{s}");
    let lines = row("RIGA");
    assert!(
        lines.contains("RIGA␊DUE") && lines.contains("Tab␉ulato"),
        "{s}"
    );
}

#[test]
fn register_it_80x24() {
    let f = register(Lang::It, 80, 24);
    let s = screen(&f.app, 80, 24);
    assert_hostile_names_are_safe(&s);
    insta::assert_snapshot!(s);
}

#[test]
fn register_en_120x40() {
    let f = register(Lang::En, 120, 40);
    let s = screen(&f.app, 120, 40);
    assert_hostile_names_are_safe(&s);
    assert!(s.contains("Vietnam") || s.contains("Viet"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn register_query_sukru_it_80x24() {
    let mut f = register(Lang::It, 80, 24);
    type_str(&mut f.app, "sukru");
    let s = tick_until(&mut f.app, 80, 24, "Şükrü alone", |s| {
        s.contains("Şükrü") && !s.contains("NGUYỄN")
    });
    assert_eq!(s, screen(&f.app, 80, 24));
    insta::assert_snapshot!(s);
}

#[test]
fn register_query_hostile_en_120x40() {
    let mut f = register(Lang::En, 120, 40);
    type_str(&mut f.app, "rossi");
    let s = tick_until(&mut f.app, 120, 40, "the escape-code name alone", |s| {
        s.contains("ROSSI") && !s.contains("NGUYỄN")
    });
    let s2 = screen(&f.app, 120, 40);
    assert_eq!(s, s2);
    assert!(s.contains("ROSSI") && s.contains("RED"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn help_over_register_it_80x24() {
    let mut f = register(Lang::It, 80, 24);
    f.app.handle_action(Action::Help);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("F1"), "{s}");
    // The last key of the list (the lock) is shown too: nothing is cut at the bottom.
    assert!(s.contains("blocca lo schermo"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn help_over_register_en_120x40() {
    let mut f = register(Lang::En, 120, 40);
    f.app.handle_action(Action::Help);
    let s = screen(&f.app, 120, 40);
    insta::assert_snapshot!(s);
}

fn intake(lang: Lang, w: u16, h: u16) -> Fixture {
    let mut f = register(lang, w, h);
    f.app.handle_action(Action::New);
    f
}

#[test]
fn intake_fresh_it_80x24() {
    let f = intake(Lang::It, 80, 24);
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Persone › Accoglienza"), "breadcrumb: {s}");
    insta::assert_snapshot!(s);
}

#[test]
fn intake_fresh_en_120x40() {
    let f = intake(Lang::En, 120, 40);
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("People › Intake"), "breadcrumb: {s}");
    insta::assert_snapshot!(s);
}

/// Types a surname and given names close to Şükrü Çelik's and waits for the match.
fn intake_with_dupe(lang: Lang, w: u16, h: u16) -> (Fixture, String) {
    let mut f = intake(lang, w, h);
    type_str(&mut f.app, "Celik");
    f.app.handle_action(Action::NextField);
    type_str(&mut f.app, "Sukru");
    let s = tick_until(&mut f.app, w, h, "the duplicate panel", |s| {
        s.contains("ÇELIK")
    });
    (f, s)
}

#[test]
fn intake_duplicate_it_80x24() {
    let (f, s) = intake_with_dupe(Lang::It, 80, 24);
    assert_eq!(s, screen(&f.app, 80, 24));
    insta::assert_snapshot!(s);
}

#[test]
fn intake_duplicate_en_120x40() {
    let (f, s) = intake_with_dupe(Lang::En, 120, 40);
    assert_eq!(s, screen(&f.app, 120, 40));
    insta::assert_snapshot!(s);
}

#[test]
fn intake_hostile_typed_name_en_120x40() {
    let mut f = intake(Lang::En, 120, 40);
    type_str(&mut f.app, ESC_SURNAME);
    f.app.handle_action(Action::NextField);
    f.app.handle_action(Action::Paste(format!(
        "{BIDI_SURNAME}\n\t{}",
        long_surname()
    )));
    // The form drops control characters as they are typed; the bidi override is kept in
    // the value and drawn as a placeholder (`screen` fails on a raw U+202E in a cell).
    // With the cursor at the start, the beginning of the pasted value is in view.
    f.app.handle_action(Action::LineStart);
    let start = screen(&f.app, 120, 40);
    assert!(start.contains("Rossi[31mRED[0m"), "{start}");
    assert!(start.contains("\u{FFFD}evil"), "{start}");
    // At the end, the text scrolled off the left is marked with an ellipsis.
    f.app.handle_action(Action::LineEnd);
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("Given names*              …"), "{s}");
    insta::assert_snapshot!(s);
}

fn save_with_errors(lang: Lang, w: u16, h: u16) -> String {
    let mut f = intake(lang, w, h);
    type_str(&mut f.app, "Rossi");
    f.app.handle_action(Action::Save);
    screen(&f.app, w, h)
}

#[test]
fn intake_save_errors_it_80x24() {
    let s = save_with_errors(Lang::It, 80, 24);
    insta::assert_snapshot!(s);
}

#[test]
fn intake_save_errors_en_120x40() {
    let s = save_with_errors(Lang::En, 120, 40);
    insta::assert_snapshot!(s);
}
