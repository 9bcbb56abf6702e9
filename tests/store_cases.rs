//! Cases: several per person (one open at most), closing and reopening, step forms with
//! their journal lines, the overview derived from the step tables, the timeline, and the
//! case state of register rows.

// Test code: a failed unwrap is a failed test (helpers are not `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::words::Said;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::{Map, Value, json};
use sportello::domain::case::{CaseState, Step, StepStatus, derive_steps};
use sportello::domain::person::{PersonName, PersonRecord, Sex};
use sportello::store::{CaseRefusal, Store};
use uuid::Uuid;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 12, 9, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn person(s: &mut Store) -> (Uuid, Uuid) {
    let mut data = Map::new();
    data.insert("surname".into(), json!("Tesfaye"));
    data.insert("given_names".into(), json!("Yonas"));
    let rec = PersonRecord {
        id: Uuid::now_v7(),
        names: vec![PersonName {
            surname: "Tesfaye".into(),
            given: "Yonas".into(),
            kind: "document".into(),
        }],
        birth_date: NaiveDate::from_ymd_opt(1998, 7, 14),
        sex: Some(Sex::M),
        birth_country: Some("ER".into()),
        tax_code: None,
        phones: vec![],
        permit_number: None,
        permit_expiry: None,
        data,
    };
    let out = s.save_person(&rec, "maria", t0(), None).unwrap();
    (rec.id, out.case_id.unwrap())
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    (dir, store)
}

/// Child rows other parts write, inserted with plain SQL on a second connection.
fn sql(dir: &Path, text: &str) {
    let c = rusqlite::Connection::open(dir.join("t.db")).unwrap();
    c.execute_batch(text).unwrap();
}

fn closure_doc() -> Map<String, Value> {
    obj(json!({ "outcome": "moved_away", "outcome_date": "2026-05-02" }))
}

#[test]
fn the_intake_case_has_its_operator_and_a_second_one_waits_for_the_first_to_close() {
    let (_d, mut s) = temp_store();
    let (p, first) = person(&mut s);
    let c = s.case(first).unwrap().unwrap();
    assert_eq!(c.operator, "maria");
    assert!(c.is_open());
    assert_eq!(
        s.open_case(p, "luca", t0()).unwrap(),
        Err(CaseRefusal::OtherCaseOpen(first))
    );
    assert_eq!(
        s.open_case(Uuid::now_v7(), "luca", t0()).unwrap(),
        Err(CaseRefusal::NotFound)
    );
    let later = t0() + Duration::days(60);
    s.close_case(
        first,
        &closure_doc(),
        "moved_away",
        day(2026, 5, 2),
        "maria",
        later,
    )
    .unwrap()
    .unwrap();
    let second = s
        .open_case(p, "luca", later + Duration::days(1))
        .unwrap()
        .unwrap();
    let cases = s.cases_for(p).unwrap();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0].id, second, "newest first");
    assert_eq!(cases[0].operator, "luca");
    assert_eq!(cases[0].steps[0].status, StepStatus::Done);
    assert_eq!(cases[1].outcome.as_deref(), Some("moved_away"));
    assert_eq!(cases[1].outcome_on, Some(day(2026, 5, 2)));
    // The old one cannot be reopened while the new one is open.
    assert_eq!(
        s.reopen_case(first, "back", None, "maria", later).unwrap(),
        Err(CaseRefusal::OtherCaseOpen(second))
    );
}

