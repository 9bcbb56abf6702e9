//! Copying the database into the one attached as `enc` (encrypting a plain file; the
//! compact copy an erasure rewrites the file from), table by table, so that the copy can
//! say how far it has got: what SQLCipher's `sqlcipher_export()` does in
//! one statement (tables, then indexes, then rows, then the schema rows of virtual tables,
//! views and triggers, written as they are), with the rows of each table copied in chunks
//! in key order and counted against the rows counted before. Every rowid is kept (VACUUM
//! and `sqlcipher_export()` keep only those a column names). The callers check the copy
//! (schema and every table's count) before it replaces anything.

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::{StoreError, StoreResult};

/// Rows per statement: the progress moves between two chunks.
const CHUNK: i64 = 2_000;

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `sql` (a `CREATE …` statement as SQLite keeps it) made to create its object in `enc`.
fn in_enc(sql: &str) -> StoreResult<String> {
    for head in ["CREATE TABLE ", "CREATE UNIQUE INDEX ", "CREATE INDEX "] {
        if let Some(rest) = sql.strip_prefix(head) {
            return Ok(format!("{head}enc.{rest}"));
        }
    }
    Err(StoreError::Other(format!("cannot copy: {sql}")))
}

/// One table's columns as the copy needs them.
struct Table {
    name: String,
    /// The columns written (generated ones are computed again), `rowid` first when the
    /// table has one that no column names.
    columns: Vec<String>,
    /// The key the chunks follow: `rowid`, or the primary key of a table without one.
    key: Vec<String>,
}

fn table(conn: &Connection, name: &str) -> StoreResult<Table> {
    let without_rowid: bool = conn.query_row(
        "SELECT wr FROM pragma_table_list(?1) WHERE schema = 'main'",
        [name],
        |r| r.get(0),
    )?;
    let mut columns = Vec::new();
    let mut pk: Vec<(i64, String, String)> = Vec::new();
    let mut stmt =
        conn.prepare("SELECT name, type, pk, hidden FROM pragma_table_xinfo(?1, 'main')")?;
    let mut rows = stmt.query([name])?;
    while let Some(r) = rows.next()? {
        let (col, ty, at, hidden): (String, String, i64, i64) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        if hidden == 0 {
            columns.push(quote(&col));
        }
        if at > 0 {
            pk.push((at, quote(&col), ty));
        }
    }
    pk.sort();
    let key = if without_rowid {
        pk.iter().map(|(_, c, _)| c.clone()).collect()
    } else {
        // A column that is the rowid is copied with the others; else the rowid is copied
        // too, so that nothing pointing at a row's rowid is broken by the copy.
        let aliased = matches!(pk.as_slice(), [(_, _, ty)] if ty.eq_ignore_ascii_case("INTEGER"));
        if !aliased {
            columns.insert(0, "rowid".into());
        }
        vec!["rowid".into()]
    };
    Ok(Table {
        name: name.to_string(),
        columns,
        key,
    })
}

/// Copies every row of `t` into `enc`, `CHUNK` at a time in key order; `copied` is told
/// each chunk's rows.
fn copy_rows(conn: &Connection, t: &Table, copied: &mut dyn FnMut(u64)) -> StoreResult<()> {
    let cols = t.columns.join(", ");
    let key = t.key.join(", ");
    let name = quote(&t.name);
    let marks: Vec<String> = (1..=t.key.len()).map(|i| format!("?{i}")).collect();
    let first = format!(
        "INSERT INTO enc.{name} ({cols}) SELECT {cols} FROM main.{name} ORDER BY {key} LIMIT {CHUNK}"
    );
    let next = format!(
        "INSERT INTO enc.{name} ({cols}) SELECT {cols} FROM main.{name}
         WHERE ({key}) > ({}) ORDER BY {key} LIMIT {CHUNK}",
        marks.join(", ")
    );
    let desc: Vec<String> = t.key.iter().map(|k| format!("{k} DESC")).collect();
    let last = format!(
        "SELECT {key} FROM enc.{name} ORDER BY {} LIMIT 1",
        desc.join(", ")
    );
    let mut after: Option<Vec<Value>> = None;
    loop {
        let n = match &after {
            None => conn.execute(&first, [])?,
            Some(k) => conn.execute(&next, params_from_iter(k.iter()))?,
        };
        copied(n as u64);
        if (n as i64) < CHUNK {
            return Ok(());
        }
        let width = t.key.len();
        after = Some(conn.query_row(&last, [], |r| {
            (0..width).map(|i| r.get::<_, Value>(i)).collect()
        })?);
    }
}

