//! The login box's way out when every passphrase is lost: Ctrl+R, the recovery code, the
//! username and a new passphrase twice; then the operator is in, and the old passphrase no
//! longer opens anything.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sportello::i18n::{I18n, Lang};
use sportello::service::auth::{self, NewOperator};
use sportello::tui::gate::{Gate, Step};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn typed(g: &mut Gate, s: &str) {
    for c in s.chars() {
        g.key(&key(KeyCode::Char(c)));
    }
}

fn screen(g: &Gate) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(90, 24)).unwrap();
    t.draw(|f| g.render(f)).unwrap();
    common::text(t.backend().buffer())
}

#[test]
fn the_recovery_code_gives_a_new_passphrase_from_the_login_box() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let old = "cavolo verde lento sul tram";
    let admin = NewOperator {
        username: "anna",
        name: "Anna",
        pass: old,
        again: old,
    };
    let code = auth::setup(&db, "Desk", &admin, false)
        .unwrap()
        .recovery
        .reveal()
        .to_string();

    let mut g = Gate::new(&db, I18n::new(Lang::En)).unwrap();
    assert!(screen(&g).contains("Ctrl+R recovery code"));
    g.key(&KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    assert!(screen(&g).contains("Passphrases lost"));
    // A wrong code first: refused, nothing changes.
    let new = "la bicicletta rossa di nonna";
    for (text, last) in [
        ("0000-1111", false),
        ("anna", false),
        (new, false),
        (new, true),
    ] {
        typed(&mut g, text);
        if !last {
            g.key(&key(KeyCode::Enter));
        }
    }
    assert!(matches!(g.key(&key(KeyCode::Enter)), Step::Work));
    g.work();
    assert!(g.take_opened().is_none());
    assert!(screen(&g).contains("wrong recovery code"), "{}", screen(&g));
    // The right one (typed in lower case, with spaces): in, with the new passphrase.
    g.key(&key(KeyCode::Up));
    g.key(&key(KeyCode::Up));
    g.key(&key(KeyCode::Up));
    g.key(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    typed(&mut g, &code.to_lowercase().replace('-', " "));
    for text in ["", new, new] {
        g.key(&key(KeyCode::Enter));
        typed(&mut g, text);
    }
    assert!(matches!(g.key(&key(KeyCode::Enter)), Step::Work));
    g.work();
    let Some(sportello::service::auth::Opened::Ready(_store, session)) = g.take_opened() else {
        panic!("logged in");
    };
    assert_eq!(session.username, "anna");
    drop(_store);
    assert!(auth::login(&db, "anna", old).is_err());
}
