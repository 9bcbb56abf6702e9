use chrono::NaiveDate;
use rusqlite::params;
use serde_json::json;
use uuid::Uuid;

use super::*;
use crate::config::Config;
use crate::domain::agenda::Rules;
use crate::store::codec::{at_text, id as key};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn query(operator: Option<&str>) -> FactQuery {
    FactQuery {
        today: today(),
        rules: Rules::from_config(&Config::default()),
        operator: operator.map(String::from),
        limit: 100,
        window: Window::Upcoming,
        count: true,
    }
}

/// Every window of a rule read and put together, in date order (stale last).
fn facts(s: &Store, kind: Kind, q: &FactQuery) -> KindFacts {
    let mut all = KindFacts {
        kind,
        rows: Vec::new(),
        total: 0,
    };
    for window in [Window::Recent, Window::Upcoming, Window::Stale] {
        let f = s
            .agenda_facts(
                kind,
                &FactQuery {
                    window,
                    ..q.clone()
                },
            )
            .unwrap();
        all.rows.extend(f.rows);
        all.total += f.total;
    }
    all
}

/// A live person with the intake document `data` and an open case owned by `operator`.
fn person(s: &Store, name: &str, data: serde_json::Value, operator: &str) -> (Uuid, Uuid) {
    let id = Uuid::now_v7();
    let case = Uuid::now_v7();
    let seq: i64 = s
        .conn
        .query_row(
            "SELECT coalesce(max(activity_seq), 0) + 1 FROM people",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let at = "2026-11-20T09:00:00.000Z";
    s.conn
        .execute(
            "INSERT INTO people (id, activity_seq, created_at, updated_at, last_activity_at,
                 display_name, birth_date, permit_expiry, data)
             VALUES (?1, ?2, ?3, ?3, ?3, ?4, ?5, ?6, ?7)",
            params![
                key(id),
                seq,
                at_text(at),
                name,
                data.get("birth_date").and_then(|v| v.as_str()),
                data.get("permit_expiry").and_then(|v| v.as_str()),
                data.to_string()
            ],
        )
        .unwrap();
    s.conn
        .execute(
            "INSERT INTO cases (id, person_id, opened_at, operator) VALUES (?1, ?2, ?3, ?4)",
            params![key(case), key(id), at_text(at), operator],
        )
        .unwrap();
    (id, case)
}

fn exec(s: &Store, sql: &str, case: Uuid) {
    s.conn.execute(sql, params![key(case)]).unwrap();
}

fn kinds(s: &Store, q: &FactQuery, kind: Kind) -> Vec<String> {
    facts(s, kind, q)
        .rows
        .into_iter()
        .map(|(subj, _)| subj.person)
        .collect()
}

#[test]
fn every_rule_query_uses_its_partial_index() {
    let s = Store::open_memory().unwrap();
    let expected = [
        (Kind::FollowUp, "follow_ups_pending_by_due"),
        (Kind::Permit, "people_by_permit_expiry"),
        (Kind::Patto, "people_waiting_patto"),
        (Kind::AsylumWork, "people_by_asylum_application"),
        (Kind::UamConversion, "people_uam_by_birth"),
        (Kind::Referral, "referrals_waiting_by_sent"),
        (Kind::Internship, "internships_running_by_end"),
        (Kind::PlanAction, "plan_actions_open_by_due"),
        (Kind::Budget, "case_budget_nearly_used"),
    ];
    for (kind, index) in expected {
        for window in [Window::Recent, Window::Upcoming, Window::Stale] {
            let q = FactQuery {
                window,
                ..query(None)
            };
            let plan = s.agenda_query_plan(kind, &q).unwrap();
            if plan.is_empty() {
                continue;
            }
            let first = plan.lines().next().unwrap_or("");
            assert!(first.contains(index), "{kind:?} {window:?}: {plan}");
            assert!(
                !plan.contains("TEMP B-TREE") || kind == Kind::Budget,
                "{kind:?} {window:?}: {plan}"
            );
        }
    }
}

