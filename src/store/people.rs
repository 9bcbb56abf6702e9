//! Saving and reading people.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::Value;
use uuid::Uuid;

use super::codec::{at_text, date, id as key, ts};
use super::journal::{self, Line};
use super::person_rows::{self as rows, Meta};
use super::{Store, StoreError, StoreResult, cases, search_index};
use crate::domain::person::{PersonRecord, StoredPerson};

/// What `save_person` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaveOutcome {
    /// True when the person did not exist before this save.
    pub created: bool,
    /// The case opened by this save (only when the person was created).
    pub case_id: Option<Uuid>,
}

/// A save refused because the record was saved by someone else after it was opened.
#[derive(Debug, Clone, PartialEq)]
pub struct EditConflict {
    pub updated_at: DateTime<Utc>,
    pub by: String,
}

/// One tax code a person has held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxCodeEntry {
    pub code: String,
    /// `personal` (16 characters) or `provisional` (11 digits).
    pub kind: String,
    pub first_seen_at: DateTime<Utc>,
    /// When another code took its place; `None` for the current one.
    pub replaced_at: Option<DateTime<Utc>>,
}

/// Inserts a new person with every row that goes with them: names, phones, tax-code
/// history, index row, journal line, and a case with the steps after intake. Returns the
/// case id, or `None` (nothing written) when the id already exists.
pub(crate) fn insert_new(
    conn: &Connection,
    rec: &PersonRecord,
    seq: i64,
    now: DateTime<Utc>,
    by: &str,
) -> StoreResult<Option<Uuid>> {
    let at = ts(now);
    if !rows::insert(conn, rec, &serde_json::to_string(&rec.data)?, seq, &at)? {
        return Ok(None);
    }
    search_index::insert(
        conn,
        seq,
        &rec.names,
        rec.birth_date,
        &search_index::codes_text(
            rec.tax_code.as_deref(),
            &rec.phones,
            rec.permit_number.as_deref(),
        ),
    )?;
    // The person and their case: one audit entry over both lines.
    let mut run = journal::Run::default();
    run.write(
        conn,
        &Line {
            entity: journal::PERSON,
            entity_id: rec.id,
            field: None,
            old_value: None,
            new_value: Some(&serde_json::to_string(rec)?),
            at: &at,
            by,
            case_id: None,
        },
    )?;
    let case = cases::open_after_intake(conn, &mut run, rec.id, now, &at, by)?;
    run.seal(conn)?;
    Ok(Some(case))
}

/// The fields the journal compares, each as JSON (`None` when absent).
fn fields(rec: &PersonRecord) -> StoreResult<Vec<(String, Option<Value>)>> {
    let s = |v: &Option<String>| v.clone().map(Value::String);
    let mut out = vec![
        ("names".to_string(), Some(serde_json::to_value(&rec.names)?)),
        (
            "birth_date".into(),
            rec.birth_date.map(|d| Value::String(date(d))),
        ),
        (
            "sex".into(),
            rec.sex.map(|x| Value::String(x.code().into())),
        ),
        ("birth_country".into(), s(&rec.birth_country)),
        ("tax_code".into(), s(&rec.tax_code)),
        ("phones".into(), Some(serde_json::to_value(&rec.phones)?)),
        ("permit_number".into(), s(&rec.permit_number)),
        (
            "permit_expiry".into(),
            rec.permit_expiry.map(|d| Value::String(date(d))),
        ),
    ];
    for (k, v) in &rec.data {
        out.push((format!("data.{k}"), Some(v.clone())));
    }
    Ok(out)
}

/// `(field, old, new)` for every field that differs.
type Diff = Vec<(String, Option<Value>, Option<Value>)>;

fn diff(old: &PersonRecord, new: &PersonRecord) -> StoreResult<Diff> {
    let before = fields(old)?;
    let after = fields(new)?;
    let mut out = Vec::new();
    for (k, v) in &after {
        let was = before
            .iter()
            .find(|(b, _)| b == k)
            .and_then(|(_, v)| v.clone());
        if was != *v {
            out.push((k.clone(), was, v.clone()));
        }
    }
    for (k, v) in before {
        if v.is_some() && !after.iter().any(|(a, _)| *a == k) {
            out.push((k, v, None));
        }
    }
    Ok(out)
}

