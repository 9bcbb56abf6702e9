//! Internships: from the internship form to the stored record, changes of state, extensions,
//! monthly attendance, and the trainee's allowance paid against the plan's allowance line.

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::internship::{Status, default_end};
use crate::domain::money::Budget;
use crate::service::documents::{
    AllowancePaymentDoc, AttendanceDoc, ExtendDoc, InternshipDoc, InternshipStatusDoc, decode,
};
use crate::service::outcome::{FormProblem, Outcome, settled};
use crate::service::plan;
use crate::service::stamp::Stamp;
use crate::store::internships::{InternshipFields, InternshipMonth, MonthPayment};
use crate::store::{Store, StoreError};

type Answer<T> = Outcome<T>;

/// The programme's internship rules for a case: months and extendable months (PUOI's 6 and
/// 6 when the case is not enrolled).
fn rules(store: &Store, case: Uuid) -> Result<(u32, u32), StoreError> {
    Ok(plan::budget(store, case)?
        .and_then(|v| v.programme.programme.internship)
        .map_or((6, 6), |r| (r.months, r.extendable_months)))
}

/// Adds (`id` new) or changes an internship from its form's document; the planned end
/// defaults to the programme's length. Refused (`form.conflict`) when someone else saved
/// the internship after `opened`.
pub fn save<'a>(
    store: &mut Store,
    case: Uuid,
    id: Uuid,
    doc: &Map<String, Value>,
    by: impl Into<Stamp<'a>>,
    opened: Option<chrono::DateTime<chrono::Utc>>,
) -> Answer<()> {
    let by: Stamp = by.into();
    let d: InternshipDoc = decode(doc);
    let start_on = d.start_on.ok_or(FormProblem::Required("start_on"))?;
    let (months, _) = rules(store, case)?;
    let planned_end_on = d
        .planned_end_on
        .unwrap_or_else(|| default_end(start_on, months));
    let mut doc = doc.clone();
    doc.insert(
        "planned_end_on".into(),
        Value::String(planned_end_on.format("%Y-%m-%d").to_string()),
    );
    let fields = InternshipFields {
        partner_id: d.host,
        tutor: d.tutor,
        start_on,
        planned_end_on,
        weekly_hours: d.weekly_hours,
        monthly_allowance_cents: d.monthly_allowance.unwrap_or(0),
    };
    settled(store.save_internship(case, id, &fields, &doc, by.by, by.at, opened))
}

/// Moves an internship to the state a status form gives (status, date, reason): active
/// only on or after its start (and after the programme's preliminary hours).
pub fn change_status<'a>(
    store: &mut Store,
    id: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
) -> Answer<()> {
    let by: Stamp = by.into();
    let d: InternshipStatusDoc = decode(doc);
    let to = Status::from_code(&d.status).ok_or(FormProblem::Required("status"))?;
    let on = d.on_date.unwrap_or(today);
    settled(store.move_internship(id, to, on, &d.reason, today, by.by, by.at))
}

/// Moves the planned end (within the programme's extension).
pub fn extend<'a>(
    store: &mut Store,
    case: Uuid,
    id: Uuid,
    doc: &Map<String, Value>,
    by: impl Into<Stamp<'a>>,
) -> Answer<()> {
    let by: Stamp = by.into();
    let d: ExtendDoc = decode(doc);
    let end = d
        .planned_end_on
        .ok_or(FormProblem::Required("planned_end_on"))?;
    let (_, extendable) = rules(store, case)?;
    settled(store.extend_internship(id, end, extendable, by.by, by.at))
}

/// Records a month's attendance from the attendance form: within the hours the month can
/// hold so far, never for days to come.
pub fn record_month<'a>(
    store: &mut Store,
    id: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
) -> Answer<()> {
    let by: Stamp = by.into();
    let d: AttendanceDoc = decode(doc);
    let m = InternshipMonth {
        month: d.month,
        hours: d.hours.unwrap_or(0),
        days_absent: d.days_absent.unwrap_or(0),
        note: d.note,
    };
    if m.month.is_empty() {
        return Err(FormProblem::Required("month").into());
    }
    settled(store.record_month(id, &m, today, by.by, by.at))
}

/// Pays a month's allowance from the plan's allowance line (the allowance payment form:
/// month, amount, date): once per month, after it began, against its attendance, within the
/// line and the total; what must be committed first is committed in the same step.
pub fn pay_month<'a>(
    store: &mut Store,
    id: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
) -> Answer<Budget> {
    let d: AllowancePaymentDoc = decode(doc);
    let month = d.month.as_str();
    if month.is_empty() {
        return Err(FormProblem::Required("month").into());
    }
    let cents = d.amount.ok_or(FormProblem::Required("amount"))?;
    let on = d.on_date.ok_or(FormProblem::Required("on_date"))?;
    let payment = MonthPayment {
        month,
        cents,
        on,
        note: month,
    };
    let by: Stamp = by.into();
    settled(store.pay_month(id, &payment, today, by.by, by.at))
}
