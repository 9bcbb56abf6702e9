//! The restore box: bad input said in it, the question, the job, who may open it.

use std::time::Duration;

use super::*;
use crate::config::Config;
use crate::i18n::{I18n, Lang};
use crate::service::auth::{self, NewOperator};
use crate::service::desk::{Clock, Desk};

const SECRET: &str = "cavolo verde lento sul tram";

/// An administrator's context over an encrypted desk with a few people, and a backup.
fn desk(dir: &Path) -> (Ctx, PathBuf) {
    let db = dir.join("desk.db");
    let admin = NewOperator {
        username: "anna",
        name: "Anna",
        pass: SECRET,
        again: SECRET,
    };
    let done = auth::setup(&db, "Desk", &admin, true).unwrap();
    let mut store = done.store;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    crate::demo::run(&mut store, 50, 1, today).unwrap();
    let backup = dir.join("sportello-backup-test.db");
    service::backup(&store, &db, &backup, "anna").unwrap();
    let desk = Desk::new(store, done.session, Clock::on(today));
    let ctx = Ctx::new(desk, db, I18n::new(Lang::En), Config::default());
    (ctx, backup)
}

fn fill(s: &mut RestoreScreen, ctx: &mut Ctx, path: &str, pass: &str) -> Transition {
    s.update(Action::PrevField, ctx);
    s.update(Action::Clear, ctx);
    s.update(Action::Paste(path.into()), ctx);
    s.update(Action::Confirm, ctx);
    s.update(Action::Paste(pass.into()), ctx);
    s.update(Action::Confirm, ctx)
}

fn said(s: &RestoreScreen, ctx: &Ctx) -> String {
    s.error
        .as_ref()
        .map(|m| ctx.i18n.msg(m))
        .unwrap_or_default()
}

#[test]
fn bad_input_is_said_in_the_box_and_nothing_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ctx, backup) = desk(dir.path());
    let people = ctx.desk.store.count_people().unwrap();
    let mut s = RestoreScreen::new(&ctx.db_path);
    assert_eq!(s.fields.value(FILE), backup.display().to_string());

    let missing = dir.path().join("none.db");
    fill(&mut s, &mut ctx, missing.to_str().unwrap(), SECRET);
    assert!(
        said(&s, &ctx).contains("does not exist"),
        "{}",
        said(&s, &ctx)
    );
    assert_eq!(
        s.fields.value(FILE),
        missing.to_str().unwrap(),
        "the path kept"
    );
    assert_eq!(s.fields.value(PASS), "", "the passphrase asked again");

    let stray = dir.path().join("notes.txt");
    std::fs::write(&stray, "not a backup").unwrap();
    fill(&mut s, &mut ctx, stray.to_str().unwrap(), SECRET);
    assert!(
        said(&s, &ctx).contains("key file is missing"),
        "{}",
        said(&s, &ctx)
    );

    fill(&mut s, &mut ctx, backup.to_str().unwrap(), "not mine");
    assert!(
        said(&s, &ctx).contains("does not open"),
        "{}",
        said(&s, &ctx)
    );
    assert!(s.confirm.is_none());

    // A damaged copy with its right key ring: refused by the restore's check, as the
    // job's end; the register is as it was and the operator stays in.
    let damaged = dir.path().join("damaged.db");
    let mut bytes = std::fs::read(&backup).unwrap();
    for b in bytes.iter_mut().skip(16 * 4096).take(8 * 4096) {
        *b = 0;
    }
    std::fs::write(&damaged, bytes).unwrap();
    std::fs::copy(
        crate::vault::ring_path(&backup),
        crate::vault::ring_path(&damaged),
    )
    .unwrap();
    fill(&mut s, &mut ctx, damaged.to_str().unwrap(), SECRET);
    assert!(s.confirm.is_some(), "{}", said(&s, &ctx));
    assert!(matches!(
        s.update(Action::Confirm, &mut ctx),
        Transition::Pop
    ));
    let end = ctx.jobs.wait(Duration::from_secs(60)).unwrap();
    assert_eq!(end.tone, Tone::Error);
    assert!(!end.relog);
    let words = ctx.i18n.msg(&end.msg);
    assert!(
        words.contains("damaged") || words.contains("not a database"),
        "{words}"
    );
    assert_eq!(ctx.desk.store.count_people().unwrap(), people);
}

#[test]
fn the_question_then_the_job_then_the_login_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ctx, backup) = desk(dir.path());
    let mut s = RestoreScreen::new(&ctx.db_path);
    assert_eq!(s.fields.value(FILE), backup.display().to_string());
    s.update(Action::Paste(SECRET.into()), &mut ctx);
    assert!(matches!(
        s.update(Action::Confirm, &mut ctx),
        Transition::None
    ));
    assert!(s.confirm.is_some(), "{}", said(&s, &ctx));
    // Esc: back to the fields as they were.
    s.update(Action::Back, &mut ctx);
    assert!(s.confirm.is_none());
    assert_eq!(s.fields.value(PASS), SECRET);
    s.update(Action::Confirm, &mut ctx);
    assert!(matches!(
        s.update(Action::Confirm, &mut ctx),
        Transition::Pop
    ));
    assert_eq!(s.fields.value(PASS), "", "the passphrase wiped");
    let end = ctx.jobs.wait(Duration::from_secs(60)).unwrap();
    assert!(end.relog, "{}", ctx.i18n.msg(&end.msg));
    assert!(ctx.i18n.msg(&end.msg).contains("50 people"));
}

#[test]
fn only_administrators_open_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ctx, _) = desk(dir.path());
    assert!(open(&mut ctx).is_some());
    let store = ctx.desk.store.reopen().unwrap();
    ctx.desk = Desk::as_operator(store, "luca", crate::store::Role::Operator, Clock::System);
    assert!(open(&mut ctx).is_none());
    assert!(ctx.status.is_some());
}
