//! The path of a demo case after its intake: each case is taken to a stage (oriented,
//! assessed, planned with money, referred, in internship, closed) that its age allows, with
//! the dates, money, referrals and follow-ups a real desk would have by then. Deterministic
//! for the seed and the order of the cases.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::money::Money;
use super::partners::Network;
use super::path_steps::{Span, closure, follow_ups, internship, referrals};
use super::status::weighted;
use crate::store::bulk::{ActionRow, CaseRows, CaseSeed, noon};

/// The operators of the demo desk.
pub const OPERATORS: &[&str] = &["anna", "marco", "giulia", "yusuf"];

/// A budget line of a programme as the generator needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct LineInfo {
    pub code: String,
    /// `allowance`, `tutoring` or `services`.
    pub kind: String,
    pub budget_cents: i64,
    /// Services counted in hours: the cost of one hour.
    pub unit_cost_cents: Option<i64>,
}

/// A programme a case can be enrolled in.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeInfo {
    pub id: Uuid,
    pub total_cents: i64,
    pub lines: Vec<LineInfo>,
    pub monthly_allowance_cents: i64,
    pub months: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Intake,
    Oriented,
    Assessed,
    Planned,
    Referred,
    Internship,
    Closed,
}

/// The minimum age of a case, in days, for each stage.
fn min_days(s: Stage) -> i64 {
    match s {
        Stage::Intake => 0,
        Stage::Oriented => 5,
        Stage::Assessed => 12,
        Stage::Planned => 20,
        Stage::Referred => 30,
        Stage::Internship => 45,
        Stage::Closed => 75,
    }
}

fn pick_stage(rng: &mut impl Rng, days_open: i64) -> Stage {
    let s = match weighted(
        rng,
        &[
            ("intake", 22),
            ("oriented", 12),
            ("assessed", 10),
            ("planned", 14),
            ("referred", 12),
            ("internship", 16),
            ("closed", 14),
        ],
    ) {
        "oriented" => Stage::Oriented,
        "assessed" => Stage::Assessed,
        "planned" => Stage::Planned,
        "referred" => Stage::Referred,
        "internship" => Stage::Internship,
        "closed" => Stage::Closed,
        _ => Stage::Intake,
    };
    [
        Stage::Closed,
        Stage::Internship,
        Stage::Referred,
        Stage::Planned,
        Stage::Assessed,
        Stage::Oriented,
    ]
    .into_iter()
    .find(|x| *x <= s && days_open >= min_days(*x))
    .unwrap_or(Stage::Intake)
}

pub(super) fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// A record's id as the app makes them (UUIDv7), stamped with its case's opening: the
/// generator writes cases in the order they were opened, so each id lands at the end of its
/// index, as the app's own ids do when records are made one day after another.
pub(super) fn id(rng: &mut impl Rng, at: DateTime<Utc>) -> Uuid {
    let ms = u64::try_from(at.timestamp_millis()).unwrap_or_default();
    uuid::Builder::from_unix_timestamp_millis(ms, &rng.random()).into_uuid()
}

pub(super) fn at(d: NaiveDate) -> DateTime<Utc> {
    noon(d)
}

pub(super) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Everything the generator needs besides the case.
pub struct World<'a> {
    pub today: NaiveDate,
    pub network: &'a Network,
    /// The default programme first; the others are drawn now and then.
    pub programmes: &'a [ProgrammeInfo],
}

/// The rows of one case taken to a stage its age allows.
pub fn case_rows(rng: &mut impl Rng, seed: &CaseSeed, w: &World) -> CaseRows {
    let opened = seed.opened_at.date_naive();
    let days_open = (w.today - opened).num_days();
    let stage = pick_stage(rng, days_open);
    let mut c = CaseRows {
        case_id: seed.case_id,
        opened_at: seed.opened_at,
        operator: OPERATORS.choose(rng).copied().unwrap_or("demo").into(),
        ..CaseRows::default()
    };
    if stage == Stage::Intake {
        return c;
    }
    let oriented = opened + Duration::days(rng.random_range(2..=5));
    c.forms
        .push(("orientation".into(), orientation(rng), at(oriented)));
    c.steps
        .push(("orientation".into(), "done".into(), Some(at(oriented))));
    if stage == Stage::Oriented {
        return c;
    }
    let assessed = oriented + Duration::days(rng.random_range(3..=7));
    c.forms
        .push(("assessment".into(), assessment(rng), at(assessed)));
    c.steps
        .push(("assessment".into(), "done".into(), Some(at(assessed))));
    if stage == Stage::Assessed {
        return c;
    }
    let signed = assessed + Duration::days(rng.random_range(3..=8));
    plan(rng, &mut c, signed, w);
    let Some(programme) = programme(rng, w) else {
        return c;
    };
    let mut money = Money::new(programme);
    services(rng, &mut money, programme, signed, w.today);
    follow_ups(rng, &mut c, signed, w.today, stage == Stage::Closed);
    // Referrals only for people who consented to sharing with the network.
    if stage >= Stage::Referred && seed.shares {
        referrals(rng, &mut c, signed, w);
    }
    let closed_on = (stage == Stage::Closed).then(|| {
        let latest = (w.today - Duration::days(1)).max(signed + Duration::days(30));
        (signed + Duration::days(rng.random_range(30..=420))).min(latest)
    });
    let wants_internship = stage == Stage::Internship
        || (stage == Stage::Closed && rng.random_bool(0.6) && closed_on.is_some());
    if wants_internship && let Some(host) = w.network.hosts.choose(rng) {
        let span = Span {
            opened: c.opened_at,
            signed,
            closed_on,
            today: w.today,
        };
        let i = internship(rng, *host, span, programme, &mut money);
        c.steps
            .push(("internship".into(), "in_progress".into(), None));
        c.internship = Some(i);
    }
    if let Some(on) = closed_on {
        closure(rng, &mut c, on);
    }
    c.programme = Some((programme.id, programme.total_cents, money.lines));
    c.ledger = money.ledger;
    c
}

