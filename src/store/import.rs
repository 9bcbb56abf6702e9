//! Bulk loading (the demo generator, future imports): one transaction, cached statements,
//! the same rows as `save_person`.

use chrono::{DateTime, Utc};
use rusqlite::TransactionBehavior;

use super::person_rows::next_seq;
use super::{Store, StoreResult, people};
use crate::domain::person::PersonRecord;

impl Store {
    /// Loads people in one transaction: person, names, phones, tax code, index row, one
    /// journal line, and a case with its steps, each. Ids already present are skipped.
    /// Activity follows the order given (the last is the most recent). Returns how many
    /// people were added.
    pub fn import_people(
        &mut self,
        people: impl IntoIterator<Item = PersonRecord>,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        self.import_people_at(people.into_iter().map(|p| (p, now)), by)
    }

    /// As [`Store::import_people`], each person with the time of their last activity
    /// (used as created, updated and last-activity time).
    pub fn import_people_at(
        &mut self,
        people: impl IntoIterator<Item = (PersonRecord, DateTime<Utc>)>,
        by: &str,
    ) -> StoreResult<u64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut seq = next_seq(&tx)?;
        let mut added = 0u64;
        for (rec, at) in people {
            if people::insert_new(&tx, &rec, seq, at, by)?.is_some() {
                seq += 1;
                added += 1;
            }
        }
        if added > 0 {
            // Merge the index into one segment: searches read fewer, larger doclists.
            tx.execute_batch("INSERT INTO people_fts (people_fts) VALUES ('optimize')")?;
        }
        tx.commit()?;
        if added > 0 {
            self.conn.execute_batch("PRAGMA optimize")?;
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(added)
    }
}
