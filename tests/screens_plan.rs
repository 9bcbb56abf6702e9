//! The plan screen: a signed PAI with an overdue action and an endowment with money
//! committed and paid, at 80x24 and 120x40, in Italian and English; and the keys: an
//! overspend typed in the movement form is refused with the typing kept, then a valid
//! amount is saved and the table shows it.

// Test code: a failed unwrap is a failed test (helpers are not `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;

use crate::common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::text;
use serde_json::{Map, Value, json};
use sportello::config::Config;
use sportello::domain::money::OpKind;
use sportello::i18n::{I18n, Lang};
use sportello::service::people::record_from_document;
use sportello::service::plan;
use sportello::store::Store;
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::draw_to_buffer;
use sportello::tui::keymap::Action;
use sportello::tui::screens::plan::PlanScreen;
use uuid::Uuid;

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

fn fixture(lang: Lang) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("s.db");
    let mut store = Store::open(&db_path).unwrap();
    let doc = obj(
        json!({ "surname": "Tesfaye", "given_names": "Selam", "sex": "F",
                          "birth_date": "1994-03-12", "birth_country": "ER" }),
    );
    let rec = record_from_document(Uuid::from_u128(0x3001), doc);
    let at = Utc.with_ymd_and_hms(2026, 3, 12, 9, 0, 0).unwrap();
    let case = store
        .save_person(&rec, "maria", at, None)
        .unwrap()
        .case_id
        .unwrap();
    plan::ensure_programmes(&mut store, "maria").unwrap();
    let pai = obj(json!({
        "goals": "Lavoro in magazzino\nItaliano B1",
        "actions": [
            {"kind": "language_course", "title": "Corso A2 al CPIA", "owner": "maria",
             "due": "2026-06-30", "status": "in_progress"},
            {"kind": "internship", "title": "Tirocinio in logistica", "owner": "maria",
             "due": "2027-01-31", "status": "planned"}
        ],
        "signed": true, "signed_on": "2026-03-20"
    }));
    plan::save_plan(&mut store, case, &pai, day(2026, 11, 22), "maria", None).unwrap();
    plan::enrol(&mut store, case, "puoi", "maria").unwrap();
    let mv = |s: &mut Store, kind, line: &str, cents, on| {
        plan::move_money(
            s,
            case,
            &plan::Entry {
                kind,
                line,
                on,
                note: "",
            },
            cents,
            "maria",
        )
        .unwrap();
    };
    mv(
        &mut store,
        OpKind::Commit,
        "operator_services",
        234_000,
        day(2026, 3, 20),
    );
    mv(
        &mut store,
        OpKind::Pay,
        "operator_services",
        117_000,
        day(2026, 5, 31),
    );
    mv(
        &mut store,
        OpKind::Commit,
        "trainee_allowance",
        150_000,
        day(2026, 9, 1),
    );

    let mut ctx = Ctx::new(
        Desk::as_operator(store, "test", Role::Operator, Clock::on(day(2026, 11, 22))),
        db_path,
        I18n::new(lang),
        Config::default(),
    );
    let screen = PlanScreen::load(case, &mut ctx).unwrap();
    Fixture {
        _dir: dir,
        app: App::new(ctx, Box::new(screen)),
    }
}

fn screen(f: &Fixture, w: u16, h: u16) -> String {
    text(&draw_to_buffer(&f.app, w, h))
}

#[test]
fn plan_it_120x40() {
    let f = fixture(Lang::It);
    let s = screen(&f, 120, 40);
    assert!(s.contains("Firmato il 20/03/2026"), "{s}");
    assert!(s.contains("Totale"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn plan_en_120x40() {
    let f = fixture(Lang::En);
    let s = screen(&f, 120, 40);
    // Services fully committed and half paid; the allowance committed for three months (paid
    // month by month from the internship, so nothing yet).
    // Money as English writes it.
    assert!(s.contains("€2,340.00") && s.contains("€1,170.00"), "{s}");
    assert!(s.contains("€3,840.00") && !s.contains("€ 3.840,00"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn plan_it_80x24() {
    insta::assert_snapshot!(screen(&fixture(Lang::It), 80, 24));
}

#[test]
fn plan_en_80x24() {
    insta::assert_snapshot!(screen(&fixture(Lang::En), 80, 24));
}

fn keys(f: &mut Fixture, actions: &[Action]) {
    for a in actions {
        f.app.handle_action(a.clone());
    }
}

fn typed(f: &mut Fixture, s: &str) {
    for c in s.chars() {
        f.app.handle_action(Action::Type(c));
    }
}

#[test]
fn an_overspend_is_refused_in_the_form_and_a_valid_amount_lands_in_the_table() {
    let mut f = fixture(Lang::En);
    // Typing on the choice filters its list; Enter takes the best match and goes on.
    keys(&mut f, &[Action::Money(OpKind::Commit)]);
    typed(&mut f, "host");
    keys(&mut f, &[Action::Choose]);
    typed(&mut f, "700");
    keys(&mut f, &[Action::Save]);
    let s = screen(&f, 120, 40);
    assert!(
        s.contains("Refused: it passes the line “Host company tutoring” by €100.00 (€600.00 left)"),
        "{s}"
    );
    assert!(s.contains("Amount (€)") && s.contains("700"), "{s}");
    keys(&mut f, &[Action::Clear]);
    typed(&mut f, "600");
    keys(&mut f, &[Action::Save]);
    let s = screen(&f, 120, 40);
    assert!(
        s.contains("Host company tutoring") && s.contains("€600.00"),
        "{s}"
    );
    assert!(s.contains("€4,440.00"), "total committed: {s}");
}