#[test]
fn closing_keeps_the_form_and_marks_closure_and_reopening_clears_the_outcome() {
    let (_d, mut s) = temp_store();
    let (_p, case) = person(&mut s);
    let at = t0() + Duration::days(30);
    s.close_case(
        case,
        &closure_doc(),
        "moved_away",
        day(2026, 5, 2),
        "maria",
        at,
    )
    .unwrap()
    .unwrap();
    assert!(!s.case_is_open(case).unwrap());
    let c = s.case(case).unwrap().unwrap();
    assert_eq!(c.closed_at, Some(at));
    assert_eq!(c.steps[7].status, StepStatus::Done);
    assert_eq!(s.case_form(case, "closure").unwrap(), Some(closure_doc()));
    // A closed case refuses changes and a second closure.
    let doc = obj(json!({ "hours_per_week": 10 }));
    assert_eq!(
        s.save_case_form(case, "orientation", Some(Step::Orientation), &doc, "m", at)
            .unwrap(),
        Err(CaseRefusal::Closed)
    );
    assert_eq!(
        s.close_case(case, &closure_doc(), "employed", day(2026, 5, 2), "m", at)
            .unwrap(),
        Err(CaseRefusal::Closed)
    );
    s.reopen_case(
        case,
        "found no work after all",
        Some(day(2026, 6, 1)),
        "luca",
        at,
    )
    .unwrap()
    .unwrap();
    let c = s.case(case).unwrap().unwrap();
    assert!(c.is_open() && c.outcome.is_none() && c.outcome_on.is_none());
    assert_eq!(c.steps[7].status, StepStatus::Todo);
    assert_eq!(
        s.reopen_case(case, "again", None, "luca", at).unwrap(),
        Err(CaseRefusal::AlreadyOpen)
    );
    let lines = s.changes_by_case(case, 200).unwrap();
    let newest = &lines[0];
    assert_eq!(newest.field.as_deref(), Some("reopened"));
    assert_eq!(
        newest.new_value.as_ref().unwrap()["reason"],
        json!("found no work after all")
    );
    assert!(lines.iter().any(|l| l.field.as_deref() == Some("closed")));
    assert!(
        lines.windows(2).all(|w| w[0].seq > w[1].seq),
        "newest first"
    );
}

#[test]
fn step_forms_journal_each_changed_field_on_the_case_timeline() {
    let (_d, mut s) = temp_store();
    let (_p, case) = person(&mut s);
    let doc = obj(json!({ "barrier_language": "high", "hours_per_week": 20 }));
    let changed = s
        .save_case_form(
            case,
            "orientation",
            Some(Step::Orientation),
            &doc,
            "maria",
            t0(),
        )
        .unwrap()
        .unwrap();
    assert_eq!(changed, vec!["barrier_language", "hours_per_week"]);
    let again = obj(json!({ "barrier_language": "low", "hours_per_week": 20 }));
    let changed = s
        .save_case_form(
            case,
            "orientation",
            Some(Step::Orientation),
            &again,
            "maria",
            t0(),
        )
        .unwrap()
        .unwrap();
    assert_eq!(changed, vec!["barrier_language"]);
    let same = s
        .save_case_form(
            case,
            "orientation",
            Some(Step::Orientation),
            &again,
            "maria",
            t0(),
        )
        .unwrap()
        .unwrap();
    assert!(same.is_empty());
    assert_eq!(s.case_form(case, "orientation").unwrap(), Some(again));
    let lines = s.changes_by_case(case, 200).unwrap();
    let form_lines: Vec<_> = lines.iter().filter(|l| l.entity == "orientation").collect();
    assert_eq!(form_lines.len(), 3);
    assert_eq!(
        form_lines[0].field.as_deref(),
        Some("data.barrier_language")
    );
    assert_eq!(form_lines[0].old_value, Some(json!("high")));
    assert_eq!(form_lines[0].new_value, Some(json!("low")));
    assert_eq!(s.changes_by_case(case, 2).unwrap().len(), 2);
    let c = s.case(case).unwrap().unwrap();
    assert_eq!(c.steps[1].status, StepStatus::Done);
    let forms = s.case_forms(case).unwrap();
    assert_eq!(forms.len(), 1);
    assert_eq!(forms[0].updated_by, "maria");
}

