//! The agenda's rows read into facts: the subject's four columns and each rule's three.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::Value;

use super::super::codec::Id;
use crate::domain::agenda::{Fact, Kind};

fn parse_day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

pub(super) type RawRow = (Id, String, Id, String, [Value; 3]);

pub(super) fn raw(row: &Row<'_>) -> rusqlite::Result<RawRow> {
    let extra = |i: usize| -> rusqlite::Result<Value> {
        Ok(row.get::<_, Value>(4 + i).unwrap_or(Value::Null))
    };
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        [extra(0)?, extra(1)?, extra(2)?],
    ))
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) => Some(s.clone()),
        _ => None,
    }
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Integer(i) => *i,
        _ => 0,
    }
}

/// The fact of a row, or None when a date in it cannot be read (a broken document must not
/// hide the rest of the agenda).
pub(super) fn fact(kind: Kind, v: &[Value; 3]) -> Option<Fact> {
    let d = |i: usize| parse_day(text(&v[i]));
    Some(match kind {
        Kind::FollowUp => Fact::FollowUp {
            due_on: d(0)?,
            done_on: d(1),
        },
        Kind::Permit => Fact::Permit { expiry: d(0)? },
        Kind::Patto => Fact::Patto {
            did_on: d(0)?,
            patto_on: d(1),
            on_benefit: int(&v[2]) == 1,
        },
        Kind::AsylumWork => Fact::AsylumWork {
            applied_on: d(0)?,
            legal_status: text(&v[1]),
        },
        Kind::UamConversion => Fact::UamConversion { birth: d(0)? },
        Kind::Referral => Fact::Referral {
            sent_on: d(0)?,
            partner: text(&v[1]).unwrap_or_default(),
        },
        Kind::Internship => Fact::Internship {
            status: text(&v[0]).unwrap_or_default(),
            planned_end_on: d(1)?,
            partner: text(&v[2]),
        },
        Kind::PlanAction => Fact::PlanAction {
            status: text(&v[0]).unwrap_or_default(),
            due_on: d(1)?,
            title: text(&v[2]).unwrap_or_default(),
        },
        Kind::Budget => Fact::Budget {
            line: text(&v[0]).unwrap_or_default(),
            budget_cents: int(&v[1]),
            committed_cents: int(&v[2]),
        },
    })
}
