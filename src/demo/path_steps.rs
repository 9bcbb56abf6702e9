//! The steps of a demo case after its plan: referrals, internship, follow-ups, closure.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;
use serde_json::json;
use uuid::Uuid;

use super::money::Money;
use super::path::{ProgrammeInfo, World, at, day, id, obj};
use super::status::weighted;
use crate::store::bulk::{CaseRows, FollowUpRow, InternshipRow, ReferralRow};

pub(super) fn follow_ups(
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
        let fid = id(rng, c.opened_at);
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
            id: id(rng, c.opened_at),
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

pub(super) fn referrals(rng: &mut impl Rng, c: &mut CaseRows, signed: NaiveDate, w: &World) {
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
            id: id(rng, c.opened_at),
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
pub(super) fn months_between(start: NaiveDate, end: NaiveDate) -> Vec<(String, NaiveDate)> {
    let mut out = Vec::new();
    let mut m = start;
    while m + Months::new(1) <= end && out.len() < 12 {
        let label = m.format("%Y-%m").to_string();
        m = m + Months::new(1);
        out.push((label, m));
    }
    out
}

/// When an internship's case was opened and its plan signed, when the case closed (if it
/// did), and today.
pub(super) struct Span {
    pub opened: DateTime<Utc>,
    pub signed: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub today: NaiveDate,
}

pub(super) fn internship(
    rng: &mut impl Rng,
    host: Uuid,
    span: Span,
    p: &ProgrammeInfo,
    money: &mut Money,
) -> InternshipRow {
    let Span {
        opened,
        signed,
        closed_on,
        today,
    } = span;
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
    let iid = id(rng, opened);
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

pub(super) fn closure(rng: &mut impl Rng, c: &mut CaseRows, on: NaiveDate) {
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
