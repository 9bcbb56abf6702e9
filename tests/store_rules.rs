//! The programme's rules on money and internships, through the services on a real file: one
//! test per thing the desk saw accepted that it must refuse (issue 10), each refusal with its
//! figures in the operator's language and nothing written; and a property test over random
//! sequences of commitments, payments, attendance and changes of state.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use sportello::domain::internship::Status;
use sportello::domain::money::OpKind;
use sportello::i18n::{I18n, Lang};
use sportello::service::people::save_intake;
use sportello::service::{internships, plan};
use sportello::store::Store;
use sportello::words::Said;
use uuid::Uuid;

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A person with an open case and the shipped programmes; nothing signed, nothing enrolled.
fn person(s: &mut Store) -> Uuid {
    let person = Uuid::now_v7();
    let doc = obj(
        json!({ "surname": "Haile", "given_names": "Ruth", "sex": "F",
        "birth_date": "1996-02-03", "birth_country": "ER", "legal_status": "refugee" }),
    );
    save_intake(s, person, doc, "anna", None).unwrap();
    plan::ensure_programmes(s, "anna").unwrap();
    s.cases_for(person).unwrap()[0].id
}

fn sign_pai(s: &mut Store, case: Uuid) {
    let pai = obj(json!({ "goals": "Lavoro", "signed": true, "signed_on": "2026-02-20" }));
    plan::save_plan(s, case, &pai, d(2026, 3, 1), "anna", None).unwrap();
}

/// A signed PAI, PUOI, and an internship of 20 hours a week at €500 a month from 02/03/2026.
fn internship(s: &mut Store) -> (Uuid, Uuid) {
    let case = person(s);
    sign_pai(s, case);
    plan::enrol(s, case, "puoi", "anna").unwrap();
    let id = Uuid::now_v7();
    let i = obj(json!({ "start_on": "2026-03-02", "weekly_hours": 20,
                        "monthly_allowance": 50_000, "tutor": "P" }));
    internships::save(s, case, id, &i, "anna", None).unwrap();
    (case, id)
}

fn words(m: &sportello::i18n::Msg, lang: Lang) -> String {
    I18n::new(lang).msg(m)
}

fn attend(
    s: &mut Store,
    id: Uuid,
    month: &str,
    hours: i64,
    today: NaiveDate,
) -> Result<(), String> {
    let m = obj(json!({ "month": month, "hours": hours }));
    internships::record_month(s, id, &m, today, "anna")
        .map_err(|e| words(&e.msg(Lang::En), Lang::En))
}

fn pay(
    s: &mut Store,
    id: Uuid,
    month: &str,
    cents: i64,
    on: &str,
    today: NaiveDate,
) -> Result<(), String> {
    let p = obj(json!({ "month": month, "amount": cents, "on_date": on }));
    internships::pay_month(s, id, &p, today, "anna")
        .map(|_| ())
        .map_err(|e| words(&e.msg(Lang::En), Lang::En))
}

fn paid(s: &Store, case: Uuid) -> i64 {
    plan::budget(s, case).unwrap().unwrap().budget.paid()
}

#[test]
fn the_same_internship_month_is_paid_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let (case, id) = internship(&mut s);
    let today = d(2026, 4, 10);
    attend(&mut s, id, "2026-03", 80, today).unwrap();
    pay(&mut s, id, "2026-03", 50_000, "2026-04-05", today).unwrap();
    let again = pay(&mut s, id, "2026-03", 50_000, "2026-04-06", today).unwrap_err();
    assert!(
        again.contains("03/2026") && again.contains("paid once"),
        "{again}"
    );
    // €1,000 for one month of a €500 internship, in one payment, is refused too.
    attend(&mut s, id, "2026-04", 20, today).unwrap();
    let double = pay(&mut s, id, "2026-04", 100_000, "2026-04-10", today).unwrap_err();
    assert!(
        double.contains("€1,000.00") && double.contains("€500.00"),
        "{double}"
    );
    assert_eq!(paid(&s, case), 50_000);
    let rows = s.ledger(case, 100).unwrap();
    assert_eq!(rows.iter().filter(|r| r.kind == OpKind::Pay).count(), 1);
}

#[test]
fn a_month_is_never_paid_before_it_begins_nor_without_its_attendance() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let (case, id) = internship(&mut s);
    let today = d(2026, 4, 10);
    // March has begun but has no attendance.
    let none = pay(&mut s, id, "2026-03", 50_000, "2026-04-05", today).unwrap_err();
    assert!(none.contains("Record the attendance of 03/2026"), "{none}");
    // May has not begun: in advance.
    let ahead = pay(&mut s, id, "2026-05", 50_000, "2026-04-10", today).unwrap_err();
    assert!(
        ahead.contains("05/2026") && ahead.contains("01/05/2026"),
        "{ahead}"
    );
    // Nor may attendance be recorded for it.
    assert!(attend(&mut s, id, "2026-05", 10, today).is_err());
    assert_eq!(paid(&s, case), 0);
    assert!(s.ledger(case, 10).unwrap().is_empty());
    assert!(s.internship_months(id).unwrap().is_empty());
}

