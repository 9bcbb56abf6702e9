use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::*;
use crate::i18n::{Lang, Msg};
use crate::service::cases::timeline::{event, group};
use crate::store::JournalEntry;

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 9, minute, 0)
        .single()
        .unwrap_or_default()
}

struct Journal {
    seq: i64,
    lines: Vec<JournalEntry>,
}

impl Journal {
    fn new() -> Journal {
        Journal {
            seq: 0,
            lines: Vec::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        entity: &str,
        id: Uuid,
        field: Option<&str>,
        old: Option<Value>,
        new: Option<Value>,
        minute: u32,
        by: &str,
    ) {
        self.seq += 1;
        self.lines.push(JournalEntry {
            seq: self.seq,
            id: Uuid::now_v7(),
            entity: entity.into(),
            entity_id: id,
            field: field.map(str::to_string),
            old_value: old,
            new_value: new,
            at: at(minute),
            by: by.into(),
        });
    }

    /// The events, newest first, as `timeline` builds them.
    fn events(&self, names: &Names, i18n: &I18n) -> Vec<TimelineLine> {
        let mut lines = self.lines.clone();
        lines.reverse();
        group(lines)
            .iter()
            .filter_map(|g| event(g))
            .map(|e| line(&e, names, i18n))
            .collect()
    }
}

#[test]
fn one_save_is_one_event_with_its_fields_in_the_detail() {
    let case = Uuid::now_v7();
    let person = Uuid::now_v7();
    let mut j = Journal::new();
    j.add("case", case, None, None, Some(json!({})), 0, "maria");
    let fields = [
        "barrier_language",
        "barrier_documents",
        "barrier_housing",
        "barrier_health",
        "barrier_notes",
        "expectations",
        "work_sought",
        "hours_per_week",
        "days",
        "available_from",
        "notes",
    ];
    for f in fields {
        let name = format!("data.{f}");
        j.add(
            "orientation",
            case,
            Some(&name),
            None,
            Some(json!("Secret")),
            5,
            "maria",
        );
    }
    for f in ["phone", "email", "address", "municipality", "notes"] {
        let name = format!("data.{f}");
        j.add(
            "person",
            person,
            Some(&name),
            Some(json!("old")),
            Some(json!("Secret")),
            7,
            "luca",
        );
    }
    j.add(
        "orientation",
        case,
        Some("data.notes"),
        Some(json!("a")),
        Some(json!("b")),
        9,
        "maria",
    );
    let en = I18n::new(Lang::En);
    let events = j.events(&Names::default(), &en);
    let texts: Vec<&str> = events.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Orientation interview: Notes changed",
            "Intake saved: 5 fields changed",
            "Orientation interview saved: 11 fields",
            "Case opened",
        ]
    );
    let orientation = &events[2];
    assert_eq!(orientation.changes.len(), 11);
    assert!(
        orientation.changes.iter().all(|c| !c.text.contains("data.")
            && !c.text.contains('_')
            && !c.text.contains("Secret"))
    );
    assert!(
        orientation
            .changes
            .iter()
            .any(|c| c.text == "Available from: filled in"),
        "{:?}",
        orientation.changes
    );
    assert_eq!(events[1].by, "luca");
    assert_eq!(events[0].field.as_deref(), Some("data.notes"));
    let it = I18n::new(Lang::It);
    assert_eq!(
        j.events(&Names::default(), &it)[2].text,
        "Colloquio di orientamento: 11 campi salvati"
    );
}

#[test]
fn money_referrals_and_internships_are_said_with_their_names_and_figures() {
    let case = Uuid::now_v7();
    let pay = Uuid::now_v7();
    let referral = Uuid::now_v7();
    let internship = Uuid::now_v7();
    let mut names = Names::default();
    names.months.insert(pay, "2026-03".into());
    names
        .referrals
        .insert(referral, ("CPIA Lecco".into(), "italian_course".into()));
    names.hosts.insert(internship, "Officina Rossi".into());
    let mut j = Journal::new();
    j.add(
        "referral",
        referral,
        Some("status"),
        Some(json!("sent")),
        Some(json!("accepted")),
        1,
        "maria",
    );
    j.add(
        "ledger",
        pay,
        None,
        None,
        Some(json!({ "line": "trainee_allowance", "kind": "pay", "cents": 50000, "on_date": "2026-04-02" })),
        2,
        "maria",
    );
    j.add(
        "internship",
        internship,
        Some("attendance"),
        None,
        Some(json!({ "month": "2026-03", "hours": 80, "days_absent": 1 })),
        3,
        "maria",
    );
    j.add(
        "internship",
        internship,
        Some("status"),
        None,
        Some(json!({ "status": "active", "on": "2026-03-01", "reason": "" })),
        4,
        "maria",
    );
    for (lang, expected) in [
        (
            Lang::En,
            [
                "Internship at Officina Rossi active",
                "Attendance for March 2026: 80 hours",
                "Internship paid for March 2026: €500.00",
                "Referral to CPIA Lecco accepted",
            ],
        ),
        (
            Lang::It,
            [
                "Tirocinio presso Officina Rossi in corso",
                "Presenze di marzo 2026: 80 ore",
                "Tirocinio pagato per marzo 2026: € 500,00",
                "Invio a CPIA Lecco accettato",
            ],
        ),
    ] {
        let i18n = I18n::new(lang);
        let events = j.events(&names, &i18n);
        let texts: Vec<&str> = events.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, expected);
    }
    let en = I18n::new(Lang::En);
    let events = j.events(&names, &en);
    let detail: Vec<&str> = events[2].changes.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        detail,
        [
            "Budget line: Trainee allowance",
            "Amount: €500.00",
            "Date: 02/04/2026",
            "Month: March 2026"
        ]
    );
    assert_eq!(events[3].changes[0].text, "Status: sent → accepted");
    let _ = case;
}

