//! A configuration file with mistakes: a command says each one on stderr, in the operator's
//! language, and goes on with the defaults.

use crate::common;

#[test]
fn config_mistakes_are_said_on_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("d.db");
    let db_s = db.to_str().unwrap();
    common::new_desk(home.path(), db_s);
    let config = home.path().join("config/sportello");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "lock_minutes = \"abc\"\nbogus = 1\n",
    )
    .unwrap();
    let out = common::sportello(home.path(), &["--db", db_s, "--lang", "en", "search", "a"]);
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: configuration: unknown key «bogus»"),
        "{err}"
    );
    assert!(err.contains("«lock_minutes»"), "{err}");
}
