//! Closing a case with its open work (issue 10, part 5), through the services on a real
//! file: refused while work is open and unsettled (each item named, with its figures),
//! settled item by item, or confirmed with a reason that is kept; never a running
//! internship on a closed case. And the open-work screen before the form, 80x24, it and en.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;
use sportello::words::Said;

use chrono::{NaiveDate, Utc};
use serde_json::{Map, Value, json};
use sportello::config::Config;
use sportello::domain::internship::Status as IStatus;
use sportello::domain::money::OpKind;
use sportello::domain::referral::Status as RStatus;
use sportello::i18n::{I18n, Lang};
use sportello::service::people::save_intake;
use sportello::service::{cases, internships, plan, referrals};
use sportello::store::Store;
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::draw_to_buffer;
use sportello::tui::screens::case::closure::ClosureScreen;
use uuid::Uuid;

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(11, 22)
}

/// A case with everything open: an internship in progress, a referral in progress and one
/// waiting, a PAI action open, €350 committed and not paid.
fn busy_case(s: &mut Store) -> (Uuid, Uuid, Vec<Uuid>) {
    let person = Uuid::now_v7();
    let doc = obj(
        json!({ "surname": "Haile", "given_names": "Ruth", "sex": "F",
        "birth_date": "1996-02-03", "birth_country": "ER", "legal_status": "refugee",
        "consent_given": true, "consent_date": "2026-01-01",
        "consent_scopes": ["processing", "network_sharing"] }),
    );
    save_intake(s, person, doc, "anna", None).unwrap();
    let case = s.cases_for(person).unwrap()[0].id;
    let pai = obj(
        json!({ "goals": "Lavoro", "signed": true, "signed_on": "2026-09-01",
        "actions": [{"kind": "language_course", "title": "Corso A2", "due": "2026-12-01",
                     "status": "in_progress"}] }),
    );
    plan::save_plan(s, case, &pai, today(), "anna", None).unwrap();
    plan::ensure_programmes(s, "anna").unwrap();
    plan::enrol(s, case, "puoi", "anna").unwrap();
    plan::move_money(
        s,
        case,
        &plan::Entry {
            kind: OpKind::Commit,
            line: "company_tutoring",
            on: d(9, 2),
            note: "",
        },
        60_000,
        "anna",
    )
    .unwrap();
    plan::pay(s, case, "company_tutoring", 25_000, d(10, 2), "", "anna").unwrap();
    let mut refs = Vec::new();
    for (name, steps) in [
        (
            "CPIA Lecco",
            &[RStatus::Sent, RStatus::Accepted, RStatus::InProgress][..],
        ),
        ("Centro per l'Impiego", &[RStatus::Sent][..]),
    ] {
        let p = Uuid::now_v7();
        let doc = obj(json!({ "name": name, "kind": "job_centre", "territory": "Lecco" }));
        referrals::save_partner(s, p, &doc, "anna").unwrap();
        let r = obj(json!({ "partner": p.to_string(), "service": "language_course" }));
        let id = referrals::create(s, case, &r, d(9, 3), "anna").unwrap();
        for (i, st) in steps.iter().enumerate() {
            s.move_referral(id, *st, d(9, 4 + i as u32), "", today(), "anna", Utc::now())
                .unwrap()
                .unwrap();
        }
        refs.push(id);
    }
    let id = Uuid::now_v7();
    let i = obj(json!({ "start_on": "2026-09-07", "weekly_hours": 20, "tutor": "P" }));
    internships::save(s, case, id, &i, "anna", None).unwrap();
    let st = obj(json!({ "status": "active", "on_date": "2026-09-07" }));
    internships::change_status(s, id, &st, today(), "anna").unwrap();
    (case, id, refs)
}

fn closure(extra: Value) -> Map<String, Value> {
    let mut doc = obj(json!({ "outcome": "moved_away", "outcome_date": "2026-11-20" }));
    doc.extend(obj(extra));
    doc
}

#[test]
fn a_case_with_open_work_is_not_closed_without_settling_it_or_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let (case, id, _) = busy_case(&mut s);
    let e = cases::close_case(&mut s, case, &closure(json!({})), today(), "anna").unwrap_err();
    let en = I18n::new(Lang::En).msg(&e.msg(Lang::En));
    for part in [
        "the internship",
        "2 referrals",
        "1 PAI action",
        "€350.00 unpaid",
    ] {
        assert!(en.contains(part), "{part} in {en}");
    }
    let it = I18n::new(Lang::It).msg(&e.msg(Lang::It));
    assert!(
        it.contains("€ 350,00 non pagati") && it.contains("il tirocinio"),
        "{it}"
    );
    // The open-work screen lists each item in full.
    let lines = s.open_work(case).unwrap().lines(Lang::En).join("\n");
    for part in [
        "Internship still running (Active)",
        "Referrals not concluded (2)",
        "CPIA Lecco",
        "PAI actions still open (1): Corso A2",
        "€350.00",
    ] {
        assert!(lines.contains(part), "{part} in {lines}");
    }
    assert!(s.case_is_open(case).unwrap());
    assert_eq!(s.internships_for(case).unwrap()[0].status, IStatus::Active);
    let _ = id;
}