#[test]
fn people_facts_from_generated_columns() {
    let s = Store::open_memory().unwrap();
    person(
        &s,
        "Permit Soon",
        json!({"permit_expiry": "2026-12-01"}),
        "anna",
    );
    person(
        &s,
        "Permit Far",
        json!({"permit_expiry": "2027-06-01"}),
        "anna",
    );
    person(
        &s,
        "Did Waiting",
        json!({"did_date": "2026-11-01", "on_unemployment_benefit": true}),
        "bruno",
    );
    person(
        &s,
        "Did Signed",
        json!({"did_date": "2026-11-01", "patto_date": "2026-11-05"}),
        "anna",
    );
    person(
        &s,
        "Asylum Now",
        json!({"legal_status": "asylum_applicant", "asylum_application_date": "2026-09-24"}),
        "anna",
    );
    person(
        &s,
        "Asylum Refugee",
        json!({"legal_status": "refugee", "asylum_application_date": "2026-09-24"}),
        "anna",
    );
    person(
        &s,
        "Asylum Old",
        json!({"legal_status": "asylum_applicant", "asylum_application_date": "2025-01-01"}),
        "anna",
    );
    person(
        &s,
        "Uam Soon",
        json!({"arrived_as_uam": true, "birth_date": "2009-01-10"}),
        "anna",
    );
    person(
        &s,
        "Uam No",
        json!({"arrived_as_uam": false, "birth_date": "2009-01-10"}),
        "anna",
    );
    let q = query(None);
    assert_eq!(kinds(&s, &q, Kind::Permit), vec!["Permit Soon"]);
    assert_eq!(kinds(&s, &q, Kind::Patto), vec!["Did Waiting"]);
    let patto = facts(&s, Kind::Patto, &q);
    assert!(matches!(
        patto.rows[0].1,
        Fact::Patto {
            on_benefit: true,
            ..
        }
    ));
    assert_eq!(patto.rows[0].0.operator, "bruno");
    assert_eq!(kinds(&s, &q, Kind::AsylumWork), vec!["Asylum Now"]);
    assert_eq!(kinds(&s, &q, Kind::UamConversion), vec!["Uam Soon"]);
    assert_eq!(
        kinds(&s, &query(Some("anna")), Kind::Patto),
        Vec::<String>::new()
    );
    assert_eq!(
        kinds(&s, &query(Some("bruno")), Kind::Patto),
        vec!["Did Waiting"]
    );
}

#[test]
fn closed_cases_and_deleted_people_are_left_out() {
    let s = Store::open_memory().unwrap();
    let (_, case) = person(&s, "Closed", json!({"permit_expiry": "2026-12-01"}), "");
    exec(
        &s,
        "UPDATE cases SET closed_at = '2026-11-21T00:00:00.000Z' WHERE id = ?1",
        case,
    );
    let (p, _) = person(&s, "Deleted", json!({"permit_expiry": "2026-12-01"}), "");
    s.conn
        .execute(
            "UPDATE people SET deleted_at = '2026-11-21T00:00:00.000Z' WHERE id = ?1",
            params![key(p)],
        )
        .unwrap();
    person(&s, "Open", json!({"permit_expiry": "2026-12-01"}), "");
    let f = facts(&s, Kind::Permit, &query(None));
    assert_eq!(f.total, 1);
    assert_eq!(f.rows.len(), 1);
    assert_eq!(f.rows[0].0.person, "Open");
}

