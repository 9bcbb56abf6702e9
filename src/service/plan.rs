//! The plan's money: programmes, enrolment, commitments, releases, payments and hours, the
//! same verbs for the TUI and the command line. A closed case takes no money.

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::money::{Budget, Op, OpKind, Refusal, cost_of_minutes};
use crate::domain::plan::{self, PlanAction};
use crate::domain::programme::{self, Programme, Unit};
use crate::i18n::Msg;
use crate::service::documents::LedgerEntryDoc;
use crate::service::stamp::Stamp;
use crate::store::money::{EnrolRefusal, LedgerEntry, Movement, StoredProgramme};
use crate::store::{Store, StoreError, StoreResult};

/// Why a money operation or an enrolment did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanError {
    Refused {
        refusal: Refusal,
        programme: Box<Programme>,
    },
    CaseClosed,
    NotEnrolled,
    MoneyMoved,
    /// The programme asks a signed PAI before enrolment.
    PaiNotSigned,
    UnknownProgramme(String),
    NotHours(String),
    /// A movement without a date or an amount (the form prevents it; the CLI may not).
    Invalid,
    Store(StoreError),
}

impl From<StoreError> for PlanError {
    fn from(e: StoreError) -> PlanError {
        PlanError::Store(e)
    }
}

/// A case's budget with its programme, as the plan screen and `case show` read it.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetView {
    pub programme: StoredProgramme,
    pub budget: Budget,
}

/// Adds the shipped programmes a database does not have yet (idempotent).
pub fn ensure_programmes(store: &mut Store, by: &str) -> StoreResult<u64> {
    store.ensure_programmes(&programme::shipped(), by)
}

pub fn budget(store: &Store, case: Uuid) -> StoreResult<Option<BudgetView>> {
    Ok(store
        .budget(case)?
        .map(|(programme, budget)| BudgetView { programme, budget }))
}

fn open(store: &Store, case: Uuid) -> Result<(), PlanError> {
    if store.case_is_open(case)? {
        Ok(())
    } else {
        Err(PlanError::CaseClosed)
    }
}

/// Enrols the case in the programme with this code (before any money moved).
pub fn enrol(store: &mut Store, case: Uuid, code: &str, by: &str) -> Result<(), PlanError> {
    open(store, case)?;
    let p = store
        .programmes()?
        .into_iter()
        .find(|p| p.programme.code == code)
        .ok_or_else(|| PlanError::UnknownProgramme(code.into()))?;
    match store.enrol(case, p.id, by)? {
        Ok(()) => Ok(()),
        Err(EnrolRefusal::MoneyMoved) => Err(PlanError::MoneyMoved),
        Err(EnrolRefusal::UnknownProgramme) => Err(PlanError::UnknownProgramme(code.into())),
        Err(EnrolRefusal::PaiNotSigned) => Err(PlanError::PaiNotSigned),
    }
}

/// Commits, releases or pays `cents` on a line of the case's budget.
#[allow(clippy::too_many_arguments)]
pub fn move_money(
    store: &mut Store,
    case: Uuid,
    kind: OpKind,
    line: &str,
    cents: i64,
    on: NaiveDate,
    note: &str,
    by: &str,
) -> Result<Budget, PlanError> {
    record(store, case, kind, line, cents, None, on, note, None, by)
}

#[allow(clippy::too_many_arguments)]
fn record(
    store: &mut Store,
    case: Uuid,
    kind: OpKind,
    line: &str,
    cents: i64,
    minutes: Option<i64>,
    on: NaiveDate,
    note: &str,
    link: Option<(Uuid, String)>,
    by: &str,
) -> Result<Budget, PlanError> {
    open(store, case)?;
    let movement = Movement {
        op: Op {
            kind,
            line: line.into(),
            cents,
        },
        minutes,
        on_date: on,
        note,
        link,
    };
    match store.move_money(case, &movement, by)? {
        Ok(b) => Ok(b),
        Err(refusal) => {
            let programme = budget(store, case)?.ok_or(PlanError::NotEnrolled)?;
            Err(PlanError::Refused {
                refusal,
                programme: Box::new(programme.programme.programme),
            })
        }
    }
}

/// Pays `cents` on a line. The trainee's allowance is paid month by month from the
/// internship (`service::internships::pay_month`) where the programme asks attendance.
pub fn pay(
    store: &mut Store,
    case: Uuid,
    line: &str,
    cents: i64,
    on: NaiveDate,
    note: &str,
    by: &str,
) -> Result<(), PlanError> {
    record(
        store,
        case,
        OpKind::Pay,
        line,
        cents,
        None,
        on,
        note,
        None,
        by,
    )
    .map(|_| ())
}

/// Logs `minutes` of a service counted in hours: committed (or paid) at the line's unit
/// cost, rounded to the cent.
#[allow(clippy::too_many_arguments)]
pub fn log_hours(
    store: &mut Store,
    case: Uuid,
    kind: OpKind,
    line: &str,
    minutes: i64,
    on: NaiveDate,
    note: &str,
    by: &str,
) -> Result<Budget, PlanError> {
    let view = budget(store, case)?.ok_or(PlanError::NotEnrolled)?;
    let unit = view
        .programme
        .programme
        .line(line)
        .filter(|l| l.unit == Unit::Hour)
        .and_then(|l| l.unit_cost_cents)
        .ok_or_else(|| PlanError::NotHours(line.to_string()))?;
    let cents = cost_of_minutes(unit, minutes);
    record(
        store,
        case,
        kind,
        line,
        cents,
        Some(minutes),
        on,
        note,
        None,
        by,
    )
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
pub fn record_movement(
    store: &mut Store,
    case: Uuid,
    kind: OpKind,
    doc: &Map<String, Value>,
    by: &str,
) -> Result<Budget, PlanError> {
    let d: LedgerEntryDoc = crate::service::documents::decode(doc);
    let (line, note) = (d.line.as_str(), d.note.as_str());
    let on = d.on_date.ok_or(PlanError::Invalid)?;
    match (d.hours, d.amount) {
        (Some(h), _) => log_hours(store, case, kind, line, h * 60, on, note, by),
        (None, Some(cents)) => record(store, case, kind, line, cents, None, on, note, None, by),
        (None, None) => Err(PlanError::Invalid),
    }
}

/// Saves the PAI of an open case (checked against its form first).
/// Saves the PAI; refused (`form.conflict`, nothing written) when someone else saved it
/// after `opened`.
pub fn save_plan<'a>(
    store: &mut Store,
    case: Uuid,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: impl Into<Stamp<'a>>,
    opened: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Vec<String>, Msg> {
    let by: Stamp = by.into();
    let spec = crate::forms::form("action_plan")
        .ok_or_else(|| Msg::new("case.unknown_form").arg("form", "action_plan"))?;
    let state = crate::forms::FormState::from_document(spec, doc, today);
    if let Some(issue) = state.errors().first() {
        return Err(Msg::new("case.invalid")
            .arg("field", &issue.path.field)
            .arg("form", "action_plan"));
    }
    let answer = store
        .save_plan(case, doc, by.by, by.at, opened)
        .map_err(|e| e.msg())?;
    answer.map_err(|r| crate::service::cases::refusal_msg(&r))
}
