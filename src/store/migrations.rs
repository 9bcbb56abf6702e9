//! Applying the schema's steps (`schema_steps`). `PRAGMA user_version` counts the steps
//! applied; each step runs in its own transaction. Never edit a released step: append one.

use rusqlite::{Connection, TransactionBehavior};

use super::schema_steps::STEPS;
use super::{StoreError, StoreResult};

/// The schema version this build writes.
pub const LATEST: u32 = STEPS.len() as u32;

pub(crate) fn version(conn: &Connection) -> StoreResult<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema up to `target` (at most [`LATEST`]); refuses a newer file.
pub(crate) fn migrate(conn: &mut Connection, target: u32) -> StoreResult<()> {
    let target = target.min(LATEST);
    // Steps that rewrite the journal call back into Rust (`compact`).
    super::compact::register(conn)?;
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