#[test]
fn eighty_hours_for_a_month_on_its_third_day_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let (_case, id) = internship(&mut s);
    let third = d(2026, 4, 3);
    let e = attend(&mut s, id, "2026-04", 80, third).unwrap_err();
    assert!(
        e.contains("80 h ") && e.contains("at most 9") && e.contains("3 days"),
        "{e}"
    );
    assert!(s.internship_months(id).unwrap().is_empty());
    attend(&mut s, id, "2026-04", 9, third).unwrap();
    // A whole month of 20 h a week holds 86 hours (30 days), not 87.
    assert!(attend(&mut s, id, "2026-04", 87, d(2026, 5, 2)).is_err());
    attend(&mut s, id, "2026-04", 86, d(2026, 5, 2)).unwrap();
    assert_eq!(s.internship_months(id).unwrap()[0].hours, 86);
}

#[test]
fn an_internship_is_not_active_before_its_start_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let (case, id) = internship(&mut s);
    let st = obj(json!({ "status": "active", "on_date": "2026-02-27" }));
    let e = internships::change_status(&mut s, id, &st, d(2026, 2, 27), "anna").unwrap_err();
    let it = words(&e.msg(Lang::It), Lang::It);
    assert!(it.contains("02/03/2026"), "{it}");
    assert_eq!(s.internships_for(case).unwrap()[0].status, Status::Planned);
    let st = obj(json!({ "status": "active", "on_date": "2026-03-02" }));
    internships::change_status(&mut s, id, &st, d(2026, 3, 2), "anna").unwrap();
    assert_eq!(s.internships_for(case).unwrap()[0].status, Status::Active);
}

#[test]
fn no_enrolment_nor_commitment_without_a_signed_pai() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let case = person(&mut s);
    let e = plan::enrol(&mut s, case, "puoi", "anna").unwrap_err();
    let en = words(&e.msg(Lang::En), Lang::En);
    assert!(en.contains("PAI signed"), "{en}");
    assert!(plan::budget(&s, case).unwrap().is_none());
    // A PAI saved but not signed is not enough.
    let unsigned = obj(json!({ "goals": "Lavoro", "signed": false }));
    plan::save_plan(&mut s, case, &unsigned, d(2026, 3, 1), "anna", None).unwrap();
    assert!(plan::enrol(&mut s, case, "puoi", "anna").is_err());
    sign_pai(&mut s, case);
    plan::enrol(&mut s, case, "puoi", "anna").unwrap();
    let c = plan::move_money(
        &mut s,
        case,
        &plan::Entry {
            kind: OpKind::Commit,
            line: "operator_services",
            on: d(2026, 3, 2),
            note: "",
        },
        200_000,
        "anna",
    );
    assert!(c.is_ok());
}

#[test]
fn a_stored_programme_without_rules_refuses_money_without_a_signed_pai() {
    // An enrolment made before the rules existed (the stored programme has no `rules`)
    // is held to the strictest: no commitment without a signed PAI.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut s = Store::open(&path).unwrap();
    let case = person(&mut s);
    sign_pai(&mut s, case);
    plan::enrol(&mut s, case, "puoi", "anna").unwrap();
    let unsigned = obj(json!({ "goals": "Lavoro", "signed": false }));
    plan::save_plan(&mut s, case, &unsigned, d(2026, 3, 1), "anna", None).unwrap();
    let e = plan::move_money(
        &mut s,
        case,
        &plan::Entry {
            kind: OpKind::Commit,
            line: "operator_services",
            on: d(2026, 3, 2),
            note: "",
        },
        200_000,
        "anna",
    )
    .unwrap_err();
    assert_eq!(e.msg(Lang::It).key, "plan.rules.pai_not_signed");
    assert_eq!(
        plan::budget(&s, case).unwrap().unwrap().budget.committed(),
        0
    );
}

#[test]
fn puoi_plus_asks_twenty_hours_of_preliminary_activities_before_the_internship_starts() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let case = person(&mut s);
    sign_pai(&mut s, case);
    plan::enrol(&mut s, case, "puoi_plus", "anna").unwrap();
    let id = Uuid::now_v7();
    let i = obj(json!({ "start_on": "2026-03-02", "weekly_hours": 20, "tutor": "P" }));
    internships::save(&mut s, case, id, &i, "anna", None).unwrap();
    let start = obj(json!({ "status": "active", "on_date": "2026-03-02" }));
    let hours = |s: &mut Store, kind, line: &str, h: i64| {
        plan::log_hours(
            s,
            case,
            &plan::Entry {
                kind,
                line,
                on: d(2026, 2, 25),
                note: "",
            },
            h * 60,
            "anna",
        )
        .unwrap();
    };
    hours(&mut s, OpKind::Commit, "specialised_orientation", 16);
    hours(&mut s, OpKind::Pay, "specialised_orientation", 16);
    let e = internships::change_status(&mut s, id, &start, d(2026, 3, 2), "anna").unwrap_err();
    let en = words(&e.msg(Lang::En), Lang::En);
    assert!(en.contains("20 hours") && en.contains("16 done"), "{en}");
    assert_eq!(s.internships_for(case).unwrap()[0].status, Status::Planned);
    hours(&mut s, OpKind::Commit, "job_search", 4);
    hours(&mut s, OpKind::Pay, "job_search", 4);
    internships::change_status(&mut s, id, &start, d(2026, 3, 2), "anna").unwrap();
    assert_eq!(s.internships_for(case).unwrap()[0].status, Status::Active);
}

