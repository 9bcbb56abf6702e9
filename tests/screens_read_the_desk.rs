//! Screens read through the desk: no file under `src/tui/screens/` (test code aside) names
//! the desk's store, however the chain is split over lines. The erasure's and the backup's
//! screens are left out: their long jobs open connections of their own and move with the
//! jobs' work.

use std::path::Path;

/// Files whose store use is the jobs' (see the module's doc).
const LEFT_OUT: &[&str] = &["erase.rs", "backup.rs"];

/// Where `source` reaches the desk's store outside its test code: the lines that do.
fn store_reached(source: &str) -> Vec<usize> {
    let mut found = Vec::new();
    // The chain as written without spaces: `ctx\n    .desk\n    .store` too.
    let mut joined = String::new();
    let mut line_of = Vec::new();
    for (n, line) in source.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or_default();
        for c in code.chars().filter(|c| !c.is_whitespace()) {
            joined.push(c);
            line_of.push(n + 1);
        }
    }
    let mut from = 0;
    while let Some(i) = joined[from..].find("desk.store") {
        let at = from + i + "desk.store".len();
        let next = joined[at..].chars().next();
        if !next.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            found.push(line_of[from + i]);
        }
        from = at;
    }
    found
}

#[test]
fn the_check_sees_the_store_through_a_chain_split_over_lines() {
    let src = "fn a(ctx: &Ctx) {\n    let x = ctx\n        .desk\n        .store\n        .drafts();\n}\n";
    assert_eq!(store_reached(src), vec![3]);
    assert_eq!(store_reached("let s = &ctx.desk.store;"), vec![1]);
    assert!(store_reached("ctx.desk.drafts(); // not ctx.desk.store").is_empty());
    assert!(store_reached("let d = ctx.desk.stored_list();").is_empty());
    assert!(store_reached("#[cfg(test)]\nmod tests { ctx.desk.store.x(); }").is_empty());
}

#[test]
fn no_screen_reaches_the_store() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui/screens");
    let files = crate::common::rust_files(&root);
    assert!(files.len() > 20, "the screens are where they were");
    let mut bad = Vec::new();
    for f in files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if LEFT_OUT.contains(&name) || name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let source = std::fs::read_to_string(&f).unwrap();
        for line in store_reached(&source) {
            bad.push(format!("{}:{line}", f.display()));
        }
    }
    assert!(bad.is_empty(), "screens reading the store: {bad:#?}");
}
