//! Applying the schema's steps (`schema_steps`). `PRAGMA user_version` counts the steps
//! applied; each step runs in its own transaction. A released step may be written another
//! way, never to another result (its schema text included: a test keeps it); a change of
//! result is a new step.
//!
//! A step that rewrites a filled table does it in memory that does not grow with the
//! register. Sorts and statement journals are in memory here (`temp_store = MEMORY`: nothing
//! personal in an unencrypted temporary file), so a step never builds an index over a filled
//! table (`CREATE INDEX` sorts every key), and never changes or frees many pages in one
//! statement that SQLite may have to undo halfway (it keeps a copy of each such page that
//! was in the file when the statement began: an `INSERT … SELECT` calling a function, an
//! `UPDATE` of many rows, a `DROP TABLE` or `DROP INDEX`, whose freed pages SQLCipher
//! zeroes). So a step rewrites a table ([`rewrite_table`]) by setting its rows aside in
//! their new shape in a plain table, one statement a row; emptying the old table with its
//! indexes (a `DELETE` of every row, which SQLite does without that copy), then dropping it;
//! making the new table and its indexes under the same names (written `CREATE TABLE "name"`,
//! as a rename leaves it, so that the schema text is the one the steps always left); and
//! copying the rows in, one statement a row, into indexes that grow as they go. Steps run
//! with foreign keys off (a check makes a statement one that may abort; the rows were
//! checked when written) and a page cache of their own.

use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, TransactionBehavior};

use super::schema_steps::{AFTER, STEPS};
use super::{StoreError, StoreResult};

/// The schema version this build writes.
pub const LATEST: u32 = STEPS.len() as u32;

pub(crate) fn version(conn: &Connection) -> StoreResult<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema up to `target` (at most [`LATEST`]); refuses a newer file.
pub(crate) fn migrate(conn: &mut Connection, target: u32) -> StoreResult<()> {
    // Steps that rewrite the journal call back into Rust (`compact`).
    super::compact::register(conn)?;
    while next_step(conn, target)?.is_some() {}
    Ok(())
}

/// The page cache a step runs with, in KiB: most of what a step holds in memory, whatever
/// the register's size (index pages that do not fit are read back from the file).
pub(super) const STEP_CACHE_KIB: i64 = 16_000;

/// Applies the next step below `target` in a transaction of its own (`compact::register`
/// done on `conn`): the version reached, or `None` when the file is there already. Between
/// two calls the file is whole at a version; `store::upgrade` reports and stops there.
pub(crate) fn next_step(conn: &mut Connection, target: u32) -> StoreResult<Option<u32>> {
    let keys: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -{STEP_CACHE_KIB};"
    ))?;
    let reached = apply_next(conn, target);
    let restored = conn.execute_batch(&format!(
        "PRAGMA foreign_keys = {keys}; PRAGMA cache_size = {cache};"
    ));
    let reached = reached?;
    restored?;
    Ok(reached)
}

fn apply_next(conn: &mut Connection, target: u32) -> StoreResult<Option<u32>> {
    let target = target.min(LATEST);
    // Read the version inside a write transaction, so two programs opening the same file at
    // once cannot both apply a step.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let v = version(&tx)?;
    if v > LATEST {
        return Err(StoreError::NewerSchema(v));
    }
    if v >= target {
        return Ok(None);
    }
    let step = STEPS
        .get(v as usize)
        .ok_or_else(|| StoreError::Other(format!("no migration step {v}")))?;
    tx.execute_batch(step)?;
    for (_, then) in AFTER.iter().filter(|(n, _)| *n == v + 1) {
        then(&tx)?;
    }
    tx.execute_batch(&format!("PRAGMA user_version = {}", v + 1))?;
    tx.commit()?;
    Ok(Some(v + 1))
}

/// A table rewritten in a new shape by [`rewrite_table`].
pub(super) struct Rewrite {
    /// Its name, before and after.
    pub table: &'static str,
    /// Its rows in the new shape: a query over the old table, its columns in the order of
    /// `into`'s.
    pub rows: &'static str,
    /// The new table and its indexes.
    pub make: &'static str,
    /// Where the rows go: the new table, and its columns when not all.
    pub into: &'static str,
}

/// Where a rewritten table's rows wait while the old table is emptied and dropped.
pub(super) const HELD: &str = "rewrite_rows";

