//! The name keys of every person (`domain::names`), in `people_keys`: a contentless FTS5
//! table beside `people_fts`, with the same rowid (the activity sequence) and one column of
//! keys: each name word by sound (`k…`, `m…`), pairs of names (`p…`), names with the birth
//! date (`b…`) and the birth date (`d…`). Written in the same transaction as the person;
//! rebuilt for every person once, at the first open after the schema step that made it.

use rusqlite::{Connection, TransactionBehavior, params};

use super::StoreResult;
use crate::domain::names;
use crate::domain::person::PersonName;

/// The marker in `desk` of a file whose keys are still to be written.
const PENDING: &str = "pending.name_keys";

pub(crate) fn keys_text(names: &[PersonName], birth: Option<chrono::NaiveDate>) -> String {
    names::person_keys(
        names.iter().map(|n| (n.surname.as_str(), n.given.as_str())),
        birth,
    )
    .join(" ")
}

pub(crate) fn insert(conn: &Connection, seq: i64, keys: &str) -> StoreResult<()> {
    conn.prepare_cached("INSERT INTO people_keys (rowid, keys) VALUES (?1, ?2)")?
        .execute(params![seq, keys])?;
    Ok(())
}

pub(crate) fn delete(conn: &Connection, seq: i64) -> StoreResult<()> {
    conn.prepare_cached("DELETE FROM people_keys WHERE rowid = ?1")?
        .execute(params![seq])?;
    Ok(())
}

/// Writes the keys of every live person when the file still lacks them (a register from
/// before the keys existed). One transaction: an interrupted run leaves the marker and is
/// done again from the start.
pub(crate) fn backfill(conn: &mut Connection) -> StoreResult<()> {
    let pending: bool = conn
        .prepare_cached("SELECT count(*) FROM desk WHERE key = ?1")?
        .query_row([PENDING], |r| r.get::<_, i64>(0))?
        > 0;
    if !pending {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute("DELETE FROM people_keys", [])?;
    {
        let mut people = tx.prepare(
            "SELECT p.activity_seq, p.birth_date,
                (SELECT json_group_array(json_array(n.surname, n.given))
                 FROM person_names n WHERE n.person_id = p.id)
             FROM people p WHERE p.deleted_at IS NULL",
        )?;
        let mut rows = people.query([])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let birth = super::codec::parse_date_opt(r.get(1)?)?;
            let pairs = super::codec::name_pairs(r.get(2)?)?;
            let names: Vec<PersonName> = pairs
                .into_iter()
                .map(|(surname, given)| PersonName {
                    surname,
                    given,
                    kind: String::new(),
                })
                .collect();
            insert(&tx, seq, &keys_text(&names, birth))?;
        }
    }
    tx.execute("DELETE FROM desk WHERE key = ?1", [PENDING])?;
    tx.commit()?;
    Ok(())
}

/// Rowids of `people_keys` matching `fts` (a query of keys), most recent first.
pub(crate) fn seqs(conn: &Connection, fts: &str, offset: u64, limit: u64) -> StoreResult<Vec<i64>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare_cached(
        "SELECT rowid FROM people_keys WHERE people_keys MATCH ?1
         ORDER BY rowid DESC LIMIT ?2 OFFSET ?3",
    )?;
    let rows = st
        .query_map(
            params![
                fts,
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(offset).unwrap_or(i64::MAX)
            ],
            |r| r.get(0),
        )?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(rows)
}