fn programme<'a>(rng: &mut impl Rng, w: &'a World) -> Option<&'a ProgrammeInfo> {
    if w.programmes.len() > 1 && rng.random_bool(0.15) {
        w.programmes.get(1)
    } else {
        w.programmes.first()
    }
}

fn orientation(rng: &mut impl Rng) -> Map<String, Value> {
    let sev = ["none", "low", "medium", "high"];
    let mut doc = Map::new();
    for barrier in [
        "language",
        "documents",
        "housing",
        "health",
        "childcare",
        "transport",
        "debts",
        "irregular_work",
    ] {
        let s = sev.choose(rng).copied().unwrap_or("none");
        doc.insert(format!("barrier_{barrier}"), json!(s));
    }
    doc.insert("hours_per_week".into(), json!(rng.random_range(2..=8) * 5));
    doc.insert(
        "expectations".into(),
        json!(
            [
                "Lavoro stabile nella ristorazione",
                "Magazzino o logistica",
                "Corso di italiano e poi lavoro",
                "Tirocinio in un'officina",
                "Pulizie, anche part-time",
            ]
            .choose(rng)
            .copied()
            .unwrap_or_default()
        ),
    );
    doc
}

fn assessment(rng: &mut impl Rng) -> Map<String, Value> {
    let cefr = ["pre_a1", "a1", "a2", "b1", "b2"];
    let mut pick = |list: &[&'static str]| list.choose(rng).copied().unwrap_or_default();
    obj(json!({
        "education_level": pick(&["none", "primary", "lower_secondary", "vocational", "upper_secondary", "bachelor"]),
        "italian_listening": pick(&cefr),
        "italian_reading": pick(&cefr),
        "italian_spoken_interaction": pick(&cefr),
        "italian_spoken_production": pick(&cefr),
        "italian_writing": pick(&cefr),
        "digital_level": pick(&["none", "basic", "intermediate"]),
    }))
}

fn plan(rng: &mut impl Rng, c: &mut CaseRows, signed: NaiveDate, w: &World) {
    let kinds = [
        ("specialised_orientation", "Orientamento specialistico"),
        ("language_course", "Corso di italiano A2 al CPIA"),
        ("job_search", "Accompagnamento alla ricerca di lavoro"),
        ("training", "Corso HACCP"),
        ("internship", "Tirocinio di sei mesi"),
    ];
    let n = rng.random_range(2..=4);
    for (i, (kind, title)) in kinds.iter().take(n).enumerate() {
        let due = signed + Duration::days(20 + 25 * i as i64 + rng.random_range(0..10));
        // Actions long past their date were done (or dropped); a few recent ones are late.
        let status = if due < w.today - Duration::days(45) {
            weighted(rng, &[("done", 9), ("cancelled", 1)])
        } else if due < w.today {
            weighted(rng, &[("done", 6), ("in_progress", 2), ("planned", 2)])
        } else {
            weighted(rng, &[("planned", 5), ("in_progress", 3)])
        };
        c.actions.push(ActionRow {
            kind: (*kind).into(),
            title: (*title).into(),
            owner: c.operator.clone(),
            due_on: Some(due),
            status: status.into(),
        });
    }
    let goals = "Trovare un lavoro stabile; migliorare l'italiano";
    let actions: Vec<Value> = c
        .actions
        .iter()
        .map(|a| {
            json!({ "kind": a.kind, "title": a.title, "owner": a.owner,
                    "due": a.due_on.map(day), "status": a.status })
        })
        .collect();
    let doc = obj(json!({ "goals": goals, "actions": actions, "signed": true,
                          "signed_on": day(signed) }));
    c.forms.push(("action_plan".into(), doc, at(signed)));
    c.steps
        .push(("action_plan".into(), "done".into(), Some(at(signed))));
}

/// The operator's services: committed when the plan is signed (in blocks of hours where the
/// programme counts hours), paid as they are delivered.
fn services(
    rng: &mut impl Rng,
    money: &mut Money,
    p: &ProgrammeInfo,
    signed: NaiveDate,
    today: NaiveDate,
) {
    for l in p.lines.iter().filter(|l| l.kind == "services") {
        let (cents, minutes) = match l.unit_cost_cents {
            Some(unit) if unit > 0 => {
                let hours = (l.budget_cents / unit).max(1);
                let h = rng.random_range(hours / 2..=hours);
                (unit * h, Some(h * 60))
            }
            _ => (l.budget_cents * rng.random_range(50..=100) / 100, None),
        };
        let committed = money.commit(&l.code, cents, signed, minutes);
        let delivered = signed + Duration::days(rng.random_range(15..=60));
        if delivered <= today {
            let share = rng.random_range(30..=100);
            money.pay(&l.code, committed * share / 100, delivered, None);
        }
    }
}

#[cfg(test)]
#[path = "path_tests.rs"]
pub(crate) mod tests;
