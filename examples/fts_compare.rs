//! Measures the two FTS5 tokenizers the issue names, on the demo's own 100,000 people:
//! `unicode61 remove_diacritics 2` with prefix indexes (what the store uses) against
//! `trigram remove_diacritics 1`. Run: `cargo run --release --example fts_compare`.

use std::time::Instant;

use rusqlite::Connection;

fn main() -> rusqlite::Result<()> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    let names: Vec<String> = sportello::demo::generate(100_000, 1, today)
        .map(|p| {
            p.names
                .iter()
                .map(|n| format!("{} {}", n.surname, n.given))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("fts-compare-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let setups = [
        (
            "unicode61 rd2 prefix 1-3",
            "tokenize=\"unicode61 remove_diacritics 2\", prefix='1 2 3'",
        ),
        ("trigram rd1", "tokenize=\"trigram remove_diacritics 1\""),
    ];
    for (label, opts) in setups {
        let path = dir.join(format!("{}.db", label.replace(' ', "_")));
        let _ = std::fs::remove_file(&path);
        let c = Connection::open(&path)?;
        c.execute_batch(&format!(
            "CREATE VIRTUAL TABLE f USING fts5(names, {opts});"
        ))?;
        let start = Instant::now();
        let tx = c.unchecked_transaction()?;
        {
            let mut st = tx.prepare("INSERT INTO f(rowid, names) VALUES (?1, ?2)")?;
            for (i, n) in names.iter().enumerate() {
                st.execute((i as i64 + 1, n))?;
            }
        }
        tx.commit()?;
        let build = start.elapsed();
        drop(c);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let c = Connection::open(&path)?;
        println!(
            "{label}: index built in {:.2} s, file {:.1} MB",
            build.as_secs_f64(),
            size as f64 / 1e6
        );
        let trigram = label.starts_with("trigram");
        for q in ["m", "mo", "moh", "mohamed", "nguyen minh", "sukru"] {
            let expr = if trigram {
                // Trigram matches substrings of 3+ characters; shorter needs LIKE (a scan).
                q.split_whitespace()
                    .map(|w| format!("\"{w}\""))
                    .collect::<Vec<_>>()
                    .join(" AND ")
            } else {
                q.split_whitespace()
                    .map(|w| format!("\"{w}\"*"))
                    .collect::<Vec<_>>()
                    .join(" AND ")
            };
            let sql_page = "SELECT rowid FROM f WHERE f MATCH ?1 ORDER BY rowid DESC LIMIT 50";
            let sql_like = "SELECT rowid FROM f WHERE names LIKE ?1 ORDER BY rowid DESC LIMIT 50";
            let runs = 20;
            let start = Instant::now();
            let mut n = 0;
            for _ in 0..runs {
                n = if trigram && q.len() < 3 {
                    let mut st = c.prepare_cached(sql_like)?;
                    st.query_map([format!("%{q}%")], |_| Ok(()))?.count()
                } else {
                    let mut st = c.prepare_cached(sql_page)?;
                    st.query_map([&expr], |_| Ok(()))?.count()
                };
            }
            let per = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
            println!("  {q:<12} first page of 50 (most recent first): {per:>7.2} ms ({n} rows)");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
