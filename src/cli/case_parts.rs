//! What the parts of the path add to `case show`: the endowment (budget per line and its
//! movements); referrals, internship and follow-ups join here as their parts land.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::forms::amount::euros;
use crate::i18n::I18n;
use crate::service::plan;
use crate::store::{Store, StoreResult};

/// The case's money as JSON: programme, totals, lines and every movement (newest first).
pub fn json(store: &Store, case: Uuid) -> StoreResult<Map<String, Value>> {
    let mut out = Map::new();
    if let Some(v) = plan::budget(store, case)? {
        let b = &v.budget;
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
                "ledger": store.ledger(case, usize::MAX >> 1)?,
            }),
        );
    }
    Ok(out)
}

/// The case's money as lines of text.
pub fn text(store: &Store, case: Uuid, i18n: &I18n) -> StoreResult<Vec<String>> {
    let Some(v) = plan::budget(store, case)? else {
        return Ok(Vec::new());
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
        let label = v.label(&l.code, i18n.lang);
        out.push(row(&label, l.budget, l.committed, l.paid, l.left()));
    }
    out.push(row(
        i18n.t("plan.total"),
        b.total,
        b.committed(),
        b.paid(),
        b.left(),
    ));
    Ok(out)
}
