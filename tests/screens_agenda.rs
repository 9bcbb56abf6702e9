//! The agenda, the first screen: whole-screen snapshots at 80x24 and 120x40, in Italian and
//! English, with an item of every kind (people's facts through the intake record, the case's
//! follow-ups, referral, internship, plan action and budget line written with plain SQL, as
//! the other parts' services are not on this branch), then the keys: filters, Enter, the
//! register and back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;

use crate::common;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use common::text;
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

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
}

fn doc(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

/// Person id, operator of the open case, intake document. Today is 23/11/2026.
fn people() -> Vec<(u128, &'static str, Map<String, Value>)> {
    vec![
        (
            1,
            "anna",
            doc(json!({"surname": "Haile", "given_names": "Sara",
            "legal_status": "refugee", "permit_expiry": "2026-12-10"})),
        ),
        (
            2,
            "anna",
            doc(json!({"surname": "Çelik", "given_names": "Şükrü",
            "legal_status": "other_permit", "permit_expiry": "2026-11-01"})),
        ),
        (
            3,
            "bruno",
            doc(json!({"surname": "Diallo", "given_names": "Mamadou",
            "did_date": "2026-11-10", "on_unemployment_benefit": true})),
        ),
        (
            4,
            "bruno",
            doc(json!({"surname": "Ahmed", "given_names": "Omar",
            "legal_status": "asylum_applicant", "asylum_application_date": "2026-09-24"})),
        ),
        (
            5,
            "anna",
            doc(json!({"surname": "Traoré", "given_names": "Ibrahim",
            "arrived_as_uam": true, "birth_date": "2009-01-15"})),
        ),
        (
            6,
            "anna",
            doc(json!({"surname": "Rossi\u{1b}[31m", "given_names": "Luca"})),
        ),
        (
            7,
            "anna",
            doc(json!({"surname": "Bekele", "given_names": "Almaz",
            "legal_status": "refugee", "permit_expiry": "2025-11-01"})),
        ),
    ]
}

fn case_facts(conn: &rusqlite::Connection, case: &[u8]) {
    conn.execute_batch(
        "INSERT INTO partners (id, name, name_key, kind, data, created_at, updated_at) VALUES
           ('p1', 'Caritas Diocesana', 'caritas diocesana', 'ngo', '{}', 'x', 'x'),
           ('p2', 'Cooperativa Sole', 'cooperativa sole', 'employer', '{}', 'x', 'x');",
    )
    .unwrap();
    let sql = [
        "INSERT INTO follow_ups (id, case_id, due_on, kind, updated_at)
         VALUES ('f1', ?1, '2026-11-20', 'call', 'x')",
        "INSERT INTO referrals (id, case_id, partner_id, status, created_on, sent_on, status_on,
         updated_at) VALUES ('r1', ?1, 'p1', 'sent', '2026-11-05', '2026-11-05', '2026-11-05', 'x')",
        "INSERT INTO internships (id, case_id, partner_id, start_on, planned_end_on, status, data,
         updated_at) VALUES ('i1', ?1, 'p2', '2026-06-01', '2026-12-01', 'active', '{}', 'x')",
        "INSERT INTO plan_actions (case_id, position, kind, title, due_on, status)
         VALUES (?1, 1, 'course', 'Corso di italiano A2', '2026-11-15', 'in_progress')",
        "INSERT INTO case_budget (case_id, line, position, budget_cents, committed_cents)
         VALUES (?1, 'allowance', 1, 200000, 190000)",
    ];
    for s in sql {
        conn.execute(s, [case]).unwrap();
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
}

fn fixture(lang: Lang) -> Fixture {
    fixture_as(lang, "test")
}

