//! The endowment's money through the service layer on a real database file: enrolment,
//! commitments, payments, hours, refusals that change nothing, a closed case that takes no
//! money, and the journal lines on the case's timeline.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::inconsistent_digit_grouping)] // euros_cents

use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use sportello::domain::money::{OpKind, Refusal};
use sportello::service::outcome::{Failure, PlanRefusal, Reason};
use sportello::service::people::save_intake;
use sportello::service::plan;
use sportello::store::Store;
use sportello::words::Said;
use uuid::Uuid;

fn person_with_case(s: &mut Store) -> Uuid {
    let id = Uuid::now_v7();
    let doc: Map<String, Value> = serde_json::from_value(json!({
        "surname": "Tesfaye", "given_names": "Yonas", "sex": "M",
        "birth_date": "1998-07-14", "birth_country": "ER", "legal_status": "refugee"
    }))
    .unwrap();
    save_intake(s, id, doc, "anna", None).unwrap();
    s.cases_for(id).unwrap()[0].id
}

/// The person signs the PAI (PUOI asks it before money moves).
fn sign_pai(s: &mut Store, case: Uuid) {
    let pai = serde_json::from_value(json!({
        "goals": "Lavoro", "signed": true, "signed_on": "2026-10-30"
    }))
    .unwrap();
    plan::save_plan(s, case, &pai, day(1), "anna", None).unwrap();
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

#[test]
fn money_moves_within_the_rules_and_a_refusal_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    assert_eq!(plan::ensure_programmes(&mut s, "anna").unwrap(), 2);
    assert_eq!(plan::ensure_programmes(&mut s, "anna").unwrap(), 0);
    let case = person_with_case(&mut s);
    let err = plan::move_money(
        &mut s,
        case,
        &plan::Entry {
            kind: OpKind::Commit,
            line: "operator_services",
            on: day(1),
            note: "",
        },
        100,
        "anna",
    );
    assert!(matches!(
        err,
        Err(Failure::Refused(Reason::Plan(PlanRefusal::NotEnrolled)))
    ));
    sign_pai(&mut s, case);
    plan::enrol(&mut s, case, "puoi", "anna").unwrap();
    plan::move_money(
        &mut s,
        case,
        &plan::Entry {
            kind: OpKind::Commit,
            line: "trainee_allowance",
            on: day(2),
            note: "",
        },
        300_000,
        "anna",
    )
    .unwrap();
    // The allowance is paid month by month from the internship, never from the plan.
    let by_month = plan::pay(
        &mut s,
        case,
        "trainee_allowance",
        50_000,
        day(3),
        "novembre",
        "anna",
    );
    assert!(matches!(
        by_month,
        Err(Failure::Refused(Reason::Money {
            refusal: Refusal::AllowanceByMonth { .. },
            ..
        }))
    ));
    plan::move_money(
        &mut s,
        case,
        &plan::Entry {
            kind: OpKind::Commit,
            line: "company_tutoring",
            on: day(3),
            note: "",
        },
        50_000,
        "anna",
    )
    .unwrap();
    plan::pay(
        &mut s,
        case,
        "company_tutoring",
        50_000,
        day(3),
        "novembre",
        "anna",
    )
    .unwrap();
    let before = plan::budget(&s, case).unwrap().unwrap().budget;
    let ledger_before = s.ledger(case, 100).unwrap().len();
    let refused = plan::move_money(
        &mut s,
        case,
        &plan::Entry {
            kind: OpKind::Commit,
            line: "trainee_allowance",
            on: day(4),
            note: "",
        },
        12_000,
        "anna",
    )
    .unwrap_err();
    match &refused {
        Failure::Refused(Reason::Money { .. }) => {
            let m = refused.msg(sportello::i18n::Lang::It);
            assert_eq!(m.key, "plan.refused.line");
            assert!(
                m.args
                    .iter()
                    .any(|(k, v)| k == "line" && v == "Indennità di tirocinio")
            );
            assert!(m.args.iter().any(|(k, v)| k == "over" && v == "€ 120,00"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        plan::pay(&mut s, case, "company_tutoring", 1, day(4), "", "anna"),
        Err(Failure::Refused(Reason::Money { .. }))
    ));
    assert!(matches!(
        plan::enrol(&mut s, case, "puoi_plus", "anna"),
        Err(Failure::Refused(Reason::Plan(PlanRefusal::MoneyMoved)))
    ));
    let after = plan::budget(&s, case).unwrap().unwrap();
    assert_eq!(after.budget, before);
    assert_eq!(s.ledger(case, 100).unwrap().len(), ledger_before);
    assert_eq!(
        (
            after.budget.committed(),
            after.budget.paid(),
            after.budget.left()
        ),
        (350_000, 50_000, 244_000)
    );
    assert_eq!(
        plan::allowance_line(&s, case).unwrap().as_deref(),
        Some("trainee_allowance")
    );
    let paid = &s.ledger(case, 100).unwrap()[0];
    assert_eq!(
        (paid.kind, paid.cents, paid.line.as_str()),
        (OpKind::Pay, 50_000, "company_tutoring")
    );
    // The journal lines are on the case's timeline.
    let lines = s.journal_for("ledger", paid.id).unwrap();
    assert_eq!(lines.len(), 1);
}

#[test]
fn hours_are_costed_at_the_unit_cost_and_the_total_caps_the_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    plan::ensure_programmes(&mut s, "anna").unwrap();
    let case = person_with_case(&mut s);
    sign_pai(&mut s, case);
    plan::enrol(&mut s, case, "puoi_plus", "anna").unwrap();
    let b = plan::log_hours(
        &mut s,
        case,
        &plan::Entry {
            kind: OpKind::Commit,
            line: "specialised_orientation",
            on: day(5),
            note: "",
        },
        16 * 60,
        "anna",
    )
    .unwrap();
    assert_eq!(b.line("specialised_orientation").unwrap().committed, 851_36);
    assert!(matches!(
        plan::log_hours(
            &mut s,
            case,
            &plan::Entry {
                kind: OpKind::Commit,
                line: "specialised_orientation",
                on: day(5),
                note: ""
            },
            1,
            "anna"
        ),
        Err(Failure::Refused(Reason::Money { .. }))
    ));
    assert!(matches!(
        plan::log_hours(
            &mut s,
            case,
            &plan::Entry {
                kind: OpKind::Commit,
                line: "trainee_allowance",
                on: day(5),
                note: ""
            },
            60,
            "anna"
        ),
        Err(Failure::Refused(Reason::Plan(PlanRefusal::NotHours(_))))
    ));
    let b = plan::log_hours(
        &mut s,
        case,
        &plan::Entry {
            kind: OpKind::Pay,
            line: "specialised_orientation",
            on: day(6),
            note: "",
        },
        90,
        "anna",
    )
    .unwrap();
    assert_eq!(b.line("specialised_orientation").unwrap().paid, 79_82); // 1.5 h at 53.21 = 79.815
}