#[test]
fn the_overview_reads_every_step_from_its_own_table() {
    let (d, mut s) = temp_store();
    let (_p, case) = person(&mut s);
    let (_, before) = s.case_facts(case).unwrap().unwrap();
    let steps = derive_steps(&before);
    assert!(steps[1..].iter().all(|x| x.status == StepStatus::Todo));
    // The case's id as the store keeps it: its 16 bytes.
    let id = format!("X'{}'", case.simple());
    let at = "2026-03-20T10:00:00.000Z";
    sql(
        d.path(),
        &format!(
            "INSERT INTO partners (id, name, name_key, kind, data, created_at, updated_at)
               VALUES ('p1', 'CPI Lecco', 'cpi lecco', 'cpi', '{{}}', '{at}', '{at}');
             INSERT INTO case_forms VALUES ({id}, 'assessment', '{{}}', '{at}', 'maria');
             INSERT INTO case_forms VALUES ({id}, 'action_plan', '{{\"signed\": true, \"signed_on\": \"2026-03-25\"}}', '{at}', 'maria');
             INSERT INTO plan_actions VALUES ({id}, 0, 'training', 'HACCP', '', '2026-04-01', 'done');
             INSERT INTO plan_actions VALUES ({id}, 1, 'job_search', 'CV', '', '2026-05-01', 'planned');
             INSERT INTO referrals (id, case_id, partner_id, status, created_on, status_on, updated_at)
               VALUES ('r1', {id}, 'p1', 'sent', '2026-03-26', '2026-03-26', '{at}'),
                      ('r2', {id}, 'p1', 'completed', '2026-03-26', '2026-04-26', '{at}');
             INSERT INTO internships (id, case_id, start_on, planned_end_on, status, status_on, data, updated_at)
               VALUES ('i1', {id}, '2026-04-01', '2026-10-01', 'active', '2026-04-01', '{{}}', '{at}');
             INSERT INTO follow_ups (id, case_id, due_on, kind, done_on, updated_at)
               VALUES ('f1', {id}, '2026-07-01', 'phone', NULL, '{at}'),
                      ('f2', {id}, '2026-06-01', 'phone', NULL, '{at}'),
                      ('f3', {id}, '2026-05-01', 'phone', '2026-05-02', '{at}');"
        ),
    );
    let (c, f) = s.case_facts(case).unwrap().unwrap();
    assert_eq!(c.id, case);
    let st: Vec<StepStatus> = derive_steps(&f).iter().map(|x| x.status).collect();
    use StepStatus::*;
    assert_eq!(
        st,
        vec![
            Done, Todo, Done, Done, InProgress, InProgress, InProgress, Todo
        ]
    );
    assert_eq!(f.plan_signed_on, Some(day(2026, 3, 25)));
    assert_eq!((f.plan_actions, f.plan_actions_done), (2, 1));
    assert_eq!(
        f.referrals,
        vec![("completed".to_string(), 1), ("sent".to_string(), 1)]
    );
    assert_eq!(f.internship, Some(("active".into(), Some(day(2026, 4, 1)))));
    assert_eq!((f.follow_ups_pending, f.follow_ups_done), (2, 1));
    assert_eq!(f.follow_up_next_due, Some(day(2026, 6, 1)));
    assert!(s.case_facts(Uuid::now_v7()).unwrap().is_none());
}

#[test]
fn register_rows_learn_the_open_case_step_or_closed() {
    let (_d, mut s) = temp_store();
    let (a, case_a) = person(&mut s);
    let (b, case_b) = person(&mut s);
    s.save_case_form(
        case_a,
        "assessment",
        Some(Step::Assessment),
        &obj(json!({"x": 1})),
        "m",
        t0(),
    )
    .unwrap()
    .unwrap();
    s.close_case(
        case_b,
        &closure_doc(),
        "moved_away",
        day(2026, 5, 2),
        "m",
        t0(),
    )
    .unwrap()
    .unwrap();
    let state = |s: &Store, p: Uuid| {
        let page = s.search("", 0, 10, false).unwrap();
        page.rows.iter().find(|r| r.id == p).unwrap().case
    };
    assert_eq!(state(&s, a), CaseState::Open(Step::Assessment));
    assert_eq!(state(&s, b), CaseState::Closed);
    // A closed case and a newer open one: the open one counts.
    s.open_case(b, "m", t0() + Duration::days(1))
        .unwrap()
        .unwrap();
    assert_eq!(state(&s, b), CaseState::Open(Step::Intake));
}