fn json_text(v: &Option<Value>) -> StoreResult<Option<String>> {
    Ok(v.as_ref().map(serde_json::to_string).transpose()?)
}

pub(crate) fn update_existing(
    conn: &Connection,
    rec: &PersonRecord,
    old: &PersonRecord,
    meta: &Meta,
    now: DateTime<Utc>,
    by: &str,
) -> StoreResult<()> {
    let at = ts(now);
    let changes = diff(old, rec)?;
    if !changes.is_empty() {
        rows::update(conn, rec, &at)?;
        let (names, phones) = (old.names != rec.names, old.phones != rec.phones);
        rows::clear_names_and_phones(conn, rec.id, names, phones)?;
        if names {
            rows::write_names(conn, rec.id, &rec.names)?;
        }
        if phones {
            rows::write_phones(conn, rec.id, &rec.phones)?;
        }
        if old.tax_code != rec.tax_code {
            rows::retire_tax_codes(conn, rec.id, &at)?;
            if let Some(code) = &rec.tax_code {
                rows::add_tax_code(conn, rec.id, code, &at)?;
            }
        }
    }
    let mut lines = changes;
    if let Some(deleted) = meta.deleted_at {
        conn.prepare_cached("UPDATE people SET deleted_at = NULL WHERE id = ?1")?
            .execute(params![key(rec.id)])?;
        lines.push(("deleted_at".into(), Some(Value::String(ts(deleted))), None));
    }
    for (field, was, is) in &lines {
        journal::write(
            conn,
            &Line {
                entity: journal::PERSON,
                entity_id: rec.id,
                field: Some(field),
                old_value: json_text(was)?.as_deref(),
                new_value: json_text(is)?.as_deref(),
                at: &at,
                by,
                case_id: None,
            },
        )?;
    }
    // Every save is activity: the person moves to the top of the register.
    let seq = rows::next_seq(conn)?;
    search_index::delete(conn, meta.seq)?;
    let codes: Vec<String> = rows::tax_codes(conn, rec.id)?
        .into_iter()
        .map(|(code, ..)| code)
        .collect();
    search_index::insert(
        conn,
        seq,
        &rec.names,
        rec.birth_date,
        &search_index::codes_text(
            codes.iter().map(String::as_str),
            &rec.phones,
            rec.permit_number.as_deref(),
        ),
    )?;
    conn.prepare_cached(
        "UPDATE people SET activity_seq = ?2, last_activity_at = ?3 WHERE id = ?1",
    )?
    .execute(params![key(rec.id), seq, at_text(&at)])?;
    Ok(())
}

impl Store {
    /// Saves an intake: creates the person (with a case whose intake step is done) or
    /// updates what changed, journals it, refreshes the index, and deletes `draft`, all in
    /// one transaction. Idempotent by `rec.id`: saving twice never makes two people.
    /// Saving a soft-deleted person restores them.
    pub fn save_person(
        &mut self,
        rec: &PersonRecord,
        by: &str,
        now: DateTime<Utc>,
        draft: Option<Uuid>,
    ) -> StoreResult<SaveOutcome> {
        match self.save_person_checked(rec, by, now, draft, None)? {
            Ok(o) => Ok(o),
            Err(c) => Err(StoreError::Other(format!(
                "unexpected edit conflict: {c:?}"
            ))),
        }
    }

