//! The partners directory and a case's referrals, internship and follow-ups, at 80x24 and
//! 120x40, in Italian and English, with a referral waiting too long and a follow-up late.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;

use crate::common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::text;
use serde_json::{Map, Value, json};
use sportello::config::Config;
use sportello::domain::referral::Status;
use sportello::i18n::{I18n, Lang};
use sportello::service::people::record_from_document;
use sportello::service::{follow_ups, internships, plan, referrals};
use sportello::store::Store;
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::draw_to_buffer;
use sportello::tui::screens::{follow_ups as fu_screen, internship, partners, referrals as rs};
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 22);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

/// A desk with two partners and one case through referrals, internship and follow-ups.
pub(crate) fn desk(dir: &std::path::Path) -> (Store, Uuid) {
    let mut s = Store::open(&dir.join("s.db")).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 3, 12, 9, 0, 0).unwrap();
    let doc = obj(
        json!({ "surname": "Tesfaye", "given_names": "Selam", "sex": "F",
                          "birth_date": "1994-03-12", "birth_country": "ER",
                          "consent_scopes": ["network_sharing"] }),
    );
    let rec = record_from_document(Uuid::from_u128(0x4001), doc);
    let case = s
        .save_person(&rec, "maria", at, None)
        .unwrap()
        .case_id
        .unwrap();
    plan::ensure_programmes(&mut s, "maria").unwrap();
    let pai = obj(json!({ "goals": "Lavoro", "signed": true, "signed_on": "2026-05-20" }));
    plan::save_plan(&mut s, case, &pai, today(), "maria", None).unwrap();
    plan::enrol(&mut s, case, "puoi", "maria").unwrap();
    let (cpia, host) = (Uuid::from_u128(0x5001), Uuid::from_u128(0x5002));
    let p = obj(
        json!({ "name": "CPIA Lecco – Scuola di italiano", "kind": "language_school",
                        "territory": "Lecco" }),
    );
    referrals::save_partner(&mut s, cpia, &p, "maria").unwrap();
    let p = obj(json!({ "name": "Logistica Adda srl", "kind": "company",
                        "territory": "Calolziocorte" }));
    referrals::save_partner(&mut s, host, &p, "maria").unwrap();
    let r = obj(
        json!({ "partner": cpia.to_string(), "service": "language_course",
                        "reason": "Italiano A2" }),
    );
    let waiting = referrals::create(&mut s, case, &r, day(2026, 10, 1), "maria").unwrap();
    s.move_referral(
        waiting,
        Status::Sent,
        day(2026, 10, 2),
        "per e-mail",
        today(),
        "maria",
        at,
    )
    .unwrap()
    .unwrap();
    let r = obj(json!({ "partner": host.to_string(), "service": "internship_hosting" }));
    let done = referrals::create(&mut s, case, &r, day(2026, 9, 1), "maria").unwrap();
    for (st, d) in [(Status::Sent, 2), (Status::Accepted, 9)] {
        s.move_referral(done, st, day(2026, 9, d), "", today(), "maria", at)
            .unwrap()
            .unwrap();
    }
    let id = Uuid::from_u128(0x6001);
    let i = obj(json!({ "host": host.to_string(), "tutor": "Paolo Crippa",
                        "start_on": "2026-06-01", "weekly_hours": 20,
                        "monthly_allowance": 50_000 }));
    internships::save(&mut s, case, id, &i, "maria", None).unwrap();
    let st = obj(json!({ "status": "active", "on_date": "2026-06-01" }));
    internships::change_status(&mut s, id, &st, today(), "maria").unwrap();
    let m = obj(json!({ "month": "2026-06", "hours": 80, "days_absent": 1 }));
    internships::record_month(&mut s, id, &m, today(), "maria").unwrap();
    let pay = obj(json!({ "month": "2026-06", "amount": 50_000, "on_date": "2026-07-05" }));
    internships::pay_month(&mut s, id, &pay, today(), "maria").unwrap();
    let f = obj(json!({ "due_on": "2026-07-10", "kind": "internship_visit" }));
    let first = follow_ups::schedule(&mut s, case, &f, "maria").unwrap();
    let o = obj(json!({ "done_on": "2026-07-10", "outcome": "ok",
                        "next_due_on": "2026-11-15", "next_kind": "phone" }));
    follow_ups::record(&mut s, first, &o, today(), "maria").unwrap();
    (s, case)
}

type Opener = fn(Uuid, &mut Ctx) -> Option<Box<dyn sportello::tui::screen::Screen>>;

fn shots(name: &str, open: Opener, must: &[(&str, &str)]) {
    for (lang, l) in [(Lang::It, "it"), (Lang::En, "en")] {
        let dir = tempfile::tempdir().unwrap();
        let (store, case) = desk(dir.path());
        let mut ctx = Ctx::new(
            Desk::as_operator(store, "test", Role::Operator, Clock::on(today())),
            dir.path().join("s.db"),
            I18n::new(lang),
            Config::default(),
        );
        let screen = open(case, &mut ctx).unwrap();
        let app = App::new(ctx, screen);
        for (w, h) in [(80, 24), (120, 40)] {
            let s = text(&draw_to_buffer(&app, w, h));
            let want = if lang == Lang::It {
                must[0].0
            } else {
                must[0].1
            };
            assert!(s.contains(want), "{name} {l} {w}x{h}:\n{s}");
            insta::assert_snapshot!(format!("{name}_{l}_{w}x{h}"), s);
        }
    }
}

#[test]
fn partners_directory() {
    shots(
        "partners",
        |_, ctx| partners::open(ctx),
        &[("Rete dei partner", "Partner network")],
    );
}

#[test]
fn referrals_of_a_case() {
    shots(
        "referrals",
        rs::open,
        &[("senza risposta da 51 giorni", "no answer for 51 days")],
    );
}

#[test]
fn internship_of_a_case() {
    shots(
        "internship",
        internship::open,
        &[("pagato € 500,00", "paid €500.00")],
    );
}

#[test]
fn follow_ups_of_a_case() {
    shots(
        "follow_ups",
        fu_screen::open,
        &[("in ritardo di 7 giorni", "7 days late")],
    );
}
