//! Two programs on one file (the app and the command line): a save over a record changed
//! since it was opened is refused, nothing is written, and the form keeps the typing; a
//! deliberate second save goes through.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;
use sportello::words::Said;

use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use sportello::config::Config;
use sportello::i18n::{I18n, Lang};
use sportello::service::people::{record_from_document, save_intake};
use sportello::store::Store;
use sportello::tui::ctx::Ctx;
use sportello::tui::form_job::{FormJob, FormOpen};
use sportello::tui::keymap::Action;
use sportello::tui::router::{self, Route};
use sportello::tui::screen::{Screen, Transition};
use sportello::tui::screens::form::FormScreen;
use uuid::Uuid;

fn doc(given: &str) -> Map<String, Value> {
    json!({ "surname": "Ali", "given_names": given, "sex": "F", "birth_date": "1999-01-01",
            "birth_country": "SO", "legal_status": "italian_citizen", "consent_given": false })
    .as_object()
    .cloned()
    .unwrap()
}

#[test]
fn a_save_over_a_newer_version_is_refused_and_the_typing_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut app_store = Store::open(&path).unwrap();
    let id = Uuid::now_v7();
    save_intake(&mut app_store, id, doc("Sara"), "anna", None).unwrap();
    // The operator opens the person's intake in the app...
    let person = app_store.person(id).unwrap().unwrap();
    let mut ctx = Ctx::new(
        Desk::as_operator(
            app_store,
            "anna",
            Role::Operator,
            Clock::on(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        ),
        path.clone(),
        I18n::new(Lang::En),
        Config::default(),
    );
    let route = Route::Form(Box::new(FormOpen::edit_person(&person)));
    let mut form = router::open(route, &mut ctx).unwrap();
    // ...while the command line, another program, changes the same person.
    let mut cli = Store::open(&path).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let rec = record_from_document(id, doc("Sarah"));
    cli.save_person(&rec, "marco", chrono::Utc::now(), None)
        .unwrap();

    form.update(Action::LineEnd, &mut ctx);
    for c in "X".chars() {
        form.update(Action::Type(c), &mut ctx);
    }
    let t = form.update(Action::Save, &mut ctx);
    assert!(matches!(t, Transition::None), "the form must stay open");
    let status = ctx.status.as_ref().unwrap();
    assert_eq!(status.msg.key, "form.conflict");
    assert!(
        status
            .msg
            .args
            .iter()
            .any(|(k, v)| k == "by" && v == "marco")
    );
    // Nothing written: the command line's version is the one on file.
    let stored = ctx.desk.store.person(id).unwrap().unwrap();
    assert_eq!(stored.record.data["given_names"], "Sarah");
    // A deliberate second save goes over it, with the operator's typing.
    let t = form.update(Action::Save, &mut ctx);
    assert!(
        matches!(t, Transition::PopWith(_)),
        "the second save goes through"
    );
    let stored = ctx.desk.store.person(id).unwrap().unwrap();
    assert_eq!(stored.record.data["surname"], "AliX");
}