/// The agenda as `operator` logs in to it.
fn fixture_as(lang: Lang, operator: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("sportello.db");
    let mut store = Store::open(&db_path).unwrap();
    let conn = rusqlite::Connection::open(&db_path).unwrap();
    for (i, (n, operator, d)) in people().into_iter().enumerate() {
        let id = Uuid::from_u128(0x1000 + n);
        let rec = record_from_document(id, d);
        store.save_person(&rec, "test", at(i as i64), None).unwrap();
        let case: Vec<u8> = conn
            .query_row(
                "SELECT id FROM cases WHERE person_id = ?1",
                [id.as_bytes().as_slice()],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute(
            "UPDATE cases SET operator = ?1 WHERE id = ?2",
            rusqlite::params![operator, case],
        )
        .unwrap();
        if n == 6 {
            case_facts(&conn, &case);
        }
    }
    let ctx = Ctx::new(
        Desk::as_operator(
            store,
            operator,
            Role::Operator,
            Clock::on(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        ),
        db_path,
        I18n::new(lang),
        Config::default(),
    );
    // The agenda is built once its first frame is drawn, on the next turn of the loop.
    let mut app = screens::start(ctx);
    draw_to_buffer(&app, 80, 24);
    assert!(app.settle(std::time::Duration::from_secs(30)));
    Fixture { _dir: dir, app }
}

fn screen(app: &App, w: u16, h: u16) -> String {
    text(&draw_to_buffer(app, w, h))
}

#[test]
fn agenda_it_80x24() {
    let f = fixture(Lang::It);
    let s = screen(&f.app, 80, 24);
    assert!(!s.contains('\u{1b}'), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn agenda_en_80x24() {
    insta::assert_snapshot!(screen(&fixture(Lang::En).app, 80, 24));
}

#[test]
fn agenda_it_120x40() {
    insta::assert_snapshot!(screen(&fixture(Lang::It).app, 120, 40));
}

#[test]
fn agenda_en_120x40() {
    insta::assert_snapshot!(screen(&fixture(Lang::En).app, 120, 40));
}

#[test]
fn every_kind_is_listed_most_urgent_first() {
    let f = fixture(Lang::En);
    let s = screen(&f.app, 120, 40);
    let order = [
        "Permit      ", // 01/11 expired
        "Referral",     // 15/11 answer day
        "Plan action",  // 15/11, after by kind order
        "Follow-up",    // 20/11
        "Asylum work",  // 23/11 today
        "Budget",       // today
        "Patto",        // 25/11
        "Internship",   // 01/12
        "HAILE Sara",
        "UAM conversion",
    ];
    let mut last = 0;
    for needle in order {
        let pos = s[last..]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not after {last}:\n{s}"));
        last += pos + needle.len();
    }
    // Colours: overdue in red, today in yellow.
    let buf = draw_to_buffer(&f.app, 120, 40);
    let row_of = |needle: &str| {
        s.lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}:\n{s}")) as u16
    };
    use ratatui::style::Color;
    assert_eq!(buf[(0, row_of("20/11/2026"))].fg, Color::Red);
    assert_eq!(
        buf[(0, row_of("23/11/2026 today      Asylum"))].fg,
        Color::Yellow
    );
    assert_eq!(buf[(0, row_of("25/11/2026"))].fg, Color::Reset);
}

#[test]
fn filters_open_and_register() {
    let mut f = fixture(Lang::En);
    f.app.handle_action(Action::CycleKind);
    // The agenda is built again off the loop: its answer is awaited.
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("Kind: Follow-up"), "{s}");
    assert!(s.contains(" 1 deadline\n"), "{s}");
    f.app.handle_action(Action::CycleKind);
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    let s = screen(&f.app, 120, 40);
    assert!(
        s.contains("Kind: Permit") && s.contains("2 deadlines"),
        "{s}"
    );
    for _ in 0..8 {
        f.app.handle_action(Action::CycleKind);
        assert!(f.app.settle(std::time::Duration::from_secs(30)));
    }
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("Kind: all"), "{s}");
    f.app.handle_action(Action::CycleOperator);
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("Operator: anna"), "{s}");
    assert!(!s.contains("DIALLO"), "{s}");
    f.app.handle_action(Action::CycleOperator);
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("Operator: bruno") && s.contains("DIALLO"), "{s}");
    assert!(!s.contains("HAILE"), "{s}");
    f.app.handle_action(Action::CycleOperator);
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    assert!(screen(&f.app, 120, 40).contains("Operator: everyone"));
    // Enter opens the person of the selected item (the case screen comes later).
    f.app.handle_action(Action::Open);
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("Agenda › ÇELIK Şükrü"), "{s}");
    f.app.handle_action(Action::Back);
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    f.app.handle_action(Action::Register);
    assert!(screen(&f.app, 120, 40).contains("Agenda › People"));
    f.app.handle_action(Action::Back);
    let s = screen(&f.app, 120, 40);
    assert!(
        s.contains("Sportello · Agenda") && !s.contains("People"),
        "{s}"
    );
}

