//! The schema steps that keep the journal and the audit trail small (steps 13–15 of
//! `schema_steps::STEPS`): each rewrites an older file's tables at its first open, through the
//! SQL functions `compact::register` gives the connection.

use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{Connection, params};

use super::StoreResult;
use super::migrations::{HELD, Rewrite, hold, replace, rewrite_table};

/// 13, all in Rust ([`compact_journal`]).
pub(super) const JOURNAL_COMPACT: &str = "";

/// Step 13: the journal and the audit trail in fewer bytes (issue 11): ids as 16-byte blobs,
/// times as milliseconds since 1970 (UTC), a long value compressed (`store::compact`), no
/// unique index on a journal line's id (no query looks one up), and no stored copy of the
/// previous audit line's hash (the chain reads it from the line before). The values and
/// hashes are the same, so the chain verifies as before.
pub(super) fn compact_journal(tx: &Connection) -> StoreResult<()> {
    rewrite_table(tx, &JOURNAL)?;
    tx.execute_batch(NO_AUDIT_TRIGGERS)?;
    rewrite_table(tx, &AUDIT_COMPACT)?;
    tx.execute_batch(AUDIT_TRIGGERS)?;
    Ok(())
}

const JOURNAL: Rewrite = Rewrite {
    table: "changes",
    rows: "SELECT seq, journal_id(id), entity, journal_id(entity_id), field, \
           journal_pack(old_value), journal_pack(new_value), journal_at(at), by, \
           journal_id(case_id) FROM changes ORDER BY seq",
    make: "CREATE TABLE \"changes\" (
        seq       INTEGER PRIMARY KEY,
        id        BLOB NOT NULL,
        entity    TEXT NOT NULL,
        entity_id NOT NULL,
        field     TEXT,
        old_value,
        new_value,
        at        NOT NULL,
        by        TEXT NOT NULL,
        case_id   BLOB
    );
    CREATE INDEX changes_by_entity ON changes (entity, entity_id, seq);
    CREATE INDEX changes_by_case ON changes (case_id, seq) WHERE case_id IS NOT NULL;",
    into: "changes",
};

const AUDIT_COMPACT: Rewrite = Rewrite {
    table: "audit_log",
    rows: "SELECT seq, journal_at(at), operator, action, entity, journal_id(entity_id), \
           field, hash FROM audit_log ORDER BY seq",
    make: "CREATE TABLE \"audit_log\" (
        seq       INTEGER PRIMARY KEY,
        at        NOT NULL,
        operator  TEXT NOT NULL,
        action    TEXT NOT NULL,
        entity    TEXT NOT NULL,
        entity_id NOT NULL,
        field     TEXT,
        hash      BLOB NOT NULL
    );
    CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, seq);",
    into: "audit_log",
};

/// The audit trail's triggers dropped, before its table is emptied (they refuse a delete).
const NO_AUDIT_TRIGGERS: &str =
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";

/// 14, all in Rust ([`pack_forms`]).
pub(super) const FORMS_COMPACT: &str = "";

/// Step 14: a case's step forms compressed as the journal's values are (`store::compact`),
/// one form at a time (`migrations`: one statement over every form would keep a copy of
/// each page it changes).
pub(super) fn pack_forms(tx: &Connection) -> StoreResult<()> {
    let mut forms =
        tx.prepare("SELECT case_id, form FROM case_forms WHERE typeof(data) = 'text'")?;
    let mut pack = tx.prepare(
        "UPDATE case_forms SET data = journal_pack(data) WHERE case_id = ?1 AND form = ?2",
    )?;
    let mut rows = forms.query([])?;
    while let Some(r) = rows.next()? {
        let key = (r.get_ref(0)?, r.get_ref(1)?);
        pack.execute([ToSqlOutput::Borrowed(key.0), ToSqlOutput::Borrowed(key.1)])?;
    }
    Ok(())
}

/// 15, with [`link_audit`]: an audit entry for a change keeps only its place in the chain
/// and its journal line (`change`): what it hashes is read from that line, so the two are not stored
/// twice, and a journal line altered afterwards breaks the chain. An older entry is
/// linked to the journal line it was written with (the n-th change entry to the n-th
/// line) only where the two agree in every field; any other keeps its own.
pub(super) const AUDIT_LINKED: &str = "";

/// Step 15's table; its rows are set aside by [`fill_linked`].
const AUDIT_LINKED_TABLE: Rewrite = Rewrite {
    table: "audit_log",
    rows: "",
    make: "CREATE TABLE \"audit_log\" (
        seq       INTEGER PRIMARY KEY,
        change    INTEGER,
        at,
        operator  TEXT,
        action    TEXT,
        entity    TEXT,
        entity_id,
        field     TEXT,
        hash      BLOB NOT NULL
    );
    CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, seq) WHERE change IS NULL;
    CREATE INDEX audit_by_change ON audit_log (change) WHERE change IS NOT NULL;",
    into: "audit_log",
};

/// The audit trail's triggers, made again on each new audit table once the old one (and its
/// triggers) is dropped.
const AUDIT_TRIGGERS: &str = "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

/// Sets step 15's rows aside ([`HELD`]: seq, change, at, operator, action, entity,
/// entity_id, field, hash): walks the audit entries and the journal lines in order together
/// (each change entry was written just after its line), linking an entry to its line where
/// the two agree in every field; any other entry keeps its own. Streams both: the memory
/// used does not grow with the register.
pub(super) fn link_audit(tx: &Connection) -> StoreResult<()> {
    hold(tx, 9)?;
    fill_linked(tx)?;
    tx.execute_batch(NO_AUDIT_TRIGGERS)?;
    replace(tx, &AUDIT_LINKED_TABLE)?;
    tx.execute_batch(AUDIT_TRIGGERS)?;
    Ok(())
}

fn fill_linked(tx: &Connection) -> StoreResult<()> {
    let mut entries = tx.prepare(
        "SELECT seq, at, operator, action, entity, entity_id, field, hash
         FROM audit_log ORDER BY seq",
    )?;
    let mut lines =
        tx.prepare("SELECT seq, at, by, entity, entity_id, field FROM changes ORDER BY seq")?;
    let mut linked = tx.prepare(&format!(
        "INSERT INTO {HELD} (c1, c2, c9) VALUES (?1, ?2, ?3)"
    ))?;
    let mut own = tx.prepare(&format!(
        "INSERT INTO {HELD} (c1, c3, c4, c5, c6, c7, c8, c9)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))?;
    let mut lines = lines.query([])?;
    let mut rows = entries.query([])?;
    while let Some(e) = rows.next()? {
        let v: Vec<Value> = (0..8)
            .map(|i| e.get::<_, Value>(i))
            .collect::<Result<_, _>>()?;
        let mut line = None;
        if v[3] == Value::Text("change".into())
            && let Some(l) = lines.next()?
        {
            // (line's column, entry's column): when, who, entity, id, field.
            let pairs = [(1, 1), (2, 2), (3, 4), (4, 5), (5, 6)];
            let same = pairs
                .iter()
                .all(|&(li, ei)| l.get::<_, Value>(li).is_ok_and(|x| x == v[ei]));
            if same {
                line = Some(l.get::<_, i64>(0)?);
            }
        }
        match line {
            Some(l) => linked.execute(params![v[0], l, v[7]])?,
            None => own.execute(params![v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]])?,
        };
    }
    Ok(())
}