#[test]
fn a_step_form_saved_meanwhile_by_another_program_is_not_overwritten() {
    use sportello::domain::case::Step;
    use sportello::service::cases;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut app_store = Store::open(&path).unwrap();
    let id = Uuid::now_v7();
    save_intake(&mut app_store, id, doc("Sara"), "anna", None).unwrap();
    let case = app_store.cases_for(id).unwrap()[0].id;
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut ctx = Ctx::new(
        Desk::as_operator(app_store, "anna", Role::Operator, Clock::on(today)),
        path.clone(),
        I18n::new(Lang::En),
        Config::default(),
    );
    // The operator opens the orientation form in the app...
    let job = FormJob::step_form(case, Step::Orientation).unwrap();
    let mine = json!({"barrier_language": "low", "hours_per_week": 20})
        .as_object()
        .cloned()
        .unwrap();
    let mut form = FormScreen::for_job(job, Some(&mine), Default::default(), &ctx).unwrap();
    // ...while another program saves it.
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut cli = Store::open(&path).unwrap();
    let theirs = json!({"barrier_language": "high"})
        .as_object()
        .cloned()
        .unwrap();
    cases::save_step_form(&mut cli, case, Step::Orientation, &theirs, today, "marco").unwrap();

    let t = form.update(Action::Save, &mut ctx);
    assert!(matches!(t, Transition::None), "the form must stay open");
    let status = ctx.status.as_ref().expect("a message");
    assert_eq!(
        ctx.desk
            .store
            .case_form(case, "orientation")
            .unwrap()
            .unwrap()["barrier_language"],
        "high",
        "theirs is kept"
    );
    assert_eq!(status.msg.key, "form.conflict");
    assert!(
        status
            .msg
            .args
            .iter()
            .any(|(k, v)| k == "by" && v == "marco")
    );
    let t = form.update(Action::Save, &mut ctx);
    assert!(
        matches!(t, Transition::PopWith(_)),
        "the second save goes through"
    );
    assert_eq!(
        ctx.desk
            .store
            .case_form(case, "orientation")
            .unwrap()
            .unwrap()["barrier_language"],
        "low"
    );
}

#[test]
fn a_partner_changed_meanwhile_is_not_overwritten() {
    use sportello::service::referrals::{save_partner, save_partner_checked};

    let mut s = Store::open_memory().unwrap();
    let id = Uuid::now_v7();
    let doc = |name: &str| {
        json!({"name": name, "kind": "company"})
            .as_object()
            .cloned()
            .unwrap()
    };
    save_partner(&mut s, id, &doc("Coop Sole"), "anna").unwrap();
    let opened = chrono::Utc::now();
    std::thread::sleep(std::time::Duration::from_millis(5));
    save_partner(&mut s, id, &doc("Coop Sole Nascente"), "marco").unwrap();
    let refused = save_partner_checked(&mut s, id, &doc("Coop del Sole"), "anna", Some(opened));
    let m = refused.err().unwrap();
    assert_eq!(m.msg(sportello::i18n::Lang::It).key, "form.conflict");
    assert!(
        m.msg(sportello::i18n::Lang::It)
            .args
            .iter()
            .any(|(k, v)| k == "by" && v == "marco")
    );
    assert_eq!(s.partner(id).unwrap().unwrap().name, "Coop Sole Nascente");
    save_partner_checked(
        &mut s,
        id,
        &doc("Coop del Sole"),
        "anna",
        Some(chrono::Utc::now()),
    )
    .unwrap();
    assert_eq!(s.partner(id).unwrap().unwrap().name, "Coop del Sole");
}

#[test]
fn a_plan_saved_meanwhile_is_not_overwritten() {
    use sportello::service::plan::save_plan;

    let mut s = Store::open_memory().unwrap();
    let id = Uuid::now_v7();
    save_intake(&mut s, id, doc("Sara"), "anna", None).unwrap();
    let case = s.cases_for(id).unwrap()[0].id;
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let pai = |goal: &str| {
        json!({"goals": goal, "signed": false})
            .as_object()
            .cloned()
            .unwrap()
    };
    let opened = chrono::Utc::now();
    std::thread::sleep(std::time::Duration::from_millis(5));
    save_plan(&mut s, case, &pai("theirs"), today, "marco", None).unwrap();
    let m = save_plan(&mut s, case, &pai("mine"), today, "anna", Some(opened))
        .err()
        .unwrap();
    assert_eq!(m.msg(sportello::i18n::Lang::It).key, "form.conflict");
    assert_eq!(
        s.case_form(case, "action_plan").unwrap().unwrap()["goals"],
        "theirs"
    );
    save_plan(
        &mut s,
        case,
        &pai("mine"),
        today,
        "anna",
        Some(chrono::Utc::now()),
    )
    .unwrap();
    assert_eq!(
        s.case_form(case, "action_plan").unwrap().unwrap()["goals"],
        "mine"
    );
}
