//! Partners and referrals on a real file: the lifecycle with its dates, refusals that change
//! nothing, a closed case, the network's figures, the partner search.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, Utc};
use serde_json::{Map, Value, json};
use sportello::domain::referral::Status;
use sportello::service::people::save_intake;
use sportello::service::referrals;
use sportello::store::{ReferralRefusal, Store};
use sportello::words::Said;
use uuid::Uuid;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn setup() -> (tempfile::TempDir, Store, Uuid, Uuid, Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let person = Uuid::now_v7();
    let doc = obj(json!({ "surname": "Ali", "given_names": "Sara", "sex": "F",
        "birth_date": "1999-01-01", "birth_country": "SO", "legal_status": "refugee",
        "consent_given": true,
        "consent_date": "2026-01-01", "consent_scopes": ["processing", "network_sharing"] }));
    save_intake(&mut s, person, doc, "anna", None).unwrap();
    let case = s.cases_for(person).unwrap()[0].id;
    let (cpia, cpi) = (Uuid::now_v7(), Uuid::now_v7());
    let p = obj(json!({ "name": "CPIA Lecco", "kind": "language_school", "territory": "Lecco" }));
    referrals::save_partner(&mut s, cpia, &p, "anna").unwrap();
    let p =
        obj(json!({ "name": "Centro per l'Impiego", "kind": "job_centre", "territory": "Merate" }));
    referrals::save_partner(&mut s, cpi, &p, "anna").unwrap();
    (dir, s, case, cpia, cpi)
}

#[test]
fn a_referral_goes_through_its_lifecycle_with_dates_and_refusals_change_nothing() {
    let (_d, mut s, case, cpia, cpi) = setup();
    let doc = obj(
        json!({ "partner": cpia.to_string(), "service": "language_course",
                          "reason": "Italiano A2" }),
    );
    let id = referrals::create(&mut s, case, &doc, day(1), "anna").unwrap();
    let mv = |s: &mut Store, to: Status, on: NaiveDate| {
        s.move_referral(id, to, on, "", day(20), "anna", Utc::now())
            .unwrap()
    };
    assert!(mv(&mut s, Status::Sent, day(2)).is_ok());
    assert!(matches!(
        mv(&mut s, Status::Completed, day(3)),
        Err(ReferralRefusal::Move(_))
    ));
    assert!(matches!(
        mv(&mut s, Status::Accepted, day(1)),
        Err(ReferralRefusal::Move(_))
    ));
    assert!(matches!(
        mv(&mut s, Status::Accepted, day(21)),
        Err(ReferralRefusal::Move(_))
    ));
    assert!(mv(&mut s, Status::Accepted, day(9)).is_ok());
    let r = &s.referrals_for(case).unwrap()[0];
    assert_eq!(
        (r.status, r.sent_on, r.answered_on),
        (Status::Accepted, Some(day(2)), Some(day(9)))
    );
    let events = s.referral_events(id).unwrap();
    let states: Vec<Status> = events.iter().map(|e| e.status).collect();
    assert_eq!(states, [Status::Drafted, Status::Sent, Status::Accepted]);
    // A second referral, waiting; a third declined.
    let doc2 = obj(json!({ "partner": cpi.to_string(), "service": "job_placement" }));
    let waiting = referrals::create(&mut s, case, &doc2, day(1), "anna").unwrap();
    s.move_referral(
        waiting,
        Status::Sent,
        day(3),
        "",
        day(20),
        "anna",
        Utc::now(),
    )
    .unwrap()
    .unwrap();
    let declined = referrals::create(&mut s, case, &doc2, day(1), "anna").unwrap();
    s.move_referral(
        declined,
        Status::Sent,
        day(3),
        "",
        day(20),
        "anna",
        Utc::now(),
    )
    .unwrap()
    .unwrap();
    s.move_referral(
        declined,
        Status::Declined,
        day(5),
        "full",
        day(20),
        "anna",
        Utc::now(),
    )
    .unwrap()
    .unwrap();
    let figures = s.network_figures().unwrap();
    let f = &figures[&cpia];
    assert_eq!(
        (f.sent, f.accepted, f.declined, f.waiting, f.median_days),
        (1, 1, 0, 0, Some(7))
    );
    let f = &figures[&cpi];
    assert_eq!(
        (f.sent, f.accepted, f.declined, f.waiting, f.median_days),
        (2, 0, 1, 1, Some(2))
    );
    // Every change is on the case's timeline.
    let lines = s.changes_by_case(case, 100).unwrap();
    assert!(lines.iter().filter(|l| l.entity == "referral").count() >= 6);
}

#[test]
fn a_closed_case_takes_no_referral_and_partners_are_found_by_any_word() {
    let (_d, mut s, case, cpia, _) = setup();
    let doc = obj(json!({ "outcome": "moved_away", "outcome_date": "2026-11-02" }));
    s.close_case(case, &doc, "moved_away", day(2), "anna", Utc::now())
        .unwrap()
        .unwrap();
    let r = obj(json!({ "partner": cpia.to_string(), "service": "language_course" }));
    assert_eq!(
        referrals::create(&mut s, case, &r, day(3), "anna")
            .unwrap_err()
            .msg(sportello::i18n::Lang::It)
            .key,
        "case.closed"
    );
    let names = |q: &str| -> Vec<String> {
        s.find_partners(q, &[], 10)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    assert_eq!(names("lecco"), ["CPIA Lecco"]);
    assert_eq!(names("imp mer"), ["Centro per l'Impiego"]);
    assert_eq!(names("").len(), 2);
    assert!(names("xyz").is_empty());
}

#[test]
fn without_consent_to_share_nothing_goes_to_a_partner() {
    let (_d, mut s, case, cpia, _) = setup();
    let r = obj(json!({ "partner": cpia.to_string(), "service": "language_course" }));
    let id = referrals::create(&mut s, case, &r, day(1), "anna").unwrap();
    // The person withdraws consent to sharing (the intake is edited, and journaled).
    let person = s.case(case).unwrap().unwrap().person_id;
    let mut doc = s.person(person).unwrap().unwrap().record.data;
    doc.insert("consent_scopes".into(), json!(["processing"]));
    save_intake(&mut s, person, doc, "anna", None).unwrap();
    let send = obj(json!({ "status": "sent", "on_date": "2026-11-02" }));
    let refused = referrals::change_status(&mut s, id, &send, day(20), "anna");
    assert_eq!(
        refused.unwrap_err().msg(sportello::i18n::Lang::En).key,
        "referral.no_consent"
    );
    assert_eq!(
        referrals::create(&mut s, case, &r, day(2), "anna")
            .unwrap_err()
            .msg(sportello::i18n::Lang::It)
            .key,
        "referral.no_consent"
    );
    assert_eq!(s.referrals_for(case).unwrap()[0].status, Status::Drafted);
    let journal = s.journal_for("person", person).unwrap();
    assert!(
        journal
            .iter()
            .any(|j| j.field.as_deref() == Some("data.consent_scopes"))
    );
}
