//! The case screen: an open case with a timeline and a closed one, at 80x24 and 120x40, in
//! Italian and English (times shown in UTC so the snapshots do not depend on the zone), and
//! the keys: a closed case refuses its step forms and R opens the reopen form.

// Test code: a failed unwrap is a failed test (helpers are not `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;

use crate::common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::text;
use serde_json::{Map, Value, json};
use sportello::config::Config;
use sportello::domain::case::Step;
use sportello::i18n::{I18n, Lang};
use sportello::service::people::record_from_document;
use sportello::store::Store;
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::draw_to_buffer;
use sportello::tui::keymap::Action;
use sportello::tui::screens::case::CaseScreen;
use uuid::Uuid;

fn at(days: i64, minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 12, 9, 0, 0).unwrap()
        + Duration::days(days)
        + Duration::minutes(minutes)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
}

fn person(store: &mut Store, n: u128, surname: &str, given: &str) -> Uuid {
    let doc = obj(
        json!({ "surname": surname, "given_names": given, "sex": "F",
                          "birth_date": "1994-03-12", "birth_country": "ER" }),
    );
    let rec = record_from_document(Uuid::from_u128(n), doc);
    store
        .save_person(&rec, "maria", at(0, 0), None)
        .unwrap()
        .case_id
        .unwrap()
}

/// Rows other parts write (plan, referrals, follow-ups), as plain SQL.
fn child_rows(dir: &std::path::Path, case: Uuid) {
    // Ids as the store keeps them: their 16 bytes.
    let id = format!("X'{}'", case.simple());
    let ts = "2026-03-20T10:00:00.000Z";
    let c = rusqlite::Connection::open(dir.join("s.db")).unwrap();
    c.execute_batch(&format!(
        "INSERT INTO partners (id, name, name_key, kind, data, created_at, updated_at)
           VALUES (X'00000000000000000000000000000a01', 'CPI Lecco', 'cpi lecco', 'cpi', '{{}}', '{ts}', '{ts}');
         INSERT INTO case_forms VALUES ({id}, 'action_plan', '{{\"signed\": true, \"signed_on\": \"2026-03-25\"}}', '{ts}', 'maria');
         INSERT INTO plan_actions VALUES ({id}, 0, 'training', 'HACCP', '', '2026-04-01', 'done');
         INSERT INTO plan_actions VALUES ({id}, 1, 'job_search', 'CV', '', '2026-05-01', 'planned');
         INSERT INTO referrals (id, case_id, partner_id, status, created_on, status_on, updated_at)
           VALUES (X'00000000000000000000000000000b01', {id}, X'00000000000000000000000000000a01', 'sent', '2026-03-26', '2026-03-26', '{ts}');
         INSERT INTO follow_ups (id, case_id, due_on, kind, updated_at)
           VALUES (X'00000000000000000000000000000c01', {id}, '2026-07-01', 'phone', '{ts}');"
    ))
    .unwrap();
}

/// `open`: a case closed by mistake and reopened, with plan, referral and follow-up rows.
/// Otherwise a case closed with a job.
fn fixture(lang: Lang, open: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("s.db");
    let mut store = Store::open(&db_path).unwrap();
    let case = if open {
        let case = person(&mut store, 0x2001, "Tesfaye", "Selam");
        let doc = obj(json!({ "outcome": "moved_away", "outcome_date": "2026-04-01" }));
        store
            .close_case(
                case,
                &doc,
                "moved_away",
                day(2026, 4, 1),
                "maria",
                at(20, 14),
            )
            .unwrap()
            .unwrap();
        store
            .reopen_case(case, "closed by mistake", None, "luca", at(21, 5))
            .unwrap()
            .unwrap();
        child_rows(dir.path(), case);
        case
    } else {
        let case = person(&mut store, 0x2002, "Haile", "Ruth");
        let doc = obj(json!({ "outcome": "employed", "outcome_date": "2026-09-01",
                              "contract_type": "fixed_term", "employer": "Logistica Adda srl",
                              "start_date": "2026-09-01" }));
        store
            .close_case(
                case,
                &doc,
                "employed",
                day(2026, 9, 1),
                "maria",
                at(180, 30),
            )
            .unwrap()
            .unwrap();
        case
    };
    let mut ctx = Ctx::new(
        Desk::as_operator(store, "test", Role::Operator, Clock::on(day(2026, 11, 22))),
        db_path,
        I18n::new(lang),
        Config::default(),
    );
    let screen = CaseScreen::load(case, &mut ctx).unwrap().with_utc_times();
    Fixture {
        _dir: dir,
        app: App::new(ctx, Box::new(screen)),
    }
}