/// One step of the property test.
#[derive(Debug, Clone)]
enum Step {
    Commit(usize, i64),
    Release(usize, i64),
    PayLine(usize, i64),
    Attend(u32, i64),
    PayMonth(u32, i64),
    Move(usize),
    Sign(bool),
}

const LINES: [&str; 3] = ["trainee_allowance", "company_tutoring", "operator_services"];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0usize..3, 1i64..250_000).prop_map(|(l, c)| Step::Commit(l, c)),
        (0usize..3, 1i64..100_000).prop_map(|(l, c)| Step::Release(l, c)),
        (0usize..3, 1i64..100_000).prop_map(|(l, c)| Step::PayLine(l, c)),
        (3u32..10, 0i64..100).prop_map(|(m, h)| Step::Attend(m, h)),
        (2u32..10, prop_oneof![Just(50_000i64), 1i64..120_000])
            .prop_map(|(m, c)| Step::PayMonth(m, c)),
        (0usize..5).prop_map(Step::Move),
        any::<bool>().prop_map(Step::Sign),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn no_sequence_breaks_the_money_rules_nor_pays_a_month_twice(
        steps in proptest::collection::vec(step(), 1..30)
    ) {
        let mut s = Store::open_memory().unwrap();
        let (case, id) = internship(&mut s);
        let today = d(2026, 7, 15);
        for st in &steps {
            let on = d(2026, 7, 1);
            match st {
                Step::Commit(l, c) => {
                    let e = plan::Entry { kind: OpKind::Commit, line: LINES[*l], on, note: "" };
                    let _ = plan::move_money(&mut s, case, &e, *c, "a");
                }
                Step::Release(l, c) => {
                    let e = plan::Entry { kind: OpKind::Release, line: LINES[*l], on, note: "" };
                    let _ = plan::move_money(&mut s, case, &e, *c, "a");
                }
                Step::PayLine(l, c) => {
                    let _ = plan::pay(&mut s, case, LINES[*l], *c, on, "", "a");
                }
                Step::Attend(m, h) => {
                    let _ = attend(&mut s, id, &format!("2026-{m:02}"), *h, today);
                }
                Step::PayMonth(m, c) => {
                    let _ = pay(&mut s, id, &format!("2026-{m:02}"), *c, "2026-07-10", today);
                }
                Step::Move(k) => {
                    let to = Status::ALL[*k].code();
                    let doc = obj(json!({ "status": to, "on_date": "2026-07-01", "reason": "r" }));
                    let _ = internships::change_status(&mut s, id, &doc, today, "a");
                }
                Step::Sign(signed) => {
                    let pai = obj(json!({ "goals": "L", "signed": signed, "signed_on": "2026-02-20" }));
                    let _ = plan::save_plan(&mut s, case, &pai, today, "a", None);
                }
            }
            let b = plan::budget(&s, case).unwrap().unwrap().budget;
            prop_assert!(b.is_consistent(), "{b:?}");
            prop_assert!(b.lines.iter().all(|l| 0 <= l.paid && l.paid <= l.committed && l.committed <= l.budget));
            prop_assert!(b.paid() <= b.committed() && b.committed() <= b.total);
            let ledger = s.ledger(case, 1000).unwrap();
            // The running figures are the ledger's sums.
            for l in &b.lines {
                let sum = |k: OpKind| ledger.iter().filter(|e| e.line == l.code && e.kind == k).map(|e| e.cents).sum::<i64>();
                prop_assert_eq!(l.paid, sum(OpKind::Pay));
                prop_assert_eq!(l.committed, sum(OpKind::Commit) - sum(OpKind::Release));
            }
            // Every allowance payment names its month, once, with the month's attendance.
            let months: Vec<String> = ledger.iter().filter(|e| e.kind == OpKind::Pay && e.line == "trainee_allowance")
                .map(|e| e.month.clone().unwrap_or_default()).collect();
            let mut unique = months.clone();
            unique.sort();
            unique.dedup();
            prop_assert_eq!(unique.len(), months.len(), "{:?}", months);
            let recorded: Vec<String> = s.internship_months(id).unwrap().into_iter().map(|m| m.month).collect();
            prop_assert!(months.iter().all(|m| recorded.contains(m)));
            prop_assert!(ledger.iter().filter(|e| e.kind == OpKind::Pay && e.line == "trainee_allowance").all(|e| e.cents <= 50_000));
        }
    }
}
