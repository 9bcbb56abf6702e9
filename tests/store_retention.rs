//! Retention: cases closed before the cutoff are listed oldest first, with whether the person
//! still has an open case; recent closures and open cases are not.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::json;
use sportello::service::people::save_intake;
use sportello::store::Store;
use uuid::Uuid;

#[test]
fn closed_cases_past_retention_are_listed_and_nothing_else() {
    let mut s = Store::open_memory().unwrap();
    let person = |s: &mut Store, given: &str| {
        let id = Uuid::now_v7();
        let doc = json!({ "surname": "Ali", "given_names": given, "sex": "F",
            "birth_date": "1990-01-01", "birth_country": "SO",
            "legal_status": "italian_citizen", "consent_given": false });
        save_intake(s, id, doc.as_object().cloned().unwrap(), "anna", None).unwrap();
        (id, s.cases_for(id).unwrap()[0].id)
    };
    let close = |s: &mut Store, case: Uuid, y: i32| {
        let doc = json!({ "outcome": "moved_away", "outcome_date": format!("{y}-03-01") });
        let at = Utc.with_ymd_and_hms(y, 3, 1, 10, 0, 0).unwrap();
        let on = NaiveDate::from_ymd_opt(y, 3, 1).unwrap();
        s.close_case(case, doc.as_object().unwrap(), "moved_away", on, "anna", at)
            .unwrap()
            .unwrap();
    };
    let (_, old) = person(&mut s, "Old");
    close(&mut s, old, 2018);
    let (back, older) = person(&mut s, "Back");
    close(&mut s, older, 2017);
    // Came back: a new case is open for the same person.
    s.open_case(back, "anna", Utc::now()).unwrap().unwrap();
    let (_, recent) = person(&mut s, "Recent");
    close(&mut s, recent, 2025);
    let (_, _open) = person(&mut s, "Open");

    let cutoff = Utc.with_ymd_and_hms(2021, 11, 23, 0, 0, 0).unwrap();
    let (rows, total) = s.closed_before(cutoff, 10).unwrap();
    assert_eq!(total, 2);
    let ids: Vec<Uuid> = rows.iter().map(|r| r.case_id).collect();
    assert_eq!(ids, [older, old]);
    assert!(rows[0].person_active && !rows[1].person_active);
    assert_eq!(rows[1].outcome.as_deref(), Some("moved_away"));
}
