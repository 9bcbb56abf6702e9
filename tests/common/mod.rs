#![allow(dead_code)]
pub mod pty;

use std::path::Path;
use std::process::{Command, Output};

use ratatui::buffer::Buffer;

/// The text of a drawn screen, one line per row, trailing blanks cut.
pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The demo administrator the tests log in as (`sportello demo` creates it on a new file).
pub const OPERATOR: &str = "demo";
pub const PASSPHRASE: &str = "demo";

/// Runs the real binary with HOME and the XDG directories inside `home`, logged in as the
/// demo administrator.
pub fn sportello(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(args)
        .env("SPORTELLO_OPERATOR", OPERATOR)
        .env("SPORTELLO_PASSPHRASE", PASSPHRASE)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .output()
        .expect("run sportello")
}

/// Adds one person with `person add` from the JSON `json`; returns their id.
pub fn add_person(home: &Path, db: &str, json: &str) -> String {
    let file = home.join("person.json");
    std::fs::write(&file, json).unwrap_or_else(|e| panic!("{e}"));
    let args = [
        "person",
        "add",
        "--json",
        file.to_str().unwrap_or(""),
        "--db",
        db,
    ];
    let out = sportello(home, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// A person's intake as `person add --json` takes it, written to `home/p.json`.
pub fn person_file(home: &Path) -> std::path::PathBuf {
    let p = home.join("p.json");
    std::fs::write(
        &p,
        r#"{"surname": "Tesfaye", "given_names": "Yonas", "sex": "M",
            "birth_date": "14/07/1998", "birth_country": "ER",
            "legal_status": "italian_citizen", "consent_given": false}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    p
}

/// A new, empty desk at `db` (encrypted, with the demo administrator and the shipped
/// programmes and partners, no people), as the tests' command lines expect.
pub fn new_desk(home: &Path, db: &str) {
    let out = sportello(home, &["--db", db, "demo", "--people", "0"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The test desk's store, opened as the demo administrator.
pub fn store(db: &Path) -> sportello::store::Store {
    sportello::service::auth::login(db, OPERATOR, PASSPHRASE)
        .unwrap()
        .0
}

/// A direct SQL connection to a test desk (opened with the key the demo administrator's
/// passphrase unwraps), for tests that arrange rows the app has no verb for.
pub fn raw(db: &str) -> rusqlite::Connection {
    use sportello::vault::{KeyRing, ring_path};
    let path = Path::new(db);
    let ring = KeyRing::load(&ring_path(path)).unwrap().unwrap();
    let key = ring.open(OPERATOR, PASSPHRASE).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    sportello::store::cipher::apply_key(&conn, &key).unwrap();
    conn
}

/// Every `.rs` file under `dir`, at any depth.
pub fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
