//! The plan's money: programmes, enrolment, commitments, releases, payments and hours, the
//! same verbs for the TUI and the command line. A closed case takes no money.

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::money::{Budget, Op, OpKind, cost_of_minutes};
use crate::domain::plan::{self, PlanAction};
use crate::domain::programme::{self, Unit};
use crate::service::documents::LedgerEntryDoc;
use crate::service::outcome::{Failure, Outcome, PlanRefusal, Reason, settled};
use crate::service::stamp::Stamp;
use crate::store::money::{EnrolRefusal, LedgerEntry, Movement, StoredProgramme};
use crate::store::{Store, StoreResult};

/// A case's budget with its programme, as the plan screen and `case show` read it.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetView {
    pub programme: StoredProgramme,
    pub budget: Budget,
}

/// Adds the shipped programmes a database does not have yet (idempotent).
pub fn ensure_programmes<'a>(store: &mut Store, by: impl Into<Stamp<'a>>) -> StoreResult<u64> {
    store.ensure_programmes(&programme::shipped(), by.into().by)
}

pub fn budget(store: &Store, case: Uuid) -> StoreResult<Option<BudgetView>> {
    Ok(store
        .budget(case)?
        .map(|(programme, budget)| BudgetView { programme, budget }))
}

fn open(store: &Store, case: Uuid) -> Outcome<()> {
    if store.case_is_open(case)? {
        Ok(())
    } else {
        Err(PlanRefusal::CaseClosed.into())
    }
}

/// Enrols the case in the programme with this code (before any money moved).
pub fn enrol<'a>(
    store: &mut Store,
    case: Uuid,
    code: &str,
    by: impl Into<Stamp<'a>>,
) -> Outcome<()> {
    open(store, case)?;
    let unknown = || PlanRefusal::UnknownProgramme(code.into());
    let p = store
        .programmes()?
        .into_iter()
        .find(|p| p.programme.code == code)
        .ok_or_else(unknown)?;
    let by: Stamp = by.into();
    match store.enrol(case, p.id, by.by, by.at)? {
        Ok(()) => Ok(()),
        Err(EnrolRefusal::MoneyMoved) => Err(PlanRefusal::MoneyMoved.into()),
        Err(EnrolRefusal::UnknownProgramme) => Err(unknown().into()),
        Err(EnrolRefusal::PaiNotSigned) => Err(PlanRefusal::PaiNotSigned.into()),
    }
}

/// A movement asked on a line of the case's budget: what, on which line, on which day, with
/// which note (the amount beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    pub kind: OpKind,
    pub line: &'a str,
    pub on: NaiveDate,
    pub note: &'a str,
}

/// Commits, releases or pays `cents` on a line of the case's budget.
pub fn move_money<'a>(
    store: &mut Store,
    case: Uuid,
    e: &Entry<'_>,
    cents: i64,
    by: impl Into<Stamp<'a>>,
) -> Outcome<Budget> {
    record(store, case, e, cents, None, by.into())
}

fn record(
    store: &mut Store,
    case: Uuid,
    e: &Entry<'_>,
    cents: i64,
    minutes: Option<i64>,
    by: Stamp<'_>,
) -> Outcome<Budget> {
    open(store, case)?;
    let movement = Movement {
        op: Op {
            kind: e.kind,
            line: e.line.into(),
            cents,
        },
        minutes,
        on_date: e.on,
        note: e.note,
        link: None,
    };
    match store.move_money(case, &movement, by.by, by.at)? {
        Ok(b) => Ok(b),
        Err(refusal) => {
            let programme = budget(store, case)?.ok_or(PlanRefusal::NotEnrolled)?;
            Err(Failure::Refused(Reason::Money {
                refusal,
                programme: Box::new(programme.programme.programme),
            }))
        }
    }
}

/// Pays `cents` on a line. The trainee's allowance is paid month by month from the
/// internship (`service::internships::pay_month`) where the programme asks attendance.
pub fn pay<'a>(
    store: &mut Store,
    case: Uuid,
    line: &str,
    cents: i64,
    on: NaiveDate,
    note: &str,
    by: impl Into<Stamp<'a>>,
) -> Outcome<()> {
    let e = Entry {
        kind: OpKind::Pay,
        line,
        on,
        note,
    };
    record(store, case, &e, cents, None, by.into()).map(|_| ())
}

