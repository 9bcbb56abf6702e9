//! Restoring a backup in the app, drawn: the box over the agenda (the file proposed, what a
//! restore does said plainly), the question before anything is replaced, and the login
//! box that says what was restored; 80x24 and 120x40, Italian and English.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use sportello::config::Config;
use sportello::i18n::{I18n, Lang};
use sportello::service::auth::{self, NewOperator};
use sportello::service::backup;
use sportello::service::desk::{Clock, Desk};
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::{draw_to_buffer, screens};

use crate::common::text;

const PASS: &str = "cavolo verde lento sul tram";

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The agenda of an administrator on an encrypted desk, with a backup beside it, the
/// restore box open over it. Paths are cut to the temporary folder's name.
fn fixture(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let admin = NewOperator {
        username: "anna",
        name: "Anna",
        pass: PASS,
        again: PASS,
    };
    let done = auth::setup(&db, "Desk", &admin, true).unwrap();
    let copy = dir.path().join("sportello-backup-20261123-0900.db");
    backup::backup(&done.store, &db, &copy, "anna").unwrap();
    // The question shows when the backup was written.
    let at = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_local_timezone(chrono::Local)
        .unwrap();
    std::fs::File::options()
        .write(true)
        .open(&copy)
        .unwrap()
        .set_modified(at.into())
        .unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let desk = Desk::new(done.store, done.session, Clock::on(day));
    let ctx = Ctx::new(desk, db, I18n::new(lang), Config::default());
    let mut app = screens::start(ctx);
    draw_to_buffer(&app, 80, 24);
    assert!(app.settle(Duration::from_secs(30)));
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('R'),
        KeyModifiers::SHIFT,
    )));
    (dir, app)
}

fn shown(app: &App, dir: &tempfile::TempDir, w: u16, h: u16) -> String {
    let mut s = text(&draw_to_buffer(app, w, h));
    // What changes from run to run, replaced by as many characters: the temporary
    // folder's name, the time in the name of the register kept by a restore.
    let folder = dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    s = s.replace(&folder, &"X".repeat(folder.chars().count()));
    let kept = "sportello-before-restore-";
    if let Some(i) = s.find(kept) {
        let at = i + kept.len();
        s.replace_range(at..at + 15, "YYYYMMDD-hhmmss");
    }
    s
}

#[test]
fn the_restore_box_says_what_a_restore_does() {
    let (dir, app) = fixture(Lang::En);
    let s = shown(&app, &dir, 80, 24);
    assert!(s.contains("sportello-backup-20261123-0900.db"), "{s}");
    insta::assert_snapshot!("restore_box_en_80x24", s);
    let (dir, app) = fixture(Lang::It);
    insta::assert_snapshot!("restore_box_it_120x40", shown(&app, &dir, 120, 40));
}

#[test]
fn the_question_comes_before_anything_is_replaced_then_the_login() {
    for (lang, name) in [(Lang::It, "it"), (Lang::En, "en")] {
        let (dir, mut app) = fixture(lang);
        app.handle_event(Event::Paste(PASS.into()));
        key(&mut app, KeyCode::Enter);
        let asked = shown(&app, &dir, 80, 24);
        assert!(asked.contains("23/11/2026 09:00"), "{asked}");
        insta::assert_snapshot!(format!("restore_question_{name}_80x24"), asked);
        app.handle_event(Event::Key(KeyEvent::new(
            KeyCode::Char('y'),
            KeyModifiers::NONE,
        )));
        let end = std::time::Instant::now() + Duration::from_secs(60);
        while !app.covered() {
            assert!(std::time::Instant::now() < end, "the restore did not end");
            app.tick();
            std::thread::sleep(Duration::from_millis(5));
        }
        let login = shown(&app, &dir, 100, 30);
        insta::assert_snapshot!(format!("restore_then_login_{name}_100x30"), login);
    }
}