/// Rewrites `r.table` (see the module's doc).
pub(super) fn rewrite_table(tx: &Connection, r: &Rewrite) -> StoreResult<()> {
    let columns = tx.prepare(r.rows)?.column_count();
    hold(tx, columns)?;
    copy_rows(tx, HELD, r.rows)?;
    replace(tx, r)
}

/// Makes [`HELD`] with `columns` columns, none typed: a value waits there as it is.
pub(super) fn hold(tx: &Connection, columns: usize) -> StoreResult<()> {
    let names: Vec<String> = (1..=columns).map(|i| format!("c{i}")).collect();
    tx.execute_batch(&format!("CREATE TABLE {HELD} ({})", names.join(", ")))?;
    Ok(())
}

/// Empties and drops the old `r.table`, makes the new one, and copies in the rows waiting in
/// [`HELD`] (its triggers, if any, dropped before: a `DELETE` would run them).
pub(super) fn replace(tx: &Connection, r: &Rewrite) -> StoreResult<()> {
    tx.execute_batch(&format!("DELETE FROM {0}; DROP TABLE {0};", r.table))?;
    tx.execute_batch(r.make)?;
    copy_rows(tx, r.into, &format!("SELECT * FROM {HELD} ORDER BY rowid"))?;
    tx.execute_batch(&format!("DELETE FROM {HELD}; DROP TABLE {HELD};"))?;
    Ok(())
}

/// Fills `into` (a table, and its columns when not all) with the rows of `rows` (a query
/// whose columns are in the order of `into`'s), one statement a row.
pub(super) fn copy_rows(tx: &Connection, into: &str, rows: &str) -> StoreResult<()> {
    let mut read = tx.prepare(rows)?;
    let n = read.column_count();
    let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
    let mut write = tx.prepare(&format!("INSERT INTO {into} VALUES ({})", marks.join(", ")))?;
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        for i in 0..n {
            write.raw_bind_parameter(i + 1, ToSqlOutput::Borrowed(row.get_ref(i)?))?;
        }
        write.raw_execute()?;
    }
    Ok(())
}

