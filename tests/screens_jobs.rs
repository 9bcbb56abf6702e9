//! A long job's progress row under the screen: what it is, what it does, the bar and the
//! share done, Ctrl+X while it may be cancelled; the screen above keeps answering keys; the
//! end is said on the status line and only one long job runs at a time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use sportello::config::Config;
use sportello::i18n::{I18n, Lang, Msg};
use sportello::service::desk::{Clock, Desk};
use sportello::store::{Role, Store};
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::jobs::Finished;
use sportello::tui::keymap::Action;
use sportello::tui::{draw_to_buffer, screens};

use crate::common::text;

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
    /// Lets the job go on past 3 pages of 8.
    go: mpsc::Sender<()>,
}

/// The (empty) agenda with a backup-like job stopped at 3 pages of 8.
fn fixture(lang: Lang) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("sportello.db");
    let store = Store::open(&db_path).unwrap();
    let ctx = Ctx::new(
        Desk::as_operator(
            store,
            "test",
            Role::Operator,
            Clock::on(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        ),
        db_path,
        I18n::new(lang),
        Config::default(),
    );
    let mut app = screens::start(ctx);
    draw_to_buffer(&app, 80, 24);
    assert!(app.settle(Duration::from_secs(30)));
    let (go, wait) = mpsc::channel::<()>();
    let (at, reached) = mpsc::channel::<()>();
    app.ctx
        .jobs
        .start(
            Msg::new("jobs.backup.title"),
            Msg::new("jobs.backup.copying"),
            true,
            move |p| {
                p.step(3, 8);
                at.send(()).unwrap();
                let _ = wait.recv();
                if p.cancelled() {
                    return Finished::said(Ok(Msg::new("jobs.backup.cancelled")));
                }
                p.step(8, 8);
                Finished::said(Ok(Msg::new("jobs.backup.title")))
            },
        )
        .unwrap();
    reached.recv_timeout(Duration::from_secs(30)).unwrap();
    Fixture { _dir: dir, app, go }
}

fn screen(app: &App, w: u16, h: u16) -> String {
    text(&draw_to_buffer(app, w, h))
}

#[test]
fn progress_it_80x24() {
    let f = fixture(Lang::It);
    insta::assert_snapshot!(screen(&f.app, 80, 24));
}

#[test]
fn progress_en_120x40() {
    let f = fixture(Lang::En);
    insta::assert_snapshot!(screen(&f.app, 120, 40));
}

#[test]
fn the_screen_answers_meanwhile_and_the_end_is_said() {
    let mut f = fixture(Lang::En);
    let s = screen(&f.app, 80, 24);
    assert!(
        s.contains("Backup: copying pages") && s.contains("37%"),
        "{s}"
    );
    // Only one long job at a time.
    let second = f.app.ctx.jobs.start(
        Msg::new("jobs.erase.title"),
        Msg::new("jobs.erase.working"),
        false,
        |_| Finished::said(Ok(Msg::new("x"))),
    );
    assert_eq!(second.err().unwrap().key, "jobs.busy");
    // Keys still reach the screen: the register opens over the agenda.
    f.app.handle_action(Action::Register);
    assert!(screen(&f.app, 80, 24).contains("Agenda › People"));
    f.go.send(()).unwrap();
    let done = f.app.ctx.jobs.wait(Duration::from_secs(30)).unwrap();
    f.app.finish(done);
    let s = screen(&f.app, 80, 24);
    assert!(
        !s.contains("copying pages"),
        "the row goes with the job:\n{s}"
    );
    assert!(s.contains("Backup"), "{s}");
}

#[test]
fn ctrl_x_cancels_a_job_that_may_be_cancelled() {
    let mut f = fixture(Lang::En);
    let ctrl_x = Event::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL));
    assert!(f.app.handle_event(ctrl_x));
    assert!(screen(&f.app, 80, 24).contains("Backup: cancelling…"));
    f.go.send(()).unwrap();
    let done = f.app.ctx.jobs.wait(Duration::from_secs(30)).unwrap();
    assert_eq!(done.msg.key, "jobs.backup.cancelled");
}

#[test]
fn quitting_cancels_the_job_and_quits_once_it_has_ended() {
    let mut f = fixture(Lang::En);
    f.app.handle_action(Action::Quit);
    assert!(!f.app.should_quit(), "the job is still running");
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("Backup: cancelling…"), "{s}");
    assert!(
        s.contains("Quitting as soon as the running job has ended"),
        "{s}"
    );
    f.go.send(()).unwrap();
    let end = std::time::Instant::now() + Duration::from_secs(30);
    while !f.app.should_quit() {
        f.app.tick();
        assert!(
            std::time::Instant::now() < end,
            "the app quits after the job"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(
        f.app.ctx.status.as_ref().unwrap().msg.key,
        "jobs.backup.cancelled"
    );
}
