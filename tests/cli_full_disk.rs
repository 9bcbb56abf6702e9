//! A full disk (a small tmpfs, where this machine lets the test mount one): the operator
//! still logs in, even with a wrong passphrase counted before; reads and a backup to
//! another disk work; a backup onto the full disk fails in words and leaves nothing behind;
//! no half-written file is left beside the register.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

/// A tmpfs mounted for the test, unmounted when dropped.
struct Tiny(PathBuf);

impl Tiny {
    fn mount(at: &Path, size: &str) -> Option<Tiny> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Tiny(at.to_path_buf()))
    }
}

impl Drop for Tiny {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Writes into `dir` until the disk says it is full.
fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("fill")).unwrap();
    let block = [0u8; 4096];
    while f.write_all(&block).and_then(|()| f.sync_all()).is_ok() {}
}

#[test]
fn a_full_disk_lets_the_operator_in_and_a_failed_backup_leaves_nothing() {
    let home = tempfile::tempdir().unwrap();
    let Some(tiny) = Tiny::mount(&home.path().join("tiny"), "2m") else {
        eprintln!("not run: this machine does not let the test mount a tmpfs");
        return;
    };
    let db = tiny.0.join("d.db");
    let db_s = db.to_str().unwrap();
    let made = common::sportello(home.path(), &["--db", db_s, "demo", "--people", "20"]);
    assert!(made.status.success(), "{made:?}");
    // A wrong passphrase first: the key file counts it, and a good login clears it.
    let wrong = Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(["--db", db_s, "search", "a"])
        .env("SPORTELLO_OPERATOR", common::OPERATOR)
        .env("SPORTELLO_PASSPHRASE", "not this one")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    std::thread::sleep(std::time::Duration::from_millis(1100));
    fill(&tiny.0);

    let out = common::sportello(home.path(), &["--db", db_s, "--lang", "en", "search", "a"]);
    assert!(out.status.success(), "{out:?}");
    assert!(!out.stdout.is_empty());

    let elsewhere = home.path().join("copy.db");
    let args = [
        "--db",
        db_s,
        "--lang",
        "en",
        "backup",
        elsewhere.to_str().unwrap(),
    ];
    let out = common::sportello(home.path(), &args);
    assert!(out.status.success(), "{out:?}");

    let onto = tiny.0.join("copy.db");
    let out = common::sportello(
        home.path(),
        &[
            "--db",
            db_s,
            "--lang",
            "en",
            "backup",
            onto.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("disk is full"),
        "{out:?}"
    );

    let left: Vec<String> = std::fs::read_dir(&tiny.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("copy") || n.ends_with(".new"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