/// Logs `minutes` of a service counted in hours: committed (or paid) at the line's unit
/// cost, rounded to the cent.
pub fn log_hours<'a>(
    store: &mut Store,
    case: Uuid,
    e: &Entry<'_>,
    minutes: i64,
    by: impl Into<Stamp<'a>>,
) -> Outcome<Budget> {
    let view = budget(store, case)?.ok_or(PlanRefusal::NotEnrolled)?;
    let unit = view
        .programme
        .programme
        .line(e.line)
        .filter(|l| l.unit == Unit::Hour)
        .and_then(|l| l.unit_cost_cents)
        .ok_or_else(|| PlanRefusal::NotHours(e.line.to_string()))?;
    let cents = cost_of_minutes(unit, minutes);
    record(store, case, e, cents, Some(minutes), by.into())
}

/// The line a case's trainee allowance is paid from, when enrolled.
pub fn allowance_line(store: &Store, case: Uuid) -> StoreResult<Option<String>> {
    Ok(budget(store, case)?.and_then(|v| {
        v.programme
            .programme
            .allowance_line()
            .map(|l| l.code.clone())
    }))
}

/// Everything the plan screen shows of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanOverview {
    pub person: String,
    pub open: bool,
    pub doc: Option<Map<String, Value>>,
    pub goals: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub actions: Vec<PlanAction>,
    pub budget: Option<BudgetView>,
    /// The latest movements, newest first.
    pub ledger: Vec<LedgerEntry>,
}

/// How many movements the plan screen lists.
pub const LEDGER_SHOWN: usize = 8;

/// The plan of a case; `None` when there is no such case.
pub fn overview(store: &Store, case: Uuid) -> StoreResult<Option<PlanOverview>> {
    let Some(summary) = store.case(case)? else {
        return Ok(None);
    };
    let person = store
        .person(summary.person_id)?
        .map(|p| p.record.display_name())
        .unwrap_or_default();
    let doc = store.case_form(case, "action_plan")?;
    Ok(Some(PlanOverview {
        person,
        open: summary.is_open(),
        goals: doc.as_ref().and_then(plan::goals),
        signed_on: doc.as_ref().and_then(plan::signed_on),
        actions: doc.as_ref().map(plan::actions).unwrap_or_default(),
        doc,
        budget: budget(store, case)?,
        ledger: store.ledger(case, LEDGER_SHOWN)?,
    }))
}

/// Records the movement a `ledger_entry` form describes: on `line`, `amount` euros or
/// `hours` at the line's unit cost, on `on_date`, with a `note`.
pub fn record_movement<'a>(
    store: &mut Store,
    case: Uuid,
    kind: OpKind,
    doc: &Map<String, Value>,
    by: impl Into<Stamp<'a>>,
) -> Outcome<Budget> {
    let d: LedgerEntryDoc = crate::service::documents::decode(doc);
    let on = d.on_date.ok_or(PlanRefusal::Invalid)?;
    let e = Entry {
        kind,
        line: &d.line,
        on,
        note: &d.note,
    };
    match (d.hours, d.amount) {
        (Some(h), _) => log_hours(store, case, &e, h * 60, by),
        (None, Some(cents)) => record(store, case, &e, cents, None, by.into()),
        (None, None) => Err(PlanRefusal::Invalid.into()),
    }
}

/// Saves the PAI of an open case (checked against its form first); refused (a conflict,
/// nothing written) when someone else saved it after `opened`.
pub fn save_plan<'a>(
    store: &mut Store,
    case: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
    opened: Option<chrono::DateTime<chrono::Utc>>,
) -> Outcome<Vec<String>> {
    let by: Stamp = by.into();
    crate::service::cases::validate("action_plan", doc, today)?;
    settled(store.save_plan(case, doc, by.by, by.at, opened))
}
