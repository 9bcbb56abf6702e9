//! Services answer in types; only the edge (this module, the TUI, the command line) chooses
//! a language. This test reads the sources of `src/service` and fails on any use of `Lang`
//! or `I18n` outside test code.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its test modules and comments: a `#[cfg(test)]` item is cut
/// to the end of its braces (or its `;` for a module in its own file, which is then skipped
/// by name).
fn non_test_code(text: &str) -> (String, Vec<String>) {
    let mut code = String::new();
    let mut test_files = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            let Some(item) = lines.next() else { break };
            let item_trim = item.trim();
            if let Some(name) = item_trim
                .strip_prefix("mod ")
                .and_then(|r| r.strip_suffix(';'))
            {
                test_files.push(name.trim().to_string());
                continue;
            }
            let mut depth = item.matches('{').count() as i64 - item.matches('}').count() as i64;
            while depth > 0 {
                let Some(l) = lines.next() else { break };
                depth += l.matches('{').count() as i64 - l.matches('}').count() as i64;
            }
            continue;
        }
        let without_comment = line.split("//").next().unwrap_or_default();
        code.push_str(without_comment);
        code.push('\n');
    }
    (code, test_files)
}

fn words(code: &str) -> impl Iterator<Item = &str> {
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
}

#[test]
fn no_service_chooses_or_takes_a_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/service");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 10, "the services were not found: {root:?}");
    let mut skipped: Vec<PathBuf> = Vec::new();
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let (code, tests) = non_test_code(&text);
        let dir = f.with_extension("");
        for t in tests {
            skipped.push(dir.join(format!("{t}.rs")));
            skipped.push(f.parent().unwrap().join(format!("{t}.rs")));
        }
        for (n, line) in code.lines().enumerate() {
            if words(line).any(|w| w == "Lang" || w == "I18n") {
                found.push((f.clone(), n, line.trim().to_string()));
            }
        }
    }
    found.retain(|(f, _, _)| !skipped.contains(f));
    assert!(
        found.is_empty(),
        "services must return typed values, not words:\n{found:#?}"
    );
}

#[test]
fn the_check_sees_a_language_in_code_and_not_in_tests() {
    let code = "use crate::i18n::Lang;\n#[cfg(test)]\nmod tests {\n    use I18n;\n}\n";
    let (kept, _) = non_test_code(code);
    assert!(words(&kept).any(|w| w == "Lang"));
    assert!(!words(&kept).any(|w| w == "I18n"));
    let (_, files) = non_test_code("#[cfg(test)]\nmod tests;\n");
    assert_eq!(files, ["tests"]);
}
