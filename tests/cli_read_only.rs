//! A register file that may not be written opens for reading on purpose: searches answer,
//! the words say why nothing can be saved, a write is refused, no file is left beside it;
//! once the file is writable again everything works, even when an earlier run left
//! unwritable log files beside it.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::common;

fn mode(p: &Path, m: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_read_only_register_is_read_and_leaves_nothing_that_breaks_the_next_run() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("desk");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("d.db");
    let db_s = db.to_str().unwrap();
    let made = common::sportello(home.path(), &["--db", db_s, "demo", "--people", "20"]);
    assert!(made.status.success(), "{made:?}");
    let person = common::person_file(home.path());
    let add = [
        "--db",
        db_s,
        "--lang",
        "en",
        "person",
        "add",
        "--json",
        person.to_str().unwrap(),
    ];

    mode(&db, 0o444);
    let before = (names(&dir), std::fs::read(&db).unwrap());
    let out = common::sportello(home.path(), &["--db", db_s, "--lang", "en", "search", "a"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{out:?}");
    assert!(!out.stdout.is_empty());
    assert!(err.contains("may not be written"), "{err}");
    let out = common::sportello(home.path(), &add);
    assert!(!out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("read-only"),
        "{out:?}"
    );

    let mut t = common::pty::Tui::logged_in(home.path(), &["--db", db_s, "--lang", "en"], 100, 30);
    let s = t.wait_for("may not be written");
    assert!(
        s.lines().next().unwrap_or("").contains("read-only · d.db"),
        "{s}"
    );
    t.key("Ctrl+Q");
    t.wait_exit();
    assert_eq!((names(&dir), std::fs::read(&db).unwrap()), before);

    // As an earlier version left them: log files with the read-only file's permissions.
    for end in ["-wal", "-shm"] {
        let p = dir.join(format!("d.db{end}"));
        std::fs::write(&p, b"").unwrap();
        mode(&p, 0o444);
    }
    mode(&db, 0o644);
    let out = common::sportello(home.path(), &add);
    assert!(out.status.success(), "{out:?}");
    for end in ["-wal", "-shm"] {
        let p = dir.join(format!("d.db{end}"));
        assert!(
            std::fs::metadata(&p).map_or(true, |m| !m.permissions().readonly()),
            "{} left unwritable",
            p.display()
        );
    }
}