#[test]
fn case_facts_and_limit() {
    let s = Store::open_memory().unwrap();
    let (_, case) = person(&s, "Case Person", json!({}), "anna");
    exec(
        &s,
        "INSERT INTO follow_ups (id, case_id, due_on, kind, updated_at) VALUES
        ('f1', ?1, '2026-11-23', 'call', 'x'), ('f2', ?1, '2026-11-24', 'call', 'x'),
        ('f3', ?1, '2026-11-01', 'call', 'x')",
        case,
    );
    exec(
        &s,
        "UPDATE follow_ups SET done_on = '2026-11-02' WHERE id = 'f3' AND case_id = ?1",
        case,
    );
    s.conn
        .execute_batch(
            "INSERT INTO partners (id, name, name_key, kind, data, created_at, updated_at)
             VALUES ('pa', 'Caritas', 'caritas', 'ngo', '{}', 'x', 'x')",
        )
        .unwrap();
    exec(
        &s,
        "INSERT INTO referrals (id, case_id, partner_id, status, created_on, sent_on,
        status_on, updated_at) VALUES
        ('r1', ?1, 'pa', 'sent', '2026-11-01', '2026-11-12', '2026-11-12', 'x'),
        ('r2', ?1, 'pa', 'sent', '2026-11-01', '2026-11-13', '2026-11-13', 'x'),
        ('r3', ?1, 'pa', 'answered', '2026-11-01', '2026-11-01', '2026-11-02', 'x')",
        case,
    );
    exec(
        &s,
        "INSERT INTO internships (id, case_id, partner_id, start_on, planned_end_on,
        status, data, updated_at) VALUES
        ('i1', ?1, 'pa', '2026-06-01', '2026-12-07', 'active', '{}', 'x'),
        ('i2', ?1, NULL, '2026-06-01', '2026-12-08', 'active', '{}', 'x'),
        ('i3', ?1, NULL, '2026-06-01', '2026-12-01', 'planned', '{}', 'x')",
        case,
    );
    exec(
        &s,
        "INSERT INTO plan_actions (case_id, position, kind, title, due_on, status) VALUES
        (?1, 1, 'course', 'Corso di italiano', '2026-11-22', 'planned'),
        (?1, 2, 'course', 'Oggi', '2026-11-23', 'planned'),
        (?1, 3, 'course', 'Fatto', '2026-11-01', 'done')",
        case,
    );
    exec(
        &s,
        "INSERT INTO case_budget (case_id, line, position, budget_cents, committed_cents)
        VALUES (?1, 'allowance', 1, 100000, 90000), (?1, 'training', 2, 100000, 89999)",
        case,
    );
    let q = query(None);
    let f = facts(&s, Kind::FollowUp, &q);
    assert_eq!(f.total, 1);
    assert!(matches!(f.rows[0].1, Fact::FollowUp { due_on, .. } if due_on == today()));
    let r = facts(&s, Kind::Referral, &q);
    assert_eq!(r.total, 1);
    assert!(matches!(&r.rows[0].1, Fact::Referral { partner, .. } if partner == "Caritas"));
    let i = facts(&s, Kind::Internship, &q);
    assert_eq!(i.total, 1);
    assert!(matches!(&i.rows[0].1, Fact::Internship { partner: Some(p), .. } if p == "Caritas"));
    let a = facts(&s, Kind::PlanAction, &q);
    assert_eq!(a.total, 1);
    assert!(matches!(&a.rows[0].1, Fact::PlanAction { title, .. } if title == "Corso di italiano"));
    let b = facts(&s, Kind::Budget, &q);
    assert_eq!(b.total, 1);
    let mut low = query(None);
    low.rules.budget_alert_percent = 50;
    assert_eq!(facts(&s, Kind::Budget, &low).total, 2);
    // the limit caps rows, not the count
    exec(
        &s,
        "INSERT INTO follow_ups (id, case_id, due_on, kind, updated_at) VALUES
        ('f4', ?1, '2026-11-20', 'call', 'x'), ('f5', ?1, '2026-11-21', 'call', 'x')",
        case,
    );
    let small = FactQuery {
        limit: 1,
        window: Window::Recent,
        ..query(None)
    };
    let f = s.agenda_facts(Kind::FollowUp, &small).unwrap();
    assert_eq!((f.rows.len(), f.total), (1, 2));
    assert!(matches!(f.rows[0].1, Fact::FollowUp { due_on, .. } if due_on == d(2026, 11, 20)));
}

#[test]
fn operators_of_open_cases() {
    let s = Store::open_memory().unwrap();
    person(&s, "A", json!({}), "bruno");
    person(&s, "B", json!({}), "anna");
    let (_, c) = person(&s, "C", json!({}), "carla");
    exec(&s, "UPDATE cases SET closed_at = 'x' WHERE id = ?1", c);
    assert_eq!(s.open_case_operators().unwrap(), vec!["anna", "bruno"]);
}

#[test]
fn counts_stop_at_the_cap() {
    let s = Store::open_memory().unwrap();
    let (_, case) = person(&s, "Many", json!({}), "");
    exec(
        &s,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
         INSERT INTO follow_ups (id, case_id, due_on, kind, updated_at)
         SELECT 'f' || i, ?1, '2026-11-01', 'call', 'x' FROM n",
        case,
    );
    let recent = FactQuery {
        window: Window::Recent,
        ..query(None)
    };
    let f = s.agenda_facts(Kind::FollowUp, &recent).unwrap();
    assert_eq!((f.rows.len(), f.total), (100, FACT_COUNT_CAP));
    // A first screen's read counts nothing past its rows.
    let quick = FactQuery {
        count: false,
        ..recent
    };
    let f = s.agenda_facts(Kind::FollowUp, &quick).unwrap();
    assert_eq!((f.rows.len(), f.total), (100, 100));
}