mod service {
    use super::*;
    use sportello::service::cases;

    #[test]
    fn closing_checks_the_closure_form_and_a_closed_case_refuses_changes() {
        let (_d, mut s) = temp_store();
        let (p, case) = person(&mut s);
        let today = day(2026, 5, 10);
        let employed = obj(json!({ "outcome": "employed", "outcome_date": "2026-05-02" }));
        let err = cases::close_case(&mut s, case, &employed, today, "maria").unwrap_err();
        assert_eq!(err.msg(sportello::i18n::Lang::It).key, "case.invalid");
        assert!(s.case_is_open(case).unwrap());
        let mut full = employed.clone();
        full.insert("contract_type".into(), json!("fixed_term"));
        full.insert("employer".into(), json!("Logistica Adda srl"));
        full.insert("start_date".into(), json!("2026-05-04"));
        cases::close_case(&mut s, case, &full, today, "maria").unwrap();
        let o = cases::overview(&s, case).unwrap();
        assert_eq!(o.person_name, "TESFAYE Yonas");
        assert_eq!(o.steps.len(), 8);
        assert_eq!(o.steps[7].status, StepStatus::Done);
        assert_eq!(o.case.outcome.as_deref(), Some("employed"));
        let doc = obj(json!({ "hours_per_week": 10 }));
        let err = cases::save_step_form(&mut s, case, Step::Orientation, &doc, today, "m");
        assert_eq!(
            err.unwrap_err().msg(sportello::i18n::Lang::It).key,
            "case.closed"
        );
        let err = cases::close_case(&mut s, case, &full, today, "maria").unwrap_err();
        assert_eq!(err.msg(sportello::i18n::Lang::It).key, "case.closed");
        assert_eq!(
            cases::open_case(&mut s, p, "luca")
                .map(|_| ())
                .map_err(|m| m.msg(sportello::i18n::Lang::It).key),
            Ok(())
        );
        assert_eq!(
            cases::reopen_case(&mut s, case, "  ", None, "m")
                .unwrap_err()
                .msg(sportello::i18n::Lang::It)
                .key,
            "case.reason_required"
        );
        assert_eq!(
            cases::reopen_case(&mut s, case, "back", None, "m")
                .unwrap_err()
                .msg(sportello::i18n::Lang::It)
                .key,
            "case.other_open"
        );
    }

    #[test]
    fn the_timeline_is_words_newest_first() {
        let (_d, mut s) = temp_store();
        let (_p, case) = person(&mut s);
        let doc = obj(json!({ "reason": "lost the job", "date": "2026-05-09" }));
        cases::close_case(&mut s, case, &closure_doc(), day(2026, 5, 10), "maria").unwrap();
        cases::reopen_from_doc(&mut s, case, &doc, day(2026, 5, 10), "luca").unwrap();
        let en = sportello::i18n::I18n::new(sportello::i18n::Lang::En);
        let lines = sportello::words::timeline::lines(&cases::timeline(&s, case).unwrap(), &en);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts[0], "Case reopened: lost the job");
        assert_eq!(lines[0].by, "luca");
        assert!(texts.contains(&"Case closed: Moved away"), "{texts:?}");
        // The closure form saved with the closing is that event's detail, not lines of its own.
        let closed = lines
            .iter()
            .find(|l| l.text == "Case closed: Moved away")
            .unwrap();
        let detail: Vec<&str> = closed.changes.iter().map(|c| c.text.as_str()).collect();
        assert!(detail.contains(&"Outcome: Moved away"), "{detail:?}");
        assert!(!texts.iter().any(|t| t.starts_with("Closure")), "{texts:?}");
        // Intake and case opening are the oldest events, one line each.
        assert_eq!(
            texts.last(),
            Some(&"Intake saved: person registered, 2 fields")
        );
        assert!(texts.contains(&"Case opened"), "{texts:?}");
    }
}
