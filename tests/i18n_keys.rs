#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every catalogue key written in the code exists in both languages.

use std::path::Path;

use sportello::domain::case::{Step, StepStatus};
use sportello::i18n::{Lang, catalog};

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// String literals right after `t(`, `tf(`, `Msg::new(`, `help: ` or `_key => `.
fn keys_in(src: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for marker in ["t(\"", "tf(\"", "Msg::new(\"", "help: \"", "=> \""] {
        let mut rest = src;
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            let Some(end) = rest.find('"') else { break };
            let key = &rest[..end];
            let is_key = key.starts_with(|c: char| c.is_ascii_lowercase())
                && key.contains('.')
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            if is_key {
                keys.push(key.to_string());
            }
        }
    }
    keys
}

#[test]
fn every_key_used_in_the_code_is_in_both_catalogues() {
    let mut files = Vec::new();
    rust_files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut files,
    );
    let mut missing = Vec::new();
    let mut dynamic: Vec<String> = Step::ALL
        .iter()
        .map(|s| format!("step.{}", s.code()))
        .collect();
    for s in [StepStatus::Todo, StepStatus::InProgress, StepStatus::Done] {
        dynamic.push(format!("step_status.{}", s.code()));
    }
    let mut seen = 0;
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        for key in keys_in(&src).into_iter().chain(dynamic.clone()) {
            seen += 1;
            for lang in [Lang::It, Lang::En] {
                if !catalog(lang).contains_key(&key) {
                    missing.push(format!("{} {key} ({})", lang.code(), f.display()));
                }
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        seen > 50,
        "the scan found only {seen} keys: is it still reading the sources?"
    );
    assert!(
        missing.is_empty(),
        "missing catalogue keys:\n{}",
        missing.join("\n")
    );
}
