use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use crate::config::Config;
use crate::i18n::{I18n, Lang};
use crate::store::migrations::LATEST;
use crate::tui::app::{App, closed_desk};
use crate::tui::ctx::Ctx;
use crate::tui::gate::Gate;
use crate::vault::{DbKey, KeyRing, ring_path};

const PASS: &str = "cavolo verde lento sul tram";

fn screen(app: &App) -> String {
    let buf = crate::tui::draw_to_buffer(app, 90, 24);
    buf.content().iter().map(|c| c.symbol()).collect()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// An encrypted desk at schema step 12 with its key ring (anna, administrator) and `lines`
/// journal lines with their audit entries: what an older version left.
pub(crate) fn older_desk(dir: &Path, lines: usize) -> PathBuf {
    let db = dir.join("old.db");
    let key = DbKey::random().unwrap();
    crate::store::upgrade::older_at_twelve(&db, Some(&key), Some("anna"), lines).unwrap();
    let mut ring = KeyRing::new();
    ring.add("anna", PASS, &key).unwrap();
    ring.save(&ring_path(&db)).unwrap();
    db
}

#[test]
fn an_older_register_is_upgraded_after_login_and_the_lock_holds_the_agenda_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = older_desk(dir.path(), 6000);
    let i18n = I18n::new(Lang::En);
    let ctx = Ctx::new(closed_desk().unwrap(), db.clone(), i18n, Config::default());
    let gate = Gate::new(&db, i18n).unwrap();
    let mut app = App::at_gate(ctx, gate, Vec::new());
    typed(&mut app, "anna");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, PASS);
    key(&mut app, KeyCode::Enter);
    let end = Instant::now() + Duration::from_secs(60);
    while app.covered() {
        assert!(Instant::now() < end, "still at the gate:\n{}", screen(&app));
        app.tick();
        std::thread::sleep(Duration::from_millis(2));
    }
    // In, with the steps running: the screen says so, the progress row names the step.
    assert_eq!(app.ctx.desk.operator(), "anna");
    let mut during = screen(&app);
    assert!(during.contains("Updating the register"), "{during}");
    // The job names its first step as soon as it has started.
    while !during.contains("step 1") {
        assert!(Instant::now() < end, "no step named:\n{during}");
        app.tick();
        std::thread::sleep(Duration::from_millis(1));
        during = screen(&app);
    }
    // The lock comes up over it; the upgrade ends behind it and waits.
    app.lock();
    assert!(app.covered());
    while app.ctx.jobs.running() {
        assert!(Instant::now() < end, "the upgrade did not end");
        app.tick();
        std::thread::sleep(Duration::from_millis(5));
    }
    for _ in 0..3 {
        app.tick();
    }
    let locked = screen(&app);
    assert!(locked.contains("Desk locked"), "{locked}");
    assert!(app.covered());
    typed(&mut app, PASS);
    key(&mut app, KeyCode::Enter);
    app.tick();
    assert!(!app.covered());
    assert_eq!(app.ctx.desk.store.schema_version().unwrap(), LATEST);
    let agenda = screen(&app);
    assert!(agenda.contains("Agenda"), "{agenda}");
    assert!(!agenda.contains("Updating the register"), "{agenda}");
}