    /// As [`Store::save_person`], refused (nothing written) when the stored record was saved
    /// after `opened` — by another program, another operator — so that nobody's work is
    /// overwritten unseen.
    pub fn save_person_checked(
        &mut self,
        rec: &PersonRecord,
        by: &str,
        now: DateTime<Utc>,
        draft: Option<Uuid>,
        opened: Option<DateTime<Utc>>,
    ) -> StoreResult<Result<SaveOutcome, EditConflict>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let loaded = rows::load(&tx, rec.id)?;
        if let (Some((_, meta)), Some(opened)) = (&loaded, opened)
            && meta.updated_at > opened
        {
            let last_by: Option<String> = tx
                .prepare_cached(
                    "SELECT by FROM changes WHERE entity = ?2 AND entity_id = ?1
                     ORDER BY seq DESC LIMIT 1",
                )?
                .query_row(
                    params![key(rec.id), super::codec::entity(journal::PERSON)],
                    |r| r.get(0),
                )
                .optional()?;
            return Ok(Err(EditConflict {
                updated_at: meta.updated_at,
                by: last_by.unwrap_or_default(),
            }));
        }
        let outcome = match loaded {
            None => {
                let seq = rows::next_seq(&tx)?;
                let case = insert_new(&tx, rec, seq, now, by)?;
                SaveOutcome {
                    created: case.is_some(),
                    case_id: case,
                }
            }
            Some((old, meta)) => {
                update_existing(&tx, rec, &old, &meta, now, by)?;
                SaveOutcome {
                    created: false,
                    case_id: None,
                }
            }
        };
        if let Some(d) = draft {
            tx.prepare_cached("DELETE FROM drafts WHERE id = ?1")?
                .execute(params![key(d)])?;
        }
        tx.commit()?;
        Ok(Ok(outcome))
    }

    /// Marks a person deleted (kept for the journal, gone from the register). Returns
    /// false when there was no such live person.
    pub fn soft_delete_person(
        &mut self,
        id: Uuid,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let seq: Option<i64> = tx
            .prepare_cached("SELECT activity_seq FROM people WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row(params![key(id)], |r| r.get(0))
            .optional()?;
        let Some(seq) = seq else {
            return Ok(false);
        };
        let at = ts(now);
        tx.prepare_cached("UPDATE people SET deleted_at = ?2 WHERE id = ?1")?
            .execute(params![key(id), at_text(&at)])?;
        search_index::delete(&tx, seq)?;
        journal::write(
            &tx,
            &Line {
                entity: journal::PERSON,
                entity_id: id,
                field: Some("deleted_at"),
                old_value: None,
                new_value: Some(&serde_json::to_string(&at)?),
                at: &at,
                by,
                case_id: None,
            },
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// A live (not deleted) person.
    pub fn person(&self, id: Uuid) -> StoreResult<Option<StoredPerson>> {
        Ok(match rows::load(&self.conn, id)? {
            Some((rec, meta)) if meta.deleted_at.is_none() => Some(rows::stored(rec, &meta)),
            _ => None,
        })
    }

    /// Every tax code the person has held, oldest first.
    pub fn tax_code_history(&self, id: Uuid) -> StoreResult<Vec<TaxCodeEntry>> {
        rows::tax_codes(&self.conn, id)?
            .into_iter()
            .map(|(code, kind, first, replaced)| {
                Ok(TaxCodeEntry {
                    code,
                    kind,
                    first_seen_at: first.0,
                    replaced_at: replaced.map(|r| r.0),
                })
            })
            .collect()
    }

    /// How many live people the register holds.
    pub fn count_people(&self) -> StoreResult<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM people WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(n.max(0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::Sex;

    #[test]
    fn unchanged_records_have_no_diff_and_removed_keys_do() {
        let mut a = PersonRecord {
            id: Uuid::now_v7(),
            names: Vec::new(),
            birth_date: None,
            sex: Some(Sex::F),
            birth_country: None,
            tax_code: None,
            phones: Vec::new(),
            permit_number: None,
            permit_expiry: None,
            data: serde_json::Map::new(),
        };
        a.data.insert("x".into(), Value::from(1));
        assert!(diff(&a, &a).unwrap().is_empty());
        let mut b = a.clone();
        b.data.remove("x");
        b.sex = None;
        let d = diff(&a, &b).unwrap();
        assert_eq!(
            d,
            vec![
                ("sex".into(), Some(Value::from("F")), None),
                ("data.x".into(), Some(Value::from(1)), None),
            ]
        );
    }
}
