//! The administrator's audit screen: filtered by person as a name is typed, by operator and
//! period; refused to an operator who is not an administrator.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};

use crate::common;

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::json;
use sportello::config::Config;
use sportello::i18n::{I18n, Lang};
use sportello::service::people::record_from_document;
use sportello::store::{Role, Store};
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::keymap::Action;
use sportello::tui::{draw_to_buffer, screens};
use uuid::Uuid;

fn app_as(operator: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("sportello.db");
    let mut store = Store::open(&db_path).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    store
        .add_operator("anna", "Anna", Role::Administrator, "anna", at)
        .unwrap();
    store
        .add_operator("marco", "Marco", Role::Operator, "anna", at)
        .unwrap();
    for (i, (surname, by)) in [("Haile", "marco"), ("Tesfaye", "anna")]
        .into_iter()
        .enumerate()
    {
        let d = json!({"surname": surname, "given_names": "Sara", "sex": "F",
                       "birth_date": "1990-05-01", "birth_country": "ER"});
        let rec = record_from_document(
            Uuid::from_u128(0x1000 + i as u128),
            d.as_object().unwrap().clone(),
        );
        store.save_person(&rec, by, at, None).unwrap();
    }
    let ctx = Ctx::new(
        Desk::as_operator(
            store,
            operator,
            Role::Operator,
            Clock::on(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
        ),
        db_path,
        I18n::new(Lang::En),
        Config::default(),
    );
    (dir, screens::start(ctx))
}

fn screen(app: &App) -> String {
    common::text(&draw_to_buffer(app, 110, 24))
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle_action(Action::Type(c));
    }
}

#[test]
fn an_administrator_filters_by_person_and_operator() {
    let (_d, mut app) = app_as("anna");
    app.handle_action(Action::Audit);
    let all = screen(&app);
    assert!(
        all.contains("Audit trail") && all.contains("marco"),
        "{all}"
    );
    typed(&mut app, "tesf");
    let one = screen(&app);
    assert!(one.contains("TESFAYE Sara"), "{one}");
    assert!(!one.contains("marco "), "only Tesfaye's entries:\n{one}");
    // Operator filter on the second field: nobody but marco.
    for _ in 0..4 {
        app.handle_action(Action::Backspace);
    }
    app.handle_action(Action::NextField);
    typed(&mut app, "marco");
    let by_marco = screen(&app);
    assert!(
        by_marco.contains("marco") && !by_marco.contains(" anna "),
        "{by_marco}"
    );
    // A period with nothing in it.
    app.handle_action(Action::NextField);
    typed(&mut app, "01/01/2027");
    assert!(screen(&app).contains("No entries."));
    app.handle_action(Action::NextField);
    typed(&mut app, "31/02");
    assert!(screen(&app).contains("not a date"));
}

#[test]
fn an_operator_is_refused() {
    let (_d, mut app) = app_as("marco");
    app.handle_action(Action::Audit);
    let s = screen(&app);
    assert!(!s.contains("Audit trail"), "{s}");
    assert!(s.contains("only an administrator"), "{s}");
}

#[test]
fn x_twice_on_a_person_page_erases_once_every_case_is_closed() {
    use sportello::tui::screen::{Screen, Transition};
    use sportello::tui::screens::person::PersonScreen;

    let (_d, mut app) = app_as("anna");
    let ctx = &mut app.ctx;
    let haile = Uuid::from_u128(0x1000);
    let mut page = PersonScreen::open(haile, ctx).unwrap();
    // An open case: refused.
    assert!(matches!(page.update(Action::Erase, ctx), Transition::None));
    assert_eq!(ctx.status.as_ref().unwrap().msg.key, "gdpr.open_case");
    let case = ctx.desk.store.cases_for(haile).unwrap()[0].id;
    let closure = json!({"outcome": "moved_away", "outcome_date": "2026-03-03"});
    sportello::service::cases::close_case(
        &mut ctx.desk.store,
        case,
        closure.as_object().unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        "anna",
    )
    .unwrap();
    let mut page = PersonScreen::open(haile, ctx).unwrap();
    assert!(matches!(page.update(Action::Erase, ctx), Transition::None));
    assert_eq!(ctx.status.as_ref().unwrap().msg.key, "gdpr.press_again");
    assert!(
        ctx.desk.store.person(haile).unwrap().is_some(),
        "one X erases nothing"
    );
    assert!(matches!(
        page.update(Action::Erase, ctx),
        Transition::PopWith(_)
    ));
    // The erasure runs as the app's long job, which ends by saying what it erased.
    let done = ctx
        .jobs
        .wait(std::time::Duration::from_secs(60))
        .expect("the erasure ends");
    assert_eq!(done.msg.key, "gdpr.erased");
    assert!(
        ctx.desk
            .store
            .search("haile", 0, 5, true)
            .unwrap()
            .rows
            .is_empty()
    );
}

#[test]
fn an_administrator_adds_changes_and_removes_an_operator_from_the_screen() {
    // The screen writes the key file beside the database: set the desk up for real.
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("s.db");
    let pass = "cavolo verde lento sul tram";
    let admin = sportello::service::auth::NewOperator {
        username: "anna",
        name: "Anna",
        pass,
        again: pass,
    };
    let done = sportello::service::auth::setup(&db_path, "Desk", &admin, false).unwrap();
    let ctx = Ctx::new(
        Desk::as_operator(
            done.store,
            "anna",
            Role::Operator,
            Clock::on(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
        ),
        db_path.clone(),
        I18n::new(Lang::En),
        Config::default(),
    );
    let mut app = screens::start(ctx);
    app.handle_action(Action::Operators);
    app.handle_action(Action::New);
    let other = "mare d'inverno a Molfetta";
    for (text, next) in [
        ("marco", true),
        ("Marco Verdi", true),
        (other, true),
        (other, false),
    ] {
        typed(&mut app, text);
        if next {
            app.handle_action(Action::Confirm);
        }
    }
    let s = screen(&app);
    assert!(s.contains("••••") && s.contains("strength: strong"), "{s}");
    assert!(!s.contains("Molfetta"), "a passphrase is never drawn:\n{s}");
    app.handle_action(Action::Save);
    let s = screen(&app);
    assert!(s.contains("Marco Verdi") && s.contains("operator"), "{s}");
    assert!(sportello::service::auth::login(&db_path, "marco", other).is_ok());
    app.handle_action(Action::Down);
    app.handle_action(Action::Toggle);
    assert!(screen(&app).contains("coordinator"));
    app.handle_action(Action::RemoveRow);
    assert!(screen(&app).contains("Press d again"));
    app.handle_action(Action::RemoveRow);
    assert!(screen(&app).contains("(removed)"));
    assert!(sportello::service::auth::login(&db_path, "marco", other).is_err());
}
