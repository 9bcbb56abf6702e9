//! The path of a demo case after its intake: each case is taken to a stage (oriented,
//! assessed, planned with money, referred, in internship, closed) that its age allows, with
//! the dates, money, referrals and follow-ups a real desk would have by then. Deterministic
//! for the seed and the order of the cases.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::money::Money;
use super::partners::Network;
use super::status::weighted;
use crate::store::bulk::{
    ActionRow, CaseRows, CaseSeed, FollowUpRow, InternshipRow, ReferralRow, noon,
};

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

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn id(rng: &mut impl Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

fn at(d: NaiveDate) -> DateTime<Utc> {
    noon(d)
}

fn day(d: NaiveDate) -> String {
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
    if stage >= Stage::Referred {
        referrals(rng, &mut c, signed, w);
    }
    let closed_on = (stage == Stage::Closed).then(|| {
        let latest = (w.today - Duration::days(1)).max(signed + Duration::days(30));
        (signed + Duration::days(rng.random_range(30..=420))).min(latest)
    });
    let wants_internship = stage == Stage::Internship
        || (stage == Stage::Closed && rng.random_bool(0.6) && closed_on.is_some());
    if wants_internship && let Some(host) = w.network.hosts.choose(rng) {
        let i = internship(
            rng, *host, signed, closed_on, programme, &mut money, w.today,
        );
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

fn follow_ups(
    rng: &mut impl Rng,
    c: &mut CaseRows,
    from: NaiveDate,
    today: NaiveDate,
    closed: bool,
) {
    let kinds = ["phone", "meeting", "internship_visit", "message"];
    let mut due = from + Duration::days(rng.random_range(10..=30));
    let mut previous = None;
    while due < today - Duration::days(10) && c.follow_ups.len() < 3 {
        let fid = id(rng);
        c.follow_ups.push(FollowUpRow {
            id: fid,
            due_on: due,
            kind: kinds.choose(rng).copied().unwrap_or("phone").into(),
            done_on: Some(due),
            outcome: Some(
                weighted(rng, &[("ok", 6), ("needs_action", 2), ("not_reached", 2)]).into(),
            ),
            note: String::new(),
            previous_id: previous,
        });
        previous = Some(fid);
        due += Duration::days(rng.random_range(20..=60));
    }
    if !closed {
        c.follow_ups.push(FollowUpRow {
            id: id(rng),
            due_on: today + Duration::days(rng.random_range(-10..=20)),
            kind: kinds.choose(rng).copied().unwrap_or("phone").into(),
            done_on: None,
            outcome: None,
            note: String::new(),
            previous_id: previous,
        });
    }
    c.steps
        .push(("follow_up".into(), "in_progress".into(), None));
}

fn referrals(rng: &mut impl Rng, c: &mut CaseRows, signed: NaiveDate, w: &World) {
    let services = [
        "language_course",
        "housing_support",
        "vocational_training",
        "legal_advice",
    ];
    for _ in 0..rng.random_range(1..=3) {
        let Some(partner) = w.network.services.choose(rng) else {
            return;
        };
        let created = signed + Duration::days(rng.random_range(1..=10));
        if created > w.today {
            continue;
        }
        // Referrals made in the last two months may still be drafts or waiting; older ones
        // have had their answer.
        let recent = created >= w.today - Duration::days(60);
        let waiting = if recent { 4 } else { 0 };
        let last = weighted(
            rng,
            &[
                ("drafted", waiting / 4),
                ("sent", waiting),
                ("accepted", 2),
                ("declined", 1),
                ("in_progress", 2),
                ("completed", 3),
                ("no_show", 1),
                ("withdrawn", 1),
            ],
        );
        let path: &[&str] = match last {
            "drafted" => &["drafted"],
            "sent" => &["drafted", "sent"],
            "accepted" => &["drafted", "sent", "accepted"],
            "declined" => &["drafted", "sent", "declined"],
            "in_progress" => &["drafted", "sent", "accepted", "in_progress"],
            "completed" => &["drafted", "sent", "accepted", "in_progress", "completed"],
            "no_show" => &["drafted", "sent", "accepted", "no_show"],
            _ => &["drafted", "sent", "withdrawn"],
        };
        let mut on = created;
        let mut events = Vec::new();
        for (k, status) in path.iter().enumerate() {
            if k > 0 {
                // A referral still waiting was sent recently enough for some to be overdue.
                let step = if *status == "sent" && last == "sent" {
                    (w.today - on)
                        .num_days()
                        .clamp(0, 40)
                        .min(rng.random_range(0..=25))
                } else {
                    rng.random_range(1..=12)
                };
                on = (on + Duration::days(step)).min(w.today);
                if last == "sent" {
                    on = on.max(w.today - Duration::days(rng.random_range(1..=30)));
                }
            }
            events.push(((*status).into(), on, String::new()));
        }
        c.referrals.push(ReferralRow {
            id: id(rng),
            partner_id: *partner,
            service: services.choose(rng).copied().unwrap_or_default().into(),
            reason: "Bisogno emerso al colloquio di orientamento".into(),
            created_on: created,
            events,
        });
    }
    c.steps
        .push(("referral".into(), "in_progress".into(), None));
}

/// Each whole month of attendance from `start` to `end`: the calendar month it began in
/// (as the internship screen lists them) and the day it is paid.
fn months_between(start: NaiveDate, end: NaiveDate) -> Vec<(String, NaiveDate)> {
    let mut out = Vec::new();
    let mut m = start;
    while m + Months::new(1) <= end && out.len() < 12 {
        let label = m.format("%Y-%m").to_string();
        m = m + Months::new(1);
        out.push((label, m));
    }
    out
}

fn internship(
    rng: &mut impl Rng,
    host: Uuid,
    signed: NaiveDate,
    closed_on: Option<NaiveDate>,
    p: &ProgrammeInfo,
    money: &mut Money,
    today: NaiveDate,
) -> InternshipRow {
    let months = p.months.max(1);
    let earliest = signed + Duration::days(10);
    let start = match closed_on {
        Some(end) => (end - Months::new(months)).max(earliest),
        // Running now: started within the last six months (some end within days).
        None => earliest.max(today - Duration::days(rng.random_range(-10..=178))),
    };
    let planned_end = start + Months::new(months);
    let (status, reason, status_on, until) = match closed_on {
        Some(end) if rng.random_bool(0.75) => ("completed", "", Some(end), end),
        Some(end) => ("interrupted", "Ha trovato lavoro altrove", Some(end), end),
        None if start > today => ("planned", "", None, today),
        None if rng.random_bool(0.08) => ("suspended", "Malattia", Some(today), today),
        None => ("active", "", Some(start), today),
    };
    let iid = id(rng);
    let allowance_line = p
        .lines
        .iter()
        .find(|l| l.kind == "allowance")
        .map(|l| l.code.clone());
    if let Some(tutoring) = p.lines.iter().find(|l| l.kind == "tutoring") {
        money.commit(&tutoring.code, tutoring.budget_cents, start, None);
    }
    let mut attended = Vec::new();
    for (month, paid_on) in months_between(start, until.min(planned_end)) {
        let absent = rng.random_range(0..=3);
        attended.push((month.clone(), 80 - absent * 4, absent));
        if let Some(line) = &allowance_line {
            let c = money.commit(line, p.monthly_allowance_cents, paid_on, None);
            money.pay(line, c, paid_on, Some((iid, month)));
        }
    }
    let data = obj(json!({
        "host": host.to_string(),
        "tutor": "Giorgio Panzeri",
        "start_on": day(start),
        "planned_end_on": day(planned_end),
        "weekly_hours": 20,
        "monthly_allowance": p.monthly_allowance_cents,
    }));
    InternshipRow {
        id: iid,
        partner_id: host,
        tutor: "Giorgio Panzeri".into(),
        start_on: start,
        planned_end_on: planned_end,
        weekly_hours: 20,
        monthly_allowance_cents: p.monthly_allowance_cents,
        status: status.into(),
        status_reason: reason.into(),
        status_on,
        data,
        months: attended,
    }
}

fn closure(rng: &mut impl Rng, c: &mut CaseRows, on: NaiveDate) {
    let outcome = weighted(
        rng,
        &[
            ("employed", 8),
            ("in_training", 3),
            ("internship_completed", 4),
            ("moved_away", 2),
            ("dropped_out", 2),
            ("transferred", 1),
        ],
    );
    let mut doc = obj(json!({ "outcome": outcome, "outcome_date": day(on) }));
    if outcome == "employed" {
        let contract = weighted(
            rng,
            &[
                ("fixed_term", 5),
                ("permanent", 2),
                ("apprenticeship", 2),
                ("temporary_agency", 2),
            ],
        );
        doc.insert("contract_type".into(), json!(contract));
        doc.insert("employer".into(), json!("Logistica Adda srl"));
    }
    if outcome == "transferred" {
        doc.insert(
            "transferred_to".into(),
            json!("Servizi sociali – Comune di Lecco"),
        );
    }
    c.forms.push(("closure".into(), doc, at(on)));
    c.steps
        .push(("closure".into(), "done".into(), Some(at(on))));
    c.closure = Some((at(on), outcome.into(), on));
}

#[cfg(test)]
#[path = "path_tests.rs"]
pub(crate) mod tests;
