//! The gate's and the lock's key tables: the same kind of tables as every screen's, resolved
//! by the same `keymap::resolve` (their fields take typing, so letters type themselves).

use ratatui::crossterm::event::KeyCode;

use crate::tui::keymap::{Action, Binding, ctrl, key};

/// Moving between the fields of a box and going on.
pub static FIELDS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Confirm,
        help: "keys.confirm",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Tab), key(KeyCode::Down)],
        action: Action::NextField,
        help: "keys.next_field",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::BackTab), key(KeyCode::Up)],
        action: Action::PrevField,
        help: "keys.prev_field",
        bar: false,
    },
    Binding {
        keys: &[ctrl('s')],
        action: Action::Save,
        help: "keys.save",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

/// The login box: the recovery code when every passphrase is lost.
pub static LOGIN: &[Binding] = &[Binding {
    keys: &[ctrl('r')],
    action: Action::Recover,
    help: "keys.gate.recover",
    bar: true,
}];

/// The recovery code on screen, once: Enter when it is written down.
pub static CODE: &[Binding] = &[Binding {
    keys: &[key(KeyCode::Enter)],
    action: Action::Confirm,
    help: "keys.confirm",
    bar: true,
}];

/// The lock: Enter unlocks; Esc does nothing (the box stays up); Ctrl+Q quits (global).
pub static LOCK: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Confirm,
        help: "keys.confirm",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Cancel,
        help: "keys.cancel",
        bar: false,
    },
];
