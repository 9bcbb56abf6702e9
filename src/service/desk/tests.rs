use chrono::NaiveDate;
use serde_json::json;
use uuid::Uuid;

use super::{Access, Clock, Desk};
use crate::service::people::save_intake;
use crate::store::{Role, Store};

fn desk_on(day: NaiveDate) -> (Desk, Uuid) {
    let mut store = Store::open_memory().unwrap();
    let id = Uuid::now_v7();
    let doc = json!({ "surname": "Haile", "given_names": "Selam" });
    save_intake(
        &mut store,
        id,
        doc.as_object().cloned().unwrap(),
        "maria",
        None,
    )
    .unwrap();
    (
        Desk::as_operator(store, "anna", Role::Operator, Clock::on(day)),
        id,
    )
}

#[test]
fn a_fixed_clock_gives_its_day_and_instant() {
    let day = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    let (mut desk, _) = desk_on(day);
    assert_eq!(desk.today(), day);
    assert_eq!(desk.now().date_naive(), day);
    let later = NaiveDate::from_ymd_opt(2027, 1, 2).unwrap();
    desk.set_clock(Clock::on(later));
    assert_eq!(desk.today(), later);
}

#[test]
fn opening_a_person_writes_the_audit_line_as_the_operator_at_the_clock() {
    let day = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    let (mut desk, id) = desk_on(day);
    let opened = desk.open_person(id, Access::View).unwrap().unwrap();
    assert_eq!(opened.person.record.id, id);
    assert_eq!(opened.cases.len(), 1, "an intake opens a case");
    desk.open_person(id, Access::Export).unwrap().unwrap();
    let audit = desk.store.audit_for("person", id).unwrap();
    let read: Vec<(&str, &str)> = audit
        .iter()
        .filter(|e| e.action != "change")
        .map(|e| (e.action.as_str(), e.operator.as_str()))
        .collect();
    assert_eq!(read, [("view", "anna"), ("export", "anna")]);
    let at = &audit.last().unwrap().at;
    assert!(
        at.starts_with("2026-03-09"),
        "written at the clock's time: {at}"
    );
}

#[test]
fn a_missing_person_opens_as_none() {
    let (mut desk, _) = desk_on(NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
    assert!(
        desk.open_person(Uuid::now_v7(), Access::View)
            .unwrap()
            .is_none()
    );
}

#[test]
fn verbs_write_as_the_desk_operator_at_its_clock() {
    let (mut desk, id) = desk_on(NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
    let case = desk.store.cases_for(id).unwrap()[0].id;
    let doc = json!({ "due_on": "2026-04-01", "kind": "call" });
    desk.schedule_follow_up(case, doc.as_object().unwrap())
        .unwrap();
    let f = &desk.store.follow_ups_for(case).unwrap()[0];
    let journal = desk.store.journal_for("follow_up", f.id).unwrap();
    assert!(!journal.is_empty());
    assert!(journal.iter().all(|j| j.by == "anna"), "{journal:?}");
    assert!(
        journal.iter().all(|j| j.at == desk.now()),
        "written at the desk clock's instant: {journal:?}"
    );
}

#[test]
fn an_export_reads_each_case_whole_and_lists_its_own_audit_line() {
    let (mut desk, id) = desk_on(NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
    desk.open_person(id, Access::View).unwrap();
    let x = desk.export_person(id).unwrap().unwrap();
    assert_eq!(x.dossiers.len(), x.cases.len());
    assert_eq!(x.dossiers[0].overview.case.id, x.cases[0].id);
    let actions: Vec<&str> = x.audit.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.ends_with(&["view", "export"]), "{actions:?}");
    assert!(!x.journal.is_empty(), "the intake's journal");
    assert!(desk.export_person(Uuid::now_v7()).unwrap().is_none());
}

#[test]
fn money_moves_as_the_desk_operator_at_its_clock() {
    use crate::domain::money::OpKind;
    use crate::service::plan::Entry;
    let day = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
    let (mut desk, id) = desk_on(day);
    let case = desk.store.cases_for(id).unwrap()[0].id;
    desk.ensure_programmes().unwrap();
    let pai = json!({ "goals": "Lavoro", "signed": true, "signed_on": "2026-03-01" });
    desk.save_plan(case, pai.as_object().unwrap(), None)
        .unwrap();
    desk.enrol(case, "puoi").unwrap();
    let e = Entry {
        kind: OpKind::Commit,
        line: "company_tutoring",
        on: day,
        note: "",
    };
    desk.move_money(case, &e, 10_000).unwrap();
    let ledger = desk.store.ledger(case, 10).unwrap();
    assert_eq!(ledger.len(), 1);
    assert_eq!((ledger[0].by.as_str(), ledger[0].at), ("anna", desk.now()));
    let journal = desk.store.journal_for("case", case).unwrap();
    let enrolled = journal
        .iter()
        .find(|j| j.field.as_deref() == Some("programme"))
        .unwrap();
    assert_eq!((enrolled.by.as_str(), enrolled.at), ("anna", desk.now()));
}
