//! End to end in a pseudo-terminal: a new desk set up by keys, the recovery code shown once,
//! the lock after idle minutes with a form half typed, a wrong passphrase answered with a
//! delay, the unlock back to the same form, and a later login.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::pty::Tui;

const PASS: &str = "tramonto sul porto di bari";

#[test]
fn setup_lock_after_idle_unlock_and_login() {
    let home = tempfile::tempdir().unwrap();
    // Lock after 6 seconds without a key (decimal minutes are allowed for this): long
    // enough for a slow machine to show each screen before the next key.
    let config = home.path().join("config/sportello");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "lock_minutes = 0.1\n").unwrap();
    let db = home.path().join("desk.db");
    let db = db.to_str().unwrap();

    let mut t = Tui::spawn(home.path(), &["--db", db, "--lang", "it"], 100, 30);
    t.wait_for("Nuovo sportello: il primo amministratore");
    for (value, next) in [
        ("Sportello Bari", true),
        ("Anna Bianchi", true),
        ("anna", true),
    ] {
        t.type_text(value);
        if next {
            t.key("Enter");
        }
    }
    // A weak passphrase is flagged while typed and refused.
    t.type_text("anna2026");
    t.wait_for("robustezza: debole");
    t.key("Enter");
    t.type_text("anna2026");
    t.key("Enter");
    t.wait_for("troppo facile da indovinare");
    t.key("Ctrl+U");
    t.type_text(PASS);
    t.wait_until("a stronger hint", |s| !s.contains("debole"));
    t.key("Enter");
    t.key("Ctrl+U");
    t.type_text(PASS);
    t.key("Enter");
    let shown = t.wait_for("Codice di recupero");
    assert!(shown.contains("non sarà più mostrato"), "{shown}");
    t.key("Enter");
    t.wait_for("Agenda");

    // A form half typed, then the operator walks away.
    t.type_text("r");
    t.wait_for("Cerca:");
    t.key("Ctrl+N");
    t.wait_for("Cognome*");
    t.type_text("Tesfaye");
    let locked = t.wait_for("Sportello bloccato");
    assert!(
        !locked.contains("Tesfaye"),
        "the lock hides the form:\n{locked}"
    );
    assert!(locked.contains("Anna Bianchi (anna)"), "{locked}");

    // A wrong passphrase: refused, and the next try must wait.
    t.type_text("non è questa");
    t.key("Enter");
    t.wait_for("passphrase errata: riprova tra");
    t.wait_until("the delay to end", |s| {
        s.contains("passphrase errata") && !s.contains("riprova tra")
    });
    t.type_text(PASS);
    t.key("Enter");
    let back = t.wait_for("Tesfaye");
    assert!(back.contains("Cognome*"), "back in the same form:\n{back}");
    t.key("Ctrl+Q");
    t.wait_exit();

    // Next start: the login box; a wrong passphrase, then the right one.
    let mut t = Tui::spawn(home.path(), &["--db", db, "--lang", "it"], 100, 30);
    t.wait_for("Accesso");
    t.log_in_attempt("anna", "sbagliata");
    t.wait_for("nome utente o passphrase errati");
    t.wait_until("the delay to end", |s| !s.contains("riprova tra"));
    t.log_in("anna", PASS);
    t.wait_for("Schede non salvate");
    t.key("Ctrl+Q");
    t.wait_exit();

    // The file holds nothing readable.
    let bytes = std::fs::read(db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    assert!(!bytes.windows(7).any(|w| w == b"Tesfaye"));
}
