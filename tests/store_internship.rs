//! Internships and follow-ups through the services on a real file: the lifecycle and its
//! refusals, the extension's bounds, allowance payments within the plan's money, the next
//! follow-up from the last, a closed case that takes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, Utc};
use serde_json::{Map, Value, json};
use sportello::domain::internship::Status;
use sportello::i18n::Lang;
use sportello::service::people::save_intake;
use sportello::service::{follow_ups, internships, plan};
use sportello::store::Store;
use sportello::words::Said;
use uuid::Uuid;

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn setup() -> (tempfile::TempDir, Store, Uuid, Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let person = Uuid::now_v7();
    let doc = obj(json!({ "surname": "Ali", "given_names": "Sara", "sex": "F",
        "birth_date": "1999-01-01", "birth_country": "SO", "legal_status": "refugee",
        "consent_given": false }));
    save_intake(&mut s, person, doc, "anna", None).unwrap();
    let case = s.cases_for(person).unwrap()[0].id;
    plan::ensure_programmes(&mut s, "anna").unwrap();
    let pai = obj(json!({ "goals": "Lavoro", "signed": true, "signed_on": "2026-04-20" }));
    plan::save_plan(&mut s, case, &pai, today(), "anna", None).unwrap();
    plan::enrol(&mut s, case, "puoi", "anna").unwrap();
    let id = Uuid::now_v7();
    let i = obj(json!({ "start_on": "2026-05-04", "monthly_allowance": 50_000, "tutor": "P" }));
    internships::save(&mut s, case, id, &i, "anna", None).unwrap();
    (dir, s, case, id)
}

#[test]
fn an_internship_moves_as_its_lifecycle_allows_and_extends_within_the_programme() {
    let (_d, mut s, case, id) = setup();
    let i = &s.internships_for(case).unwrap()[0];
    assert_eq!(i.status, Status::Planned);
    // Six months by default (PUOI).
    assert_eq!(
        i.planned_end_on,
        NaiveDate::from_ymd_opt(2026, 11, 4).unwrap()
    );
    let mv = |s: &mut Store, status: &str, reason: &str| {
        let d = obj(json!({ "status": status, "on_date": "2026-06-01", "reason": reason }));
        internships::change_status(s, id, &d, today(), "anna")
    };
    assert_eq!(
        mv(&mut s, "completed", "").unwrap_err().msg(Lang::It).key,
        "internship.refused.move"
    );
    mv(&mut s, "active", "").unwrap();
    assert_eq!(
        mv(&mut s, "suspended", " ").unwrap_err().msg(Lang::It).key,
        "internship.refused.reason"
    );
    mv(&mut s, "suspended", "Malattia").unwrap();
    mv(&mut s, "active", "").unwrap();
    let ext = |s: &mut Store, end: &str| {
        internships::extend(s, case, id, &obj(json!({ "planned_end_on": end })), "anna")
    };
    assert_eq!(
        ext(&mut s, "2027-05-05").unwrap_err().msg(Lang::It).key,
        "internship.refused.extension"
    );
    ext(&mut s, "2027-05-04").unwrap();
    assert_eq!(
        s.internships_for(case).unwrap()[0].planned_end_on,
        NaiveDate::from_ymd_opt(2027, 5, 4).unwrap()
    );
    let lines = s.changes_by_case(case, 100).unwrap();
    assert!(lines.iter().filter(|l| l.entity == "internship").count() >= 5);
}

#[test]
fn allowances_are_paid_from_the_plan_and_never_beyond_it() {
    let (_d, mut s, case, id) = setup();
    for month in 5..=11 {
        let hours = if month == 11 { 12 } else { 80 };
        let m = obj(json!({ "month": format!("2026-{month:02}"), "hours": hours }));
        internships::record_month(&mut s, id, &m, today(), "anna").unwrap();
    }
    for month in 5..=10 {
        let pay = obj(
            json!({ "month": format!("2026-{month:02}"), "amount": 50_000,
                              "on_date": "2026-11-01" }),
        );
        internships::pay_month(&mut s, id, &pay, today(), "anna").unwrap();
    }
    let b = plan::budget(&s, case).unwrap().unwrap().budget;
    let line = b.line("trainee_allowance").unwrap();
    assert_eq!((line.committed, line.paid), (300_000, 300_000));
    let pay = obj(json!({ "month": "2026-11", "amount": 50_000, "on_date": "2026-11-02" }));
    let m = internships::pay_month(&mut s, id, &pay, today(), "anna").unwrap_err();
    assert_eq!(m.msg(Lang::It).key, "plan.refused.line");
    assert_eq!(plan::budget(&s, case).unwrap().unwrap().budget, b);
    let paid: Vec<String> = s
        .ledger(case, 100)
        .unwrap()
        .into_iter()
        .filter_map(|e| e.month)
        .collect();
    assert_eq!(paid.len(), 6);
}

#[test]
fn a_follow_up_schedules_the_next_and_a_closed_case_takes_nothing() {
    let (_d, mut s, case, id) = setup();
    let f = obj(json!({ "due_on": "2026-11-20", "kind": "phone" }));
    let first = follow_ups::schedule(&mut s, case, &f, "anna").unwrap();
    let o = obj(json!({ "done_on": "2026-11-20", "outcome": "ok",
                        "next_due_on": "2026-12-20", "next_kind": "meeting" }));
    let next = follow_ups::record(&mut s, first, &o, today(), "anna")
        .unwrap()
        .unwrap();
    let all = s.follow_ups_for(case).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].id, next);
    assert_eq!(all[1].previous_id, Some(first));
    assert_eq!(all[0].outcome.as_deref(), Some("ok"));
    let doc = obj(json!({ "outcome": "dropped_out", "outcome_date": "2026-11-21" }));
    s.close_case(case, &doc, "dropped_out", today(), "anna", Utc::now())
        .unwrap()
        .unwrap();
    assert_eq!(
        follow_ups::schedule(&mut s, case, &f, "anna")
            .unwrap_err()
            .msg(sportello::i18n::Lang::It)
            .key,
        "case.closed"
    );
    let m = obj(json!({ "month": "2026-05", "hours": 10 }));
    assert_eq!(
        internships::record_month(&mut s, id, &m, today(), "anna")
            .unwrap_err()
            .msg(Lang::It)
            .key,
        "case.closed"
    );
}

#[test]
fn an_internship_edited_meanwhile_by_someone_else_is_not_overwritten() {
    let (_d, mut s, case, id) = setup();
    let opened_before = chrono::Utc::now() - chrono::Duration::seconds(60);
    let mine = obj(json!({ "start_on": "2026-05-04", "monthly_allowance": 50_000, "tutor": "Q" }));
    let m = internships::save(&mut s, case, id, &mine, "marco", Some(opened_before))
        .unwrap_err()
        .msg(Lang::It);
    assert_eq!(m.key, "form.conflict");
    assert!(m.args.iter().any(|(k, v)| k == "by" && v == "anna"));
    assert_eq!(s.internships_for(case).unwrap()[0].tutor, "P");
    internships::save(&mut s, case, id, &mine, "marco", Some(chrono::Utc::now())).unwrap();
    assert_eq!(s.internships_for(case).unwrap()[0].tutor, "Q");
}
