//! What the parts of the path add to `case show`: the endowment (budget per line and its
//! movements), referrals with their history, internships with their months, follow-ups.

use serde_json::{Map, Value, json};

use crate::domain::date::format_date;
use crate::forms::amount::format_money_in;
use crate::i18n::I18n;
use crate::lookups::lookup;
use crate::service::cases::{CaseDossier, Money};

/// The case's money as JSON: programme, totals, lines and every movement (newest first).
pub fn json(d: &CaseDossier) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(m) = &d.money {
        let (v, b) = (&m.view, &m.view.budget);
        let lines: Vec<Value> = b
            .lines
            .iter()
            .map(|l| {
                json!({ "line": l.code, "budget_cents": l.budget, "committed_cents": l.committed,
                        "paid_cents": l.paid, "left_cents": l.left() })
            })
            .collect();
        out.insert(
            "money".into(),
            json!({
                "programme": v.programme.programme.code,
                "programme_id": v.programme.id,
                "total_cents": b.total,
                "committed_cents": b.committed(),
                "paid_cents": b.paid(),
                "left_cents": b.left(),
                "lines": lines,
                "ledger": m.ledger,
            }),
        );
    }
    let referrals: Vec<Value> = d
        .referrals
        .iter()
        .map(|(r, events)| json!({ "referral": r, "events": events }))
        .collect();
    out.insert("referrals".into(), Value::Array(referrals));
    let internships: Vec<Value> = d
        .internships
        .iter()
        .map(|(i, months)| json!({ "internship": i, "months": months }))
        .collect();
    out.insert("internships".into(), Value::Array(internships));
    out.insert("follow_up_list".into(), json!(d.follow_ups));
    out
}

/// The case's referrals, internship and follow-ups as lines of text.
pub fn path_text(d: &CaseDossier, i18n: &I18n) -> Vec<String> {
    let label = |list: &str, code: &str| lookup(list).label_of(code, i18n.lang).to_string();
    let mut out = Vec::new();
    let referrals = &d.referrals;
    if !referrals.is_empty() {
        out.push(String::new());
        out.push(format!("[{}]", i18n.t("referral.title")));
        for (r, _) in referrals {
            out.push(format!(
                "  {}  {:<16} {}  {}",
                format_date(r.status_on),
                label("referral_statuses", r.status.code()),
                r.partner,
                label("partner_services", &r.service)
            ));
        }
    }
    for (i, _) in &d.internships {
        out.push(String::new());
        out.push(format!("[{}]", i18n.t("internship.title")));
        out.push(format!(
            "  {} — {}  {}",
            label("internship_statuses", i.status.code()),
            i.host,
            i18n.tf(
                "internship.dates",
                &[
                    ("start", &format_date(i.start_on)),
                    ("end", &format_date(i.planned_end_on))
                ]
            )
        ));
    }
    let follow_ups = &d.follow_ups;
    if !follow_ups.is_empty() {
        out.push(String::new());
        out.push(format!("[{}]", i18n.t("follow_up.title")));
        for f in follow_ups {
            let outcome = f
                .outcome
                .as_deref()
                .map(|o| label("follow_up_outcomes", o))
                .unwrap_or_else(|| i18n.t("follow_up.due").to_string());
            out.push(format!(
                "  {}  {:<26} {}",
                format_date(f.due_on),
                label("follow_up_kinds", &f.kind),
                outcome
            ));
        }
    }
    out
}

/// The case's money as lines of text.
pub fn text(d: &CaseDossier, i18n: &I18n) -> Vec<String> {
    let Some(Money { view: v, .. }) = &d.money else {
        return Vec::new();
    };
    let b = &v.budget;
    let mut out = vec![
        String::new(),
        format!(
            "[{} — {}]",
            i18n.t("plan.budget"),
            v.programme.programme.name.get(i18n.lang)
        ),
        format!(
            "  {:<32} {:>14} {:>14} {:>14} {:>14}",
            i18n.t("plan.col.line"),
            i18n.t("plan.col.budget"),
            i18n.t("plan.col.committed"),
            i18n.t("plan.col.paid"),
            i18n.t("plan.col.left")
        ),
    ];
    let euros = |cents: i64| format_money_in(i18n.lang, cents);
    let row = |name: &str, a: i64, c: i64, p: i64, l: i64| {
        format!(
            "  {:<32} {:>14} {:>14} {:>14} {:>14}",
            name,
            euros(a),
            euros(c),
            euros(p),
            euros(l)
        )
    };
    for l in &b.lines {
        let label = crate::words::money::budget_line(v, &l.code, i18n.lang);
        out.push(row(&label, l.budget, l.committed, l.paid, l.left()));
    }
    out.push(row(
        i18n.t("plan.total"),
        b.total,
        b.committed(),
        b.paid(),
        b.left(),
    ));
    out
}