/// The SQL of step `n` (1 for the first), and whether Rust work follows it.
pub(crate) fn step_text(n: u32) -> Option<(&'static str, bool)> {
    let sql = STEPS.get((n as usize).checked_sub(1)?)?;
    Some((sql, AFTER.iter().any(|(m, _)| *m == n)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn schema(conn: &Connection) -> Vec<String> {
        let mut st = conn
            .prepare("SELECT type || ' ' || name FROM sqlite_master ORDER BY type, name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn an_empty_file_reaches_the_latest_version_and_reopening_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let first = Store::open(&path).unwrap();
        assert_eq!(version(&first.conn).unwrap(), LATEST);
        let before = schema(&first.conn);
        assert!(before.iter().any(|s| s == "table people_fts"));
        drop(first);
        let again = Store::open(&path).unwrap();
        assert_eq!(version(&again.conn).unwrap(), LATEST);
        assert_eq!(schema(&again.conn), before);
    }

    #[test]
    fn every_earlier_version_upgrades_to_the_latest() {
        let reference = {
            let s = Store::open_memory().unwrap();
            schema(&s.conn)
        };
        for k in 0..LATEST {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("s.db");
            {
                let mut conn = Connection::open(&path).unwrap();
                migrate(&mut conn, k).unwrap();
                assert_eq!(version(&conn).unwrap(), k);
            }
            let s = Store::open(&path).unwrap();
            assert_eq!(version(&s.conn).unwrap(), LATEST, "from {k}");
            assert_eq!(schema(&s.conn), reference, "from {k}");
        }
    }

    /// What each step from `from` on changed in the schema's text: for every version, the
    /// entries it dropped and the ones it made or rewrote, with their SQL.
    fn schema_changes(from: u32) -> String {
        let text = |conn: &Connection| -> Vec<(String, String)> {
            let mut st = conn
                .prepare(
                    "SELECT type || ' ' || name || ' on ' || tbl_name, coalesce(sql, '')
                     FROM sqlite_master ORDER BY type, name",
                )
                .unwrap();
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, from).unwrap();
        let mut before = text(&conn);
        let mut out = String::new();
        for v in from + 1..=LATEST {
            migrate(&mut conn, v).unwrap();
            let after = text(&conn);
            out.push_str(&format!("== version {v}\n"));
            for (what, _) in before
                .iter()
                .filter(|(w, _)| !after.iter().any(|(a, _)| a == w))
            {
                out.push_str(&format!("- {what}\n"));
            }
            for (what, sql) in after.iter().filter(|e| !before.contains(e)) {
                out.push_str(&format!("+ {what}\n{sql}\n"));
            }
            before = after;
        }
        out
    }

    /// The steps that rewrite tables may be written another way, never to another result:
    /// every version's schema text is the one the released steps wrote (a file made by an
    /// earlier build and one made by this build are alike, at every version).
    #[test]
    fn each_rewriting_step_leaves_the_schema_text_it_always_did() {
        insta::assert_snapshot!(schema_changes(12));
    }

    #[test]
    fn a_newer_file_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(&format!("PRAGMA user_version = {}", LATEST + 1))
                .unwrap();
        }
        assert_eq!(
            Store::open(&path).err(),
            Some(StoreError::NewerSchema(LATEST + 1))
        );
        let conn = Connection::open(&path).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST + 1);
    }

    #[test]
    fn the_compact_journal_step_keeps_every_line_and_the_chain() {
        use crate::store::audit::{AuditEntry, GENESIS};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let person = uuid::Uuid::now_v7();
        let doc = r#"{"id":"x","names":[{"surname":"HAILE","given":"Ruth","kind":"document"}],"birth_date":"1990-01-01","sex":"F","data":{"legal_status":"refugee"}}"#;
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate(&mut conn, 12).unwrap();
            let lines = [
                (None, Some(doc), "2026-11-02T09:30:00.125Z"),
                (
                    Some("tax_code"),
                    Some("\"HLARTH90A41Z315X\""),
                    "2026-11-03T10:00:00.000Z",
                ),
                // Not what the store writes: kept as it is.
                (Some("phones"), None, "2026-11-04T10:00:00+01:00"),
            ];
            let mut prev = GENESIS.to_vec();
            for (i, (field, value, at)) in lines.iter().enumerate() {
                conn.execute(
                    "INSERT INTO changes (id, entity, entity_id, field, new_value, at, by)
                     VALUES (?1, 'person', ?2, ?3, ?4, ?5, 'anna')",
                    rusqlite::params![
                        uuid::Uuid::now_v7().to_string(),
                        person.to_string(),
                        field,
                        value,
                        at
                    ],
                )
                .unwrap();
                let mut e = AuditEntry {
                    seq: i as i64 + 1,
                    at: at.to_string(),
                    // The second entry disagrees with its journal line: it keeps its own.
                    operator: if i == 1 { "bruno" } else { "anna" }.into(),
                    action: "change".into(),
                    entity: "person".into(),
                    entity_id: person.to_string(),
                    field: field.map(str::to_string),
                    prev_hash: prev.clone(),
                    hash: Vec::new(),
                    line: None,
                };
                e.hash = e.expected_hash();
                conn.execute(
                    "INSERT INTO audit_log VALUES (?1, ?2, ?3, 'change', 'person', ?4, ?5, ?6, ?7)",
                    rusqlite::params![
                        e.seq,
                        e.at,
                        e.operator,
                        e.entity_id,
                        e.field,
                        e.prev_hash,
                        e.hash
                    ],
                )
                .unwrap();
                prev = e.hash;
            }
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(version(&s.conn).unwrap(), LATEST);
        let v = s.verify_audit().unwrap();
        assert_eq!((v.entries, v.first_break), (3, None));
        let journal = s.journal_for("person", person).unwrap();
        assert_eq!(journal.len(), 3);
        assert_eq!(
            journal[0].new_value,
            Some(serde_json::from_str(doc).unwrap())
        );
        assert_eq!(
            journal[1].new_value,
            Some(serde_json::json!("HLARTH90A41Z315X"))
        );
        assert_eq!(journal[0].at.to_rfc3339(), "2026-11-02T09:30:00.125+00:00");
        let audit = s.audit_for("person", person).unwrap();
        assert_eq!(audit[2].at, "2026-11-04T10:00:00+01:00");
        assert_eq!(audit[1].prev_hash, audit[0].hash);
        let stored: (String, String) = s
            .conn
            .query_row(
                "SELECT typeof(entity_id), typeof(new_value) FROM changes WHERE seq = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(stored, ("blob".into(), "blob".into()));
        let linked: i64 = s
            .conn
            .query_row("SELECT count(change) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            linked, 2,
            "the older entries linked to the journal lines they agree with"
        );
        assert_eq!(audit[1].operator, "bruno");
    }
}