#[test]
fn coming_back_reloads_the_agenda() {
    let mut f = fixture(Lang::En);
    f.app.handle_action(Action::Open);
    // While the person page is on top, a follow-up becomes due in the database.
    let conn = rusqlite::Connection::open(f._dir.path().join("sportello.db")).unwrap();
    conn.execute(
        "INSERT INTO follow_ups (id, case_id, due_on, kind, updated_at)
         SELECT 'f9', id, '2026-11-02', 'visit', 'x' FROM cases
         WHERE person_id = ?1",
        [Uuid::from_u128(0x1001).as_bytes().as_slice()],
    )
    .unwrap();
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    f.app.handle_action(Action::Back);
    assert!(screen(&f.app, 120, 40).contains("10 deadlines"));
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    let s = screen(&f.app, 120, 40);
    assert!(s.contains("11 deadlines"), "{s}");
    assert!(s.contains("follow-up due on 02/11/2026"), "{s}");
}

#[test]
fn it_opens_on_the_operators_own_cases_and_o_widens() {
    let mut f = fixture_as(Lang::En, "bruno");
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Operator: bruno"), "{s}");
    assert!(s.contains("DIALLO") && !s.contains("HAILE"), "{s}");
    f.app.handle_action(Action::CycleOperator);
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    let s = screen(&f.app, 80, 24);
    assert!(
        s.contains("Operator: everyone") && s.contains("HAILE"),
        "{s}"
    );
    f.app.handle_action(Action::CycleOperator);
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    assert!(screen(&f.app, 80, 24).contains("Operator: anna"));
    f.app.handle_action(Action::CycleOperator);
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    assert!(screen(&f.app, 80, 24).contains("Operator: bruno"));
}

#[test]
fn records_to_check_are_counted_apart_and_x_lists_them() {
    let mut f = fixture(Lang::En);
    let s = screen(&f.app, 80, 24);
    assert!(
        s.contains("To check, overdue for more than 30 days: 1 (x to list them)"),
        "{s}"
    );
    assert!(!s.contains("BEKELE"), "{s}");
    f.app.handle_action(Action::ToggleToCheck);
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    let s = screen(&f.app, 80, 24);
    assert!(
        s.contains("BEKELE Almaz") && s.contains("(x to hide them)"),
        "{s}"
    );
    // The record to check is selected and Enter opens it.
    f.app.handle_action(Action::Open);
    assert!(screen(&f.app, 80, 24).contains("BEKELE Almaz"));
}

/// The case: an operator with a year of expired permits and one expiring in 20 days
/// sees the one expiring on the first screen at 80x24.
#[test]
fn a_permit_expiring_in_20_days_is_on_the_first_screen_whatever_the_old_ones() {
    let mut f = fixture_as(Lang::It, "anna");
    let conn = rusqlite::Connection::open(f._dir.path().join("sportello.db")).unwrap();
    let mut store = Store::open(&f._dir.path().join("sportello.db")).unwrap();
    for i in 0..400u128 {
        let id = Uuid::from_u128(0x9000 + i);
        let expiry =
            NaiveDate::from_ymd_opt(2025, 6, 1).unwrap() + chrono::Days::new((i % 300) as u64);
        let rec = record_from_document(
            id,
            doc(
                json!({"surname": format!("Vecchio{i}"), "given_names": "Test",
                "permit_expiry": expiry.format("%Y-%m-%d").to_string()}),
            ),
        );
        store.save_person(&rec, "anna", at(100), None).unwrap();
    }
    let rec = record_from_document(
        Uuid::from_u128(0x8000),
        doc(json!({"surname": "Ventigiorni", "given_names": "Aster",
            "permit_expiry": "2026-12-13"})),
    );
    store.save_person(&rec, "anna", at(200), None).unwrap();
    conn.execute("UPDATE cases SET operator = 'anna'", [])
        .unwrap();
    // Round the operator filter back to anna's cases: the agenda is read again.
    f.app.handle_action(Action::CycleOperator);
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    assert!(screen(&f.app, 80, 24).contains("Operatore: tutti"));
    f.app.handle_action(Action::CycleOperator);
    assert!(f.app.settle(std::time::Duration::from_secs(30)));
    let s = screen(&f.app, 80, 24);
    assert!(s.contains("Operatore: anna"), "{s}");
    assert!(s.contains("VENTIGIORNI Aster"), "{s}");
    assert!(
        s.contains("Da verificare, scadute da oltre 30 giorni: 401"),
        "{s}"
    );
}

/// At 80 columns a reason cut in its column is shown whole under the list for the selected
/// item.
#[test]
fn the_selected_reason_is_shown_whole_at_80_columns() {
    let mut f = fixture(Lang::En);
    f.app.handle_action(Action::Down);
    let s = screen(&f.app, 80, 24);
    assert!(
        s.contains("› Referral · ROSSI␛[31M Luca: no answer from Caritas Diocesana (sent on"),
        "{s}"
    );
}
