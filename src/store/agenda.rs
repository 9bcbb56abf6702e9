//! The agenda's facts: one indexed, LIMITed query per rule, over the open cases of live
//! people. Each query is driven by the partial index of schema step 6 made for it (its WHERE
//! repeats the index's expression, so the planner can use it); the store only returns raw
//! facts, `domain::agenda` decides what is due.

use super::codec::date;
use super::{Store, StoreError, StoreResult};
use crate::domain::agenda::{self, Fact, Kind, Rules, Subject};
use chrono::NaiveDate;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactQuery {
    pub today: NaiveDate,
    pub rules: Rules,
    /// Only the cases of this operator (`cases.operator`).
    pub operator: Option<String>,
    /// At most this many rows per kind.
    pub limit: usize,
    /// Which stretch of each rule's dates to read.
    pub window: Window,
    /// Count the matches past `limit` (up to [`FACT_COUNT_CAP`]); false: `total` is the rows
    /// read, for a first screen drawn before the counts are known.
    pub count: bool,
}

/// The stretches of a rule's indexed date read apart, so that no stretch crowds out another:
/// a thousand permits expired last year never hide one expiring next week. The bounds are
/// on the rule's own date column, placed so that an item due on or after
/// `today - STALE_AFTER_DAYS` is never read as stale (`domain::agenda` places each item in its
/// group from its due date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Due from `today - STALE_AFTER_DAYS` up to today (the most late first).
    Recent,
    /// Due from today on, within the rule's own bound (the soonest first). Rules with no such
    /// date (budget lines, the asylum and conversion windows) are read whole here.
    Upcoming,
    /// Due before `today - STALE_AFTER_DAYS`: records to check (the most recent first).
    Stale,
}

/// The facts of one kind: at most `limit` rows, the most urgent first, and how many match
/// (at most [`FACT_COUNT_CAP`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindFacts {
    pub kind: Kind,
    pub rows: Vec<(Subject, Fact)>,
    pub total: usize,
}

/// Who and which case: the first four columns of every query.
const SUBJECT: &str = "c.id, c.operator, p.id, p.display_name";
/// Open cases of live people; `?1` is the operator filter (NULL: everyone).
const OPEN: &str =
    "c.closed_at IS NULL AND p.deleted_at IS NULL AND (?1 IS NULL OR c.operator = ?1)";
/// The driving table first (CROSS JOIN keeps the order), so its partial index leads.
const FROM_PEOPLE: &str = "people p CROSS JOIN cases c ON c.person_id = p.id";

/// One rule's query: tables, its own WHERE (the partial index's expression and the date
/// bounds `?2`, `?3`), the fact columns and the order (the indexed column).
struct Plan {
    from: String,
    filter: String,
    columns: &'static str,
    order: &'static str,
    bounds: Vec<Value>,
    /// Days from the `order` column's date to the due date, for rules whose due date moves
    /// with it; None for rules read whole in [`Window::Upcoming`].
    lead: Option<i64>,
}

fn via_case(table: &str, alias: &str, extra_join: &str) -> String {
    format!(
        "{table} {alias} {extra_join} CROSS JOIN cases c ON c.id = {alias}.case_id \
         CROSS JOIN people p ON p.id = c.person_id"
    )
}

fn day(d: Option<NaiveDate>) -> StoreResult<Value> {
    d.map(|d| Value::Text(date(d)))
        .ok_or_else(|| StoreError::Other("agenda date out of range".into()))
}

