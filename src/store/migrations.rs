//! The schema, as the list of steps that built it. `PRAGMA user_version` counts the steps
//! applied; each step runs in its own transaction. Never edit a released step: append one.

use rusqlite::{Connection, TransactionBehavior};

use super::{StoreError, StoreResult};

/// The steps, oldest first. Step `i` takes the database from version `i` to `i + 1`.
const STEPS: &[&str] = &[
    // 1: people, the names and phones they go by, and the history of their tax codes.
    "CREATE TABLE people (
        id               TEXT PRIMARY KEY NOT NULL,
        activity_seq     INTEGER NOT NULL UNIQUE,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        last_activity_at TEXT NOT NULL,
        deleted_at       TEXT,
        display_name     TEXT NOT NULL,
        birth_date       TEXT,
        sex              TEXT CHECK (sex IN ('F', 'M', 'X')),
        birth_country    TEXT,
        tax_code         TEXT,
        permit_number    TEXT,
        permit_expiry    TEXT,
        data             TEXT NOT NULL
    );
    CREATE INDEX people_live_by_activity ON people (activity_seq) WHERE deleted_at IS NULL;
    CREATE TABLE person_names (
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        surname   TEXT NOT NULL,
        given     TEXT NOT NULL,
        kind      TEXT NOT NULL,
        PRIMARY KEY (person_id, position)
    ) WITHOUT ROWID;
    CREATE TABLE person_phones (
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        number    TEXT NOT NULL,
        PRIMARY KEY (person_id, position)
    ) WITHOUT ROWID;
    CREATE TABLE person_tax_codes (
        id            INTEGER PRIMARY KEY,
        person_id     TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        code          TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('personal', 'provisional')),
        first_seen_at TEXT NOT NULL,
        replaced_at   TEXT
    );
    CREATE INDEX person_tax_codes_by_person ON person_tax_codes (person_id, id);",
    // 2: cases and the state of each step of the path.
    "CREATE TABLE cases (
        id        TEXT PRIMARY KEY NOT NULL,
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        opened_at TEXT NOT NULL,
        closed_at TEXT
    );
    CREATE INDEX cases_by_person ON cases (person_id, opened_at);
    CREATE TABLE case_steps (
        case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        step    TEXT NOT NULL,
        status  TEXT NOT NULL,
        done_at TEXT,
        PRIMARY KEY (case_id, step)
    ) WITHOUT ROWID;",
    // 3: forms being filled in, saved as typed so that nothing is lost.
    "CREATE TABLE drafts (
        id         TEXT PRIMARY KEY NOT NULL,
        form       TEXT NOT NULL,
        subject_id TEXT,
        data       TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX drafts_by_update ON drafts (updated_at);",
    // 4: the changes journal, written in the same transaction as every change.
    "CREATE TABLE changes (
        seq       INTEGER PRIMARY KEY,
        id        TEXT NOT NULL UNIQUE,
        entity    TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        field     TEXT,
        old_value TEXT,
        new_value TEXT,
        at        TEXT NOT NULL,
        by        TEXT NOT NULL
    );
    CREATE INDEX changes_by_entity ON changes (entity, entity_id, seq);",
    // 5: the register's full-text index. Its rowid is the person's activity_seq, so that
    // walking rowids downwards lists the most recently active first, without scoring.
    "CREATE VIRTUAL TABLE people_fts USING fts5 (
        names, codes,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
    );",
];

/// The schema version this build writes.
pub const LATEST: u32 = STEPS.len() as u32;

pub(crate) fn version(conn: &Connection) -> StoreResult<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema up to `target` (at most [`LATEST`]); refuses a newer file.
pub(crate) fn migrate(conn: &mut Connection, target: u32) -> StoreResult<()> {
    let target = target.min(LATEST);
    loop {
        // Read the version inside a write transaction, so two programs opening the same
        // file at once cannot both apply a step.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let v = version(&tx)?;
        if v > LATEST {
            return Err(StoreError::NewerSchema(v));
        }
        if v >= target {
            return Ok(());
        }
        let step = STEPS
            .get(v as usize)
            .ok_or_else(|| StoreError::Other(format!("no migration step {v}")))?;
        tx.execute_batch(step)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", v + 1))?;
        tx.commit()?;
    }
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
}
