//! What the file holds, table by table: for the benchmark's bytes per person.

use super::{Store, StoreResult};

/// The bytes one table or index takes in the file, pages included whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSize {
    pub name: String,
    pub bytes: u64,
}

impl Store {
    /// Every table and index of the main file with the bytes its pages take, largest first
    /// (SQLite's `dbstat`: a read of the whole file).
    pub fn table_sizes(&self) -> StoreResult<Vec<TableSize>> {
        let mut st = self.conn.prepare(
            "SELECT name, sum(pgsize) FROM dbstat WHERE aggregate = FALSE
             GROUP BY name ORDER BY 2 DESC",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(TableSize {
                    name: r.get(0)?,
                    bytes: r.get::<_, i64>(1)?.max(0) as u64,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_name_the_tables_and_add_up_to_the_file() {
        let s = Store::open_memory().unwrap();
        let sizes = s.table_sizes().unwrap();
        assert!(sizes.iter().any(|t| t.name == "people"), "{sizes:?}");
        let pages: i64 = s
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        let page: i64 = s
            .conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        let sum: u64 = sizes.iter().map(|t| t.bytes).sum();
        // The schema page and free pages are not in any table.
        assert!(sum <= (pages * page) as u64 && sum > 0);
        assert!(sizes.windows(2).all(|w| w[0].bytes >= w[1].bytes));
    }
}