fn plan(kind: Kind, q: &FactQuery) -> StoreResult<Plan> {
    let r = &q.rules;
    let today = q.today;
    let p = match kind {
        Kind::FollowUp => Plan {
            from: via_case("follow_ups", "f", ""),
            filter: "f.done_on IS NULL AND f.due_on <= ?2".into(),
            columns: "f.due_on, f.done_on",
            order: "f.due_on",
            bounds: vec![day(Some(today))?],
            lead: Some(0),
        },
        Kind::Permit => Plan {
            from: FROM_PEOPLE.into(),
            filter: "p.deleted_at IS NULL AND p.permit_expiry IS NOT NULL \
                     AND p.permit_expiry <= ?2"
                .into(),
            columns: "p.permit_expiry",
            order: "p.permit_expiry",
            bounds: vec![day(agenda::shift(today, r.permit_warning_days))?],
            lead: Some(0),
        },
        Kind::Patto => Plan {
            from: FROM_PEOPLE.into(),
            filter: "p.deleted_at IS NULL AND p.did_on IS NOT NULL AND p.patto_on IS NULL".into(),
            columns: "p.did_on, p.patto_on, p.on_benefit",
            order: "p.did_on",
            bounds: vec![],
            lead: Some(agenda::PATTO_DAYS as i64),
        },
        Kind::AsylumWork => {
            let (lo, hi) = agenda::asylum_applied_range(today)
                .ok_or_else(|| StoreError::Other("agenda date out of range".into()))?;
            Plan {
                from: FROM_PEOPLE.into(),
                filter: format!(
                    "p.deleted_at IS NULL AND p.asylum_applied_on IS NOT NULL \
                     AND p.asylum_applied_on BETWEEN ?2 AND ?3 AND p.legal_status = '{}'",
                    agenda::ASYLUM_APPLICANT
                ),
                columns: "p.asylum_applied_on, p.legal_status",
                order: "p.asylum_applied_on",
                bounds: vec![day(Some(lo))?, day(Some(hi))?],
                lead: None,
            }
        }
        Kind::UamConversion => {
            let (lo, hi) = agenda::uam_birth_range(today)
                .ok_or_else(|| StoreError::Other("agenda date out of range".into()))?;
            Plan {
                from: FROM_PEOPLE.into(),
                filter: "p.deleted_at IS NULL AND p.arrived_as_uam = 1 \
                         AND p.birth_date BETWEEN ?2 AND ?3"
                    .into(),
                columns: "p.birth_date",
                order: "p.birth_date",
                bounds: vec![day(Some(lo))?, day(Some(hi))?],
                lead: None,
            }
        }
        Kind::Referral => Plan {
            from: via_case(
                "referrals",
                "r",
                "CROSS JOIN partners pa ON pa.id = r.partner_id",
            ),
            filter: "r.status = 'sent' AND r.sent_on < ?2".into(),
            columns: "r.sent_on, pa.name",
            order: "r.sent_on",
            bounds: vec![day(agenda::shift(today, -r.referral_answer_days))?],
            lead: Some(r.referral_answer_days),
        },
        Kind::Internship => Plan {
            from: via_case(
                "internships",
                "i",
                "LEFT JOIN partners pa ON pa.id = i.partner_id",
            ),
            filter: "i.status IN ('planned', 'active', 'suspended') \
                     AND i.status IN ('active', 'suspended') AND i.planned_end_on <= ?2"
                .into(),
            columns: "i.status, i.planned_end_on, pa.name",
            order: "i.planned_end_on",
            bounds: vec![day(agenda::shift(today, r.internship_ending_days))?],
            lead: Some(0),
        },
        Kind::PlanAction => Plan {
            from: via_case("plan_actions", "a", ""),
            filter: "a.due_on IS NOT NULL AND a.status IN ('planned', 'in_progress') \
                     AND a.due_on < ?2"
                .into(),
            columns: "a.status, a.due_on, a.title",
            order: "a.due_on",
            bounds: vec![day(Some(today))?],
            lead: Some(0),
        },
        Kind::Budget => {
            // The partial index holds the lines used at 90% or more: it serves any alert
            // threshold from 90% up; a lower one reads every line.
            let nearly = if r.budget_alert_percent >= 90 {
                "b.budget_cents > 0 AND b.committed_cents * 10 >= b.budget_cents * 9 AND "
            } else {
                "b.budget_cents > 0 AND "
            };
            Plan {
                from: via_case("case_budget", "b", ""),
                filter: format!("{nearly}b.committed_cents * 100 >= b.budget_cents * ?2"),
                columns: "b.line, b.budget_cents, b.committed_cents",
                order: "b.case_id, b.position",
                bounds: vec![Value::Integer(r.budget_alert_percent)],
                lead: None,
            }
        }
    };
    Ok(p)
}

/// The window's condition on the rule's date column, its direction, and its bounds (placed
/// after the plan's own).
fn window_sql(p: &Plan, w: Window, today: NaiveDate) -> StoreResult<Option<(String, Vec<Value>)>> {
    let Some(lead) = p.lead else {
        return Ok((w == Window::Upcoming).then(|| (format!("ORDER BY {}", p.order), vec![])));
    };
    let n = p.bounds.len() + 2;
    let mid = day(agenda::shift(today, -lead))?;
    let lo = day(agenda::shift(today, -lead - agenda::STALE_AFTER_DAYS))?;
    let o = p.order;
    Ok(Some(match w {
        Window::Recent => (
            format!("AND {o} >= ?{n} AND {o} < ?{} ORDER BY {o}", n + 1),
            vec![lo, mid],
        ),
        Window::Upcoming => (format!("AND {o} >= ?{n} ORDER BY {o}"), vec![mid]),
        Window::Stale => (format!("AND {o} < ?{n} ORDER BY {o} DESC"), vec![lo]),
    }))
}