/// Copies `main` into `enc` (attached, keyed as it must be, empty), telling `copied` the
/// rows copied so far of every table but SQLite's own.
pub(crate) fn export(conn: &Connection, copied: &dyn Fn(u64)) -> StoreResult<()> {
    copied(0);
    let tables: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM main.sqlite_schema
             WHERE type = 'table' AND rootpage > 0 AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let indexes: Vec<String> = conn
        .prepare(
            "SELECT sql FROM main.sqlite_schema
             WHERE type = 'index' AND sql IS NOT NULL AND rootpage > 0",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // Rows go in table by table, children before their parents at times: the copy holds
    // what the original holds, as VACUUM copies it, without checking each row's references.
    let keys_on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA foreign_keys = OFF; BEGIN")?;
    let done = (|| -> StoreResult<()> {
        for (_, sql) in &tables {
            conn.execute_batch(&in_enc(sql)?)?;
        }
        for sql in &indexes {
            conn.execute_batch(&in_enc(sql)?)?;
        }
        if has(conn, "main", "sqlite_stat1")? {
            // The statistics' table, made while the tables are empty (fast); its rows are
            // copied with SQLite's other tables below.
            conn.execute_batch("ANALYZE enc")?;
        }
        let mut done = 0u64;
        for (name, _) in &tables {
            let t = table(conn, name)?;
            copy_rows(conn, &t, &mut |n| {
                done += n;
                copied(done);
            })?;
        }
        copy_sqlite_tables(conn)?;
        // Virtual tables (their rows are in the shadow tables copied above), views and
        // triggers: their schema rows as they are, as sqlcipher_export writes them.
        conn.execute_batch(
            "PRAGMA writable_schema = ON;
             INSERT INTO enc.sqlite_schema (type, name, tbl_name, rootpage, sql)
               SELECT type, name, tbl_name, rootpage, sql FROM main.sqlite_schema
               WHERE type IN ('view', 'trigger') OR (type = 'table' AND rootpage = 0);
             PRAGMA writable_schema = OFF;",
        )?;
        Ok(())
    })();
    let ended = match done {
        Ok(()) => conn.execute_batch("COMMIT").map_err(StoreError::from),
        Err(e) => {
            let _ = conn.execute_batch("PRAGMA writable_schema = OFF; ROLLBACK");
            Err(e)
        }
    };
    if keys_on {
        conn.execute_batch("PRAGMA foreign_keys = ON")?;
    }
    ended
}

/// SQLite's own tables: the AUTOINCREMENT counters, and the planner's statistics when the
/// plain file has them (derived data: where `enc` cannot hold them, they are rebuilt by the
/// next `PRAGMA optimize`).
fn copy_sqlite_tables(conn: &Connection) -> StoreResult<()> {
    if has(conn, "main", "sqlite_sequence")? && has(conn, "enc", "sqlite_sequence")? {
        conn.execute_batch(
            "DELETE FROM enc.sqlite_sequence;
             INSERT INTO enc.sqlite_sequence SELECT * FROM main.sqlite_sequence;",
        )?;
    }
    if has(conn, "main", "sqlite_stat1")? && has(conn, "enc", "sqlite_stat1")? {
        conn.execute_batch(
            "DELETE FROM enc.sqlite_stat1;
             INSERT INTO enc.sqlite_stat1 SELECT * FROM main.sqlite_stat1;",
        )?;
    }
    Ok(())
}

/// Whether `schema` (`main` or `enc`) holds an object called `name`.
fn has(conn: &Connection, schema: &str, name: &str) -> StoreResult<bool> {
    Ok(conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {schema}.sqlite_schema WHERE name = ?1)"),
        [name],
        |r| r.get(0),
    )?)
}