#[test]
fn settling_each_item_closes_the_case_with_nothing_left_running() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let (case, _, refs) = busy_case(&mut s);
    // Everything but the PAI action settled: the action still needs a reason.
    let most = json!({ "internship_completed": true, "settle_referrals": true,
                       "release_unpaid": true });
    let e = cases::close_case(&mut s, case, &closure(most.clone()), today(), "anna").unwrap_err();
    let en = I18n::new(Lang::En).msg(&e.msg(Lang::En));
    assert!(
        en.contains("1 PAI action") && !en.contains("referral"),
        "{en}"
    );
    let mut all = most;
    all["open_work_reason"] = json!("The course goes on at the CPIA without us");
    cases::close_case(&mut s, case, &closure(all), today(), "anna").unwrap();
    assert!(!s.case_is_open(case).unwrap());
    let i = &s.internships_for(case).unwrap()[0];
    assert_eq!(i.status, IStatus::Completed);
    let statuses: Vec<RStatus> = refs
        .iter()
        .map(|r| {
            s.referrals_for(case)
                .unwrap()
                .into_iter()
                .find(|x| x.id == *r)
                .unwrap()
                .status
        })
        .collect();
    assert_eq!(statuses, [RStatus::Completed, RStatus::Withdrawn]);
    let b = plan::budget(&s, case).unwrap().unwrap().budget;
    assert_eq!(b.committed(), b.paid());
    assert!(s.open_work(case).unwrap().unpaid.is_empty());
    let doc = s.case_form(case, "closure").unwrap().unwrap();
    assert_eq!(
        doc["open_work_reason"],
        "The course goes on at the CPIA without us"
    );
}

#[test]
fn a_reason_confirms_the_open_work_and_the_internship_ends_all_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let (case, _, _) = busy_case(&mut s);
    let doc = closure(json!({ "open_work_reason": "Moved to Milan, followed there" }));
    cases::close_case(&mut s, case, &doc, today(), "anna").unwrap();
    let i = &s.internships_for(case).unwrap()[0];
    assert_eq!(i.status, IStatus::Interrupted);
    assert_eq!(i.status_reason, "Moved to Milan, followed there");
    assert!(s.open_work(case).unwrap().internship.is_none());
    let kept = s.case_form(case, "closure").unwrap().unwrap();
    assert_eq!(kept["open_work_reason"], "Moved to Milan, followed there");
    // The money and the referrals were confirmed, not settled.
    let w = s.open_work(case).unwrap();
    assert_eq!((w.referrals.len(), w.unpaid.len()), (2, 1));
}

#[test]
fn the_store_never_leaves_a_running_internship_on_a_closed_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let (case, _, _) = busy_case(&mut s);
    let doc = closure(json!({}));
    s.close_case(case, &doc, "moved_away", d(11, 20), "anna", Utc::now())
        .unwrap()
        .unwrap();
    let i = &s.internships_for(case).unwrap()[0];
    assert_eq!(i.status, IStatus::Interrupted);
}

fn closure_screen(lang: Lang, w: u16, h: u16) -> String {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("s.db");
    let mut store = Store::open(&db_path).unwrap();
    let (case, _, _) = busy_case(&mut store);
    let open = store.open_work(case).unwrap();
    let ctx = Ctx::new(
        Desk::as_operator(store, "anna", Role::Operator, Clock::on(today())),
        db_path,
        I18n::new(lang),
        Config::default(),
    );
    let app = App::new(ctx, Box::new(ClosureScreen::new(case, open)));
    crate::common::text(&draw_to_buffer(&app, w, h))
}

#[test]
fn closure_open_work_it_80x24() {
    let s = closure_screen(Lang::It, 80, 24);
    assert!(s.contains("€ 350,00") && s.contains("Corso A2"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn closure_open_work_en_80x24() {
    let s = closure_screen(Lang::En, 80, 24);
    assert!(
        s.contains("€350.00") && s.contains("Referrals not concluded (2)"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}