fn rows_sql(p: &Plan, window: &str, limit: usize) -> String {
    format!(
        "SELECT {SUBJECT}, {} FROM {} WHERE {} AND {OPEN} {window} LIMIT ?{limit}",
        p.columns, p.from, p.filter
    )
}

/// Counting stops here: past it, the figure shows as "at least" (a count must stay cheap
/// on a register of 100,000 people with thousands of expired permits).
pub const FACT_COUNT_CAP: usize = 500;

fn count_sql(p: &Plan, window: &str) -> String {
    let cond = window.split(" ORDER BY").next().unwrap_or("");
    format!(
        "SELECT count(*) FROM (SELECT 1 FROM {} WHERE {} AND {OPEN} {cond} LIMIT {FACT_COUNT_CAP})",
        p.from, p.filter
    )
}

impl Store {
    /// The facts of one rule for the open cases (of `q.operator`), at most `q.limit`, the
    /// most urgent first, with the number of all matching rows.
    pub fn agenda_facts(&self, kind: Kind, q: &FactQuery) -> StoreResult<KindFacts> {
        let p = plan(kind, q)?;
        let Some((window, extra)) = window_sql(&p, q.window, q.today)? else {
            return Ok(KindFacts {
                kind,
                rows: Vec::new(),
                total: 0,
            });
        };
        let mut args: Vec<Value> = vec![match &q.operator {
            Some(o) => Value::Text(o.clone()),
            None => Value::Null,
        }];
        args.extend(p.bounds.iter().cloned());
        args.extend(extra);
        let count_args = args.clone();
        args.push(Value::Integer(i64::try_from(q.limit).unwrap_or(i64::MAX)));
        let mut st = self
            .conn
            .prepare_cached(&rows_sql(&p, &window, args.len()))?;
        let raws = st
            .query_map(params_from_iter(args.iter()), raw)?
            .collect::<Result<Vec<_>, _>>()?;
        // Fewer rows than the limit are all of them: counting is needed only past it.
        let total: i64 = if raws.len() < q.limit || !q.count {
            i64::try_from(raws.len()).unwrap_or(i64::MAX)
        } else {
            self.conn
                .prepare_cached(&count_sql(&p, &window))?
                .query_row(params_from_iter(count_args.iter()), |r| r.get(0))?
        };
        let mut rows = Vec::with_capacity(raws.len());
        for (case, operator, person, name, extra) in raws {
            let Some(f) = fact(kind, &extra) else {
                tracing::warn!(kind = kind.code(), person = %person.0, "agenda fact with an unreadable date");
                continue;
            };
            let subject = Subject {
                person_id: person.0,
                person: name,
                case_id: case.0,
                operator,
            };
            rows.push((subject, f));
        }
        Ok(KindFacts {
            kind,
            rows,
            total: usize::try_from(total).unwrap_or(0),
        })
    }

    /// The operators owning open cases, sorted (the agenda's operator filter).
    pub fn open_case_operators(&self) -> StoreResult<Vec<String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT operator FROM cases WHERE closed_at IS NULL ORDER BY operator",
        )?;
        let v = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    /// The query plan of one rule's rows query (tests check that its index drives it).
    #[cfg(test)]
    pub(crate) fn agenda_query_plan(&self, kind: Kind, q: &FactQuery) -> StoreResult<String> {
        let p = plan(kind, q)?;
        let Some((window, extra)) = window_sql(&p, q.window, q.today)? else {
            return Ok(String::new());
        };
        let mut args: Vec<Value> = vec![Value::Null];
        args.extend(p.bounds.iter().cloned());
        args.extend(extra);
        args.push(Value::Integer(10));
        let mut st = self.conn.prepare(&format!(
            "EXPLAIN QUERY PLAN {}",
            rows_sql(&p, &window, args.len())
        ))?;
        let lines = st
            .query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(3))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(lines.join("\n"))
    }
}

#[path = "agenda_rows.rs"]
mod rows;
use rows::{fact, raw};

#[cfg(test)]
#[path = "agenda_tests.rs"]
mod tests;