#[test]
fn the_closure_form_joins_the_closing_of_the_case() {
    let case = Uuid::now_v7();
    let mut j = Journal::new();
    j.add(
        "closure",
        case,
        Some("data.outcome"),
        None,
        Some(json!("employed")),
        1,
        "maria",
    );
    j.add(
        "closure",
        case,
        Some("data.employer"),
        None,
        Some(json!("Secret srl")),
        1,
        "maria",
    );
    j.add(
        "case",
        case,
        Some("closed"),
        None,
        Some(json!({ "outcome": "employed", "outcome_on": "2026-03-10" })),
        1,
        "maria",
    );
    let en = I18n::new(Lang::En);
    let events = j.events(&Names::default(), &en);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].text, "Case closed: Employed");
    let all: String = events[0]
        .changes
        .iter()
        .map(|c| c.text.clone())
        .collect::<Vec<_>>()
        .join(" | ");
    assert!(all.contains("Employer: filled in"), "{all}");
    assert!(!all.contains("Secret"), "{all}");
    assert!(I18n::new(Lang::It).msg(&Msg::new("case.event.opened")) == "Percorso aperto");
}

#[test]
fn internal_names_never_reach_the_words() {
    let mut j = Journal::new();
    let id = Uuid::now_v7();
    j.add(
        "follow_up",
        id,
        Some("outcome"),
        None,
        Some(json!("ok")),
        1,
        "maria",
    );
    j.add(
        "referral",
        id,
        Some("status"),
        None,
        Some(json!("gone_away")),
        1,
        "maria",
    );
    j.add(
        "internship",
        id,
        Some("extended"),
        None,
        Some(json!({ "planned_end_on": "2026-12-31" })),
        2,
        "maria",
    );
    j.add(
        "case",
        id,
        Some("programme"),
        None,
        Some(json!("puoi")),
        3,
        "maria",
    );
    j.add(
        "gadget",
        id,
        Some("size_max"),
        Some(json!(1)),
        Some(json!(2)),
        4,
        "maria",
    );
    for lang in [Lang::It, Lang::En] {
        let i18n = I18n::new(lang);
        for e in j.events(&Names::default(), &i18n) {
            for t in std::iter::once(&e.text).chain(e.changes.iter().map(|c| &c.text)) {
                let internal_names: &[&str] = match lang {
                    Lang::It => &[
                        "outcome",
                        "attendance",
                        "extended",
                        "puoi",
                        "size_max",
                        "_",
                        "status",
                    ],
                    Lang::En => &["puoi", "size_max", "_", "data."],
                };
                for internal in internal_names {
                    assert!(!t.contains(internal), "{t} contains {internal}");
                }
            }
        }
    }
    let en = I18n::new(Lang::En);
    let texts: Vec<String> = j
        .events(&Names::default(), &en)
        .into_iter()
        .map(|e| e.text)
        .collect();
    assert_eq!(
        texts,
        [
            "Gadget: Size max changed",
            "Enrolled in PUOI – Individual endowment",
            "Internship at a partner extended to 31/12/2026",
            "Referral to a partner Gone away",
            "Follow-up done: Reached — all well",
        ]
    );
}

#[test]
fn a_form_recorded_whole_says_how_many_fields() {
    let mut j = Journal::new();
    let id = Uuid::now_v7();
    let doc = json!({ "notes": "Secret", "work_sought": "x", "days": [] });
    j.add("orientation", id, None, None, Some(doc), 1, "demo");
    j.add(
        "assessment",
        id,
        None,
        None,
        Some(json!({ "education": "diploma" })),
        2,
        "demo",
    );
    let en = I18n::new(Lang::En);
    let events = j.events(&Names::default(), &en);
    assert_eq!(events[0].text, "Skills assessment saved: 1 field");
    assert_eq!(events[1].text, "Orientation interview saved: 2 fields");
    let detail: Vec<&str> = events[1].changes.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        detail,
        ["Notes: filled in", "Work sought, in their words: filled in"]
    );
}