fn screen(f: &Fixture, w: u16, h: u16) -> String {
    text(&draw_to_buffer(&f.app, w, h))
}

#[test]
fn case_open_it_80x24() {
    let f = fixture(Lang::It, true);
    let s = screen(&f, 80, 24);
    assert!(s.contains("TESFAYE Selam") && s.contains("Aperto"), "{s}");
    assert!(s.contains("Percorso riaperto: closed by mistake"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn case_open_en_120x40() {
    let f = fixture(Lang::En, true);
    let s = screen(&f, 120, 40);
    assert!(
        s.contains("signed 25/03/2026") && s.contains("1/2 actions done"),
        "{s}"
    );
    assert!(s.contains("1 sent") && s.contains("next 01/07/2026"), "{s}");
    assert!(s.contains("02/04/2026 09:05 · luca · Case reopened"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn case_open_en_80x24() {
    let f = fixture(Lang::En, true);
    insta::assert_snapshot!(screen(&f, 80, 24));
}

#[test]
fn case_open_it_120x40() {
    let f = fixture(Lang::It, true);
    insta::assert_snapshot!(screen(&f, 120, 40));
}

#[test]
fn case_closed_it_80x24() {
    let f = fixture(Lang::It, false);
    let s = screen(&f, 80, 24);
    assert!(
        s.contains("Chiuso il 08/09/2026 — Assunto/a (01/09/2026)"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn case_closed_en_120x40() {
    let f = fixture(Lang::En, false);
    let s = screen(&f, 120, 40);
    assert!(s.contains("Case closed — R to reopen"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn case_closed_en_80x24() {
    let f = fixture(Lang::En, false);
    insta::assert_snapshot!(screen(&f, 80, 24));
}

#[test]
fn case_closed_it_120x40() {
    let f = fixture(Lang::It, false);
    insta::assert_snapshot!(screen(&f, 120, 40));
}

#[test]
fn a_closed_case_refuses_its_forms_and_r_opens_the_reopen_form() {
    let mut f = fixture(Lang::En, false);
    f.app.handle_action(Action::OpenStep(Step::Closure));
    let s = screen(&f, 120, 40);
    assert!(s.contains("Case closed — R to reopen"), "{s}");
    assert!(!s.contains("Reopen the case"), "{s}");
    f.app.handle_action(Action::Reopen);
    let s = screen(&f, 120, 40);
    assert!(s.contains("Reason"), "the reopen form should be open:\n{s}");
}

#[test]
fn an_open_case_opens_its_steps_screens_and_a_fresh_closure_form() {
    let mut f = fixture(Lang::En, true);
    f.app.handle_action(Action::OpenStep(Step::Referral));
    let s = screen(&f, 120, 40);
    assert!(s.contains("Referrals") && s.contains("CPI Lecco"), "{s}");
    f.app.handle_action(Action::Back);
    f.app.handle_action(Action::Down);
    f.app.handle_action(Action::OpenStep(Step::Closure));
    // The open work first (a referral sent, a PAI action open), then the form.
    let s = screen(&f, 120, 40);
    assert!(
        s.contains("Before closing: open work") && s.contains("CPI Lecco"),
        "{s}"
    );
    f.app.handle_action(Action::Edit);
    let s = screen(&f, 120, 40);
    assert!(
        s.contains("Closure (new)") || s.contains("Outcome*"),
        "no closure form:\n{s}"
    );
    assert!(
        !s.contains("Moved away"),
        "the old outcome must not come back:\n{s}"
    );
}

#[test]
fn the_person_page_lists_cases_opens_one_and_opens_a_new_one_only_when_all_are_closed() {
    let mut f = fixture(Lang::En, false);
    let person = Uuid::from_u128(0x2002);
    let page = sportello::tui::screens::person::PersonScreen::open(person, &mut f.app.ctx).unwrap();
    f.app.push(Box::new(page));
    let s = screen(&f, 120, 40);
    assert!(s.contains("closed 08/09/2026, Employed"), "{s}");
    f.app.handle_action(Action::New);
    let s = screen(&f, 120, 40);
    assert!(
        s.contains("New case opened.") && s.contains("› Case"),
        "{s}"
    );
    assert!(s.contains("Open"), "{s}");
    f.app.handle_action(Action::Back);
    let s = screen(&f, 120, 40);
    assert!(s.contains("open, now: Intake"), "{s}");
    assert!(s.contains("closed 08/09/2026, Employed"), "{s}");
    f.app.handle_action(Action::New);
    let s = screen(&f, 120, 40);
    assert!(s.contains("This person already has an open case."), "{s}");
    f.app.handle_action(Action::Open);
    let s = screen(&f, 120, 40);
    assert!(s.contains("› Case") && s.contains("Open"), "{s}");
    // The person's crumb is not repeated by the case's.
    let title = s.lines().next().unwrap_or_default();
    assert!(title.contains("HAILE Ruth › Case"), "{title}");
    assert!(!title.contains("HAILE Ruth › HAILE Ruth"), "{title}");
}

#[test]
fn reopening_through_the_form_reloads_the_case_and_the_person_page_below() {
    let mut f = fixture(Lang::En, false);
    let person = Uuid::from_u128(0x2002);
    let page = sportello::tui::screens::person::PersonScreen::open(person, &mut f.app.ctx).unwrap();
    f.app.push(Box::new(page));
    f.app.handle_action(Action::Open);
    f.app.handle_action(Action::Reopen);
    // An empty reason is refused by the form; a reason reopens the case.
    f.app.handle_action(Action::Save);
    assert!(screen(&f, 120, 40).contains("Reason: Required"));
    f.app.handle_action(Action::Cancel);
    for c in "lost the job".chars() {
        f.app.handle_action(Action::Type(c));
    }
    f.app.handle_action(Action::Save);
    let s = screen(&f, 120, 40);
    assert!(s.contains("\nOpen\n"), "{s}");
    assert!(s.contains("Case reopened: lost the job"), "{s}");
    f.app.handle_action(Action::Back);
    let s = screen(&f, 120, 40);
    assert!(
        s.contains("open, now: Closure") || s.contains("open, now:"),
        "{s}"
    );
    assert!(!s.contains("closed 08/09/2026"), "{s}");
}

/// The person page of someone with a closed case and a newer open one.
fn person_page(lang: Lang) -> Fixture {
    let mut f = fixture(lang, false);
    let person = Uuid::from_u128(0x2002);
    f.app
        .ctx
        .desk
        .store
        .open_case(person, "luca", at(250, 0))
        .unwrap()
        .unwrap();
    let page = sportello::tui::screens::person::PersonScreen::open(person, &mut f.app.ctx).unwrap();
    f.app.push(Box::new(page));
    f
}

#[test]
fn person_cases_en_120x40() {
    let f = person_page(Lang::En);
    let s = screen(&f, 120, 40);
    assert!(s.contains("17/11/2026 open, now: Intake"), "{s}");
    assert!(s.contains("12/03/2026 closed 08/09/2026, Employed"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn person_cases_it_80x24() {
    let f = person_page(Lang::It);
    let s = screen(&f, 80, 24);
    assert!(s.contains("aperto, ora: Accoglienza"), "{s}");
    insta::assert_snapshot!(s);
}
