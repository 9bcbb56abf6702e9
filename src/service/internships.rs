//! Internships: from the internship form to the stored record, changes of state, extensions,
//! monthly attendance, and the trainee's allowance paid against the plan's allowance line.

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::internship::{Status, default_end};
use crate::domain::money::OpKind;
use crate::i18n::{Lang, Msg};
use crate::lookups::lookup;
use crate::service::cases::refusal_msg;
use crate::service::people::now;
use crate::service::plan;
use crate::store::Store;
use crate::store::internships::{InternshipFields, InternshipMonth, InternshipRefusal};

/// The programme's internship rules for a case: months and extendable months (PUOI's 6 and
/// 6 when the case is not enrolled).
fn rules(store: &Store, case: Uuid) -> (u32, u32) {
    plan::budget(store, case)
        .ok()
        .flatten()
        .and_then(|v| v.programme.programme.internship)
        .map_or((6, 6), |r| (r.months, r.extendable_months))
}

fn text<'a>(doc: &'a Map<String, Value>, k: &str) -> &'a str {
    doc.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
}

fn day(doc: &Map<String, Value>, k: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text(doc, k), "%Y-%m-%d").ok()
}

fn refusal(r: InternshipRefusal, lang: Lang) -> Msg {
    match r {
        InternshipRefusal::Case(c) => refusal_msg(&c),
        InternshipRefusal::Move(m) => m.msg(|code| {
            lookup("internship_statuses")
                .label_of(code, lang)
                .to_string()
        }),
        InternshipRefusal::NotFound => Msg::new("internship.not_found"),
    }
}

/// Adds (`id` new) or changes an internship from its form's document; the planned end
/// defaults to the programme's length. Refused (`form.conflict`) when someone else saved
/// the internship after `opened`.
pub fn save(
    store: &mut Store,
    case: Uuid,
    id: Uuid,
    doc: &Map<String, Value>,
    by: &str,
    opened: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<(), Msg> {
    let start_on = day(doc, "start_on").ok_or_else(|| Msg::new("forms.required"))?;
    let (months, _) = rules(store, case);
    let planned_end_on =
        day(doc, "planned_end_on").unwrap_or_else(|| default_end(start_on, months));
    let mut doc = doc.clone();
    doc.insert(
        "planned_end_on".into(),
        Value::String(planned_end_on.format("%Y-%m-%d").to_string()),
    );
    let fields = InternshipFields {
        partner_id: Uuid::parse_str(text(&doc, "host")).ok(),
        tutor: text(&doc, "tutor").to_string(),
        start_on,
        planned_end_on,
        weekly_hours: doc.get("weekly_hours").and_then(Value::as_i64),
        monthly_allowance_cents: doc
            .get("monthly_allowance")
            .and_then(Value::as_i64)
            .unwrap_or(0),
    };
    store
        .save_internship(case, id, &fields, &doc, by, now(), opened)
        .map_err(|e| e.msg())?
        .map_err(|r| refusal(r, Lang::It))
}

/// Moves an internship to the state a status form gives (status, date, reason).
pub fn change_status(
    store: &mut Store,
    id: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    lang: Lang,
    by: &str,
) -> Result<(), Msg> {
    let to = Status::from_code(text(doc, "status")).ok_or_else(|| Msg::new("forms.required"))?;
    let on = day(doc, "on_date").unwrap_or(today);
    store
        .move_internship(id, to, on, text(doc, "reason"), today, by, now())
        .map_err(|e| e.msg())?
        .map_err(|r| refusal(r, lang))
}

/// Moves the planned end (within the programme's extension).
pub fn extend(
    store: &mut Store,
    case: Uuid,
    id: Uuid,
    doc: &Map<String, Value>,
    by: &str,
) -> Result<(), Msg> {
    let end = day(doc, "planned_end_on").ok_or_else(|| Msg::new("forms.required"))?;
    let (_, extendable) = rules(store, case);
    store
        .extend_internship(id, end, extendable, by, now())
        .map_err(|e| e.msg())?
        .map_err(|r| refusal(r, Lang::It))
}

/// Records a month's attendance from the attendance form.
pub fn record_month(
    store: &mut Store,
    id: Uuid,
    doc: &Map<String, Value>,
    by: &str,
) -> Result<(), Msg> {
    let m = InternshipMonth {
        month: text(doc, "month").to_string(),
        hours: doc.get("hours").and_then(Value::as_i64).unwrap_or(0),
        days_absent: doc.get("days_absent").and_then(Value::as_i64).unwrap_or(0),
        note: text(doc, "note").to_string(),
    };
    if m.month.is_empty() {
        return Err(Msg::new("forms.required"));
    }
    store
        .record_month(id, &m, by, now())
        .map_err(|e| e.msg())?
        .map_err(|r| refusal(r, Lang::It))
}

/// Pays a month's allowance from the plan's allowance line: the amount is committed and
/// then paid, both refused (and nothing recorded) when the line or the total would be
/// overspent.
pub fn pay_month(
    store: &mut Store,
    case: Uuid,
    id: Uuid,
    doc: &Map<String, Value>,
    lang: Lang,
    by: &str,
) -> Result<(), Msg> {
    let line = plan::allowance_line(store, case)
        .map_err(|e| e.msg())?
        .ok_or_else(|| Msg::new("plan.not_enrolled"))?;
    let month = text(doc, "month").to_string();
    let cents = doc.get("amount").and_then(Value::as_i64).unwrap_or(0);
    let on = day(doc, "on_date").ok_or_else(|| Msg::new("forms.required"))?;
    let note = month.clone();
    let view = plan::budget(store, case).map_err(|e| e.msg())?;
    let payable = view
        .as_ref()
        .and_then(|v| v.budget.line(&line))
        .map_or(0, |l| l.payable());
    if payable < cents {
        plan::move_money(
            store,
            case,
            OpKind::Commit,
            &line,
            cents - payable,
            on,
            &note,
            by,
        )
        .map_err(|e| e.msg(lang))?;
    }
    plan::pay(store, case, &line, cents, on, &note, Some((id, month)), by).map_err(|e| e.msg(lang))
}
