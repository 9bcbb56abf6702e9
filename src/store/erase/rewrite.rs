//! The file rewritten after an erasure, so that no free page keeps what was erased: what
//! `VACUUM` does, in two halves that can each say how far they have got.
//!
//! `VACUUM` builds its copy in a temporary file SQLite unlinks at once and copies it back in
//! one statement: nothing of it can be watched. `VACUUM INTO` a file beside it could be
//! watched by its size, but under SQLCipher that file is not written with the database's
//! page HMAC (it does not open with our settings), so it cannot be copied back. Here the
//! compact copy is written as encryption writes one (`cipher_export`: every table copied,
//! in key order, into a new file attached with this database's key and page HMAC; rows
//! copied of rows counted), checked (schema and every table's count), then copied back over
//! the database with SQLite's online backup (pages copied of the copy's page count) in one
//! write transaction, as `VACUUM`'s own copy back is; readers on other connections see the
//! old pages until it commits. The fraction is `(pages in use × rows copied / rows + pages
//! copied back) / (2 × pages in use)`. On any failure the copy is removed and the database
//! is as it was.

use std::path::{Path, PathBuf};

use rusqlite::params;
use zeroize::Zeroizing;

use crate::store::backup::{copy_pages, open_read_only};
use crate::store::cipher::{PAGE_HMAC, counts, objects, user_rows};
use crate::store::cipher_export::export;
use crate::store::migrations;
use crate::store::watch::Forward;
use crate::store::{Store, StoreError, StoreResult};

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove(copy: &Path) {
    for s in ["", "-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling(copy, s));
    }
}

impl Store {
    /// Rewrites the file with no free pages (see the module's notes); a database in memory
    /// is vacuumed as it is.
    pub(super) fn rewrite(&mut self) -> StoreResult<()> {
        let Some(db) = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
        else {
            self.conn.execute_batch("VACUUM")?;
            return Ok(());
        };
        let pages: i64 = self.conn.query_row(
            "SELECT (SELECT page_count FROM pragma_page_count())
                  - (SELECT freelist_count FROM pragma_freelist_count())",
            [],
            |r| r.get(0),
        )?;
        let pages = pages.max(1) as u64;
        let forward = Forward::new(2 * pages);
        forward.to(0);
        let copy = sibling(&db, ".rewrite");
        remove(&copy);
        let made = self.compact_copy(&copy, pages, &forward);
        let back = made.and_then(|()| self.copy_back(&copy, pages, &forward));
        remove(&copy);
        back?;
        forward.end();
        Ok(())
    }

    /// Writes the compact copy: every table copied into a new file attached with this
    /// database's key and page HMAC, then checked (schema and every table's count).
    fn compact_copy(&self, copy: &Path, pages: u64, forward: &Forward) -> StoreResult<()> {
        let before = counts(&self.conn)?;
        let schema = objects(&self.conn)?;
        let rows = user_rows(&before).max(1);
        let version = migrations::version(&self.conn)?;
        let key = Zeroizing::new(
            self.key
                .as_ref()
                .map(|k| k.sqlcipher_literal().trim_matches('"').to_string())
                .unwrap_or_default(),
        );
        self.conn.execute(
            "ATTACH DATABASE ?1 AS enc KEY ?2",
            params![copy.to_string_lossy().as_ref(), key.as_str()],
        )?;
        let exported = (|| -> StoreResult<()> {
            if self.key.is_some() {
                self.conn
                    .execute_batch(&format!("PRAGMA enc.cipher_hmac_algorithm = {PAGE_HMAC};"))?;
            }
            export(&self.conn, &|n| forward.to(n.saturating_mul(pages) / rows))?;
            self.conn
                .execute_batch(&format!("PRAGMA enc.user_version = {version};"))?;
            Ok(())
        })();
        let detached = self.conn.execute_batch("DETACH DATABASE enc");
        exported?;
        detached?;
        let made = open_read_only(copy, self.key.as_ref())?;
        if counts(&made)? != before || objects(&made)? != schema {
            return Err(StoreError::Other(
                "the compact copy does not hold the same rows: the file was left as it was".into(),
            ));
        }
        forward.to(pages);
        Ok(())
    }

    /// Copies `copy` back over the database, page by page, in one write transaction.
    fn copy_back(&mut self, copy: &Path, pages: u64, forward: &Forward) -> StoreResult<()> {
        let src = open_read_only(copy, self.key.as_ref())?;
        copy_pages(&src, &mut self.conn, |done, total| {
            forward.to(pages + done * pages / total.max(1));
            true
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::store::cipher::{FileState, file_state};
    use crate::store::watch::watching;
    use crate::vault::DbKey;

    #[test]
    fn the_rewrite_drops_free_pages_keeps_the_key_and_its_fraction_only_grows_to_one() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        let key = DbKey::random().unwrap();
        let mut store = Store::open_keyed(&db, &key).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        crate::demo::run(&mut store, 2_000, 3, today).unwrap();
        let people = store.count_people().unwrap();
        store
            .conn
            .execute_batch("DELETE FROM changes WHERE rowid % 2 = 0")
            .unwrap();
        let pages = |s: &Store| -> (u64, u64) {
            let (a, b): (i64, i64) = s
                .conn
                .query_row(
                    "SELECT (SELECT page_count FROM pragma_page_count()),
                            (SELECT freelist_count FROM pragma_freelist_count())",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            (a as u64, b as u64)
        };
        let (before, free) = pages(&store);
        assert!(free > 0);
        // Another connection reading meanwhile, as the app's screens do.
        let reader = store.reopen().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        watching(
            move |d, t| s.lock().unwrap().push((d, t)),
            || store.rewrite().unwrap(),
        );
        let seen = seen.lock().unwrap();
        let total = seen[0].1;
        assert_eq!(total, 2 * (before - free));
        assert!(seen.iter().all(|(_, t)| *t == total));
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
        assert_eq!(seen.last(), Some(&(total, total)));
        assert!(seen.len() > 3, "{seen:?}");
        let (after, free_after) = pages(&store);
        assert_eq!(free_after, 0);
        assert!(after < before);
        assert!(!sibling(&db, ".rewrite").exists());
        assert_eq!(reader.count_people().unwrap(), people);
        drop((store, reader));
        assert_eq!(file_state(&db).unwrap(), FileState::Encrypted);
        let again = Store::open_keyed(&db, &key).unwrap();
        assert_eq!(again.count_people().unwrap(), people);
        let ok: String = again
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
}
