//! No screen opens another: a file under `src/tui/screens/` never names another screen's
//! module (it returns a route; `src/tui/router.rs` builds the screen). The sub-modules of one
//! screen's directory (`case/steps.rs` with `case/view.rs`) may use each other.

use std::path::Path;

/// Where `source`, the file at module path `module` under `screens` (e.g. `["case",
/// "steps"]`), names a screen other than its own: one line per use.
fn foreign_screens(module: &[String], source: &str, screens: &[String]) -> Vec<String> {
    let own = module.first().cloned().unwrap_or_default();
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        for named in screens_named(module, code) {
            if named != own && screens.contains(&named) {
                found.push(format!("line {}: {} ({})", n + 1, named, line.trim()));
            }
        }
    }
    found
}

/// The names a line of code reaches at the level of `screens::` (through the crate path or
/// through enough `super::`), braces included.
fn screens_named(module: &[String], code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find(|c: char| c.is_alphabetic() || c == '_') {
        rest = &rest[i..];
        let path_end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let path = &rest[..path_end];
        let parts: Vec<&str> = path.split("::").collect();
        // The index in `parts` of the segment just below `screens`, if this path gets there.
        let below = if let Some(p) = parts.iter().position(|s| *s == "screens") {
            let head = &parts[..p];
            let rooted = head.is_empty()
                || head == ["crate", "tui"]
                || head == ["tui"]
                || head == ["sportello", "tui"];
            rooted.then_some(p + 1)
        } else {
            let supers = parts.iter().take_while(|s| **s == "super").count();
            // From `a/b.rs` (module [a, b]) two supers reach `screens`; from `a.rs` or
            // `a/mod.rs` (module [a]) one does.
            (supers > 0 && supers == module.len()).then_some(supers)
        };
        if let Some(b) = below {
            match parts.get(b) {
                Some(name) if !name.is_empty() => names.push(name.to_string()),
                _ => {
                    // `screens::{a, b::C}` or `super::{a, b}`: the names in the braces.
                    let after = &rest[path_end..];
                    if let Some(inner) = after.strip_prefix('{') {
                        let inner = inner.split('}').next().unwrap_or_default();
                        for item in inner.split(',') {
                            let first = item.trim().split("::").next().unwrap_or_default();
                            if !first.is_empty() && first != "self" {
                                names.push(first.to_string());
                            }
                        }
                    }
                }
            }
        }
        rest = &rest[path_end.max(1)..];
    }
    names
}

/// `case/steps.rs` → [case, steps]; `case/mod.rs` → [case]; `drafts.rs` → [drafts].
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

#[test]
fn no_screen_names_another_screen_s_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui/screens");
    let files = crate::common::rust_files(&root);
    let mut screens: Vec<String> = files
        .iter()
        .filter_map(|f| module_of(&root, f).first().cloned())
        .filter(|m| m != "mod")
        .collect();
    screens.sort();
    screens.dedup();
    assert!(screens.len() >= 15, "{screens:?}");
    let mut bad = Vec::new();
    for f in &files {
        let module = module_of(&root, f);
        if module.is_empty() {
            continue; // screens/mod.rs declares them all
        }
        let source = std::fs::read_to_string(f).unwrap();
        for hit in foreign_screens(&module, &source, &screens) {
            bad.push(format!("{}: {hit}", f.display()));
        }
    }
    assert!(
        bad.is_empty(),
        "screens naming other screens:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_sees_every_way_of_naming_another_screen() {
    let screens: Vec<String> = ["case", "plan", "person", "form"]
        .map(String::from)
        .to_vec();
    let m = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let caught = [
        (
            m(&["case", "steps"]),
            "use crate::tui::screens::plan::PlanScreen;",
        ),
        (
            m(&["case", "steps"]),
            "    crate::tui::screens::plan::open(case, ctx)",
        ),
        (
            m(&["case", "steps"]),
            "use crate::tui::screens::{case::view, plan};",
        ),
        (m(&["case", "steps"]), "use super::super::form::FormScreen;"),
        (
            m(&["case"]),
            "match super::person::PersonScreen::open(id, ctx) {",
        ),
        (m(&["plan"]), "use super::{case, view};"),
    ];
    for (module, line) in caught {
        assert_eq!(
            foreign_screens(&module, line, &screens).len(),
            1,
            "{module:?}: {line}"
        );
    }
    let allowed = [
        (m(&["case", "steps"]), "use super::view::stamp;"),
        (m(&["case", "steps"]), "use super::{CaseScreen, key_of};"),
        (m(&["case"]), "mod steps; use steps::step_route;"),
        (
            m(&["case"]),
            "use crate::tui::router::Route; // see screens::plan",
        ),
        (m(&["case"]), "use crate::tui::screens::case::view;"),
        (m(&["plan"]), "Transition::Open(Route::Case(id))"),
    ];
    for (module, line) in allowed {
        assert!(
            foreign_screens(&module, line, &screens).is_empty(),
            "{module:?}: {line}"
        );
    }
}
