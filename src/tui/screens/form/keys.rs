//! The form's key tables: one per mode (editing, picking, confirming, reading errors). While
//! editing, what Enter does depends on the focused stop (see [`enter_table`]): it goes on like
//! Tab, except in long text (a new line) and on "+ Add" (a new row).

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use crate::forms::FieldKind;
use crate::tui::keymap::{Action, Binding, Key, ch, ctrl, key};

const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}

pub static EDIT: &[Binding] = &[
    Binding {
        keys: &[ctrl('s')],
        action: Action::Save,
        help: "keys.save",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::BackTab), key(KeyCode::Up)],
        action: Action::PrevField,
        help: "keys.prev_field",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::PageDown)],
        action: Action::NextSection,
        help: "keys.next_section",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::PageUp)],
        action: Action::PrevSection,
        help: "keys.prev_section",
        bar: false,
    },
    Binding {
        keys: &[ctrl('d')],
        action: Action::RemoveRow,
        help: "keys.remove_row",
        bar: false,
    },
    Binding {
        keys: &[alt(KeyCode::Up)],
        action: Action::RowUp,
        help: "keys.row_up",
        bar: false,
    },
    Binding {
        keys: &[alt(KeyCode::Down)],
        action: Action::RowDown,
        help: "keys.row_down",
        bar: false,
    },
    Binding {
        keys: &[ctrl('o')],
        action: Action::OpenMatch,
        help: "keys.open_match",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Home), ctrl('a')],
        action: Action::LineStart,
        help: "keys.line_start",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::End), ctrl('e')],
        action: Action::LineEnd,
        help: "keys.line_end",
        bar: false,
    },
];

/// ↓ goes on as well; left out of the status bar, which has no room for it.
const DOWN: Binding = Binding {
    keys: &[key(KeyCode::Down)],
    action: Action::NextField,
    help: "keys.next_field",
    bar: false,
};

/// Enter and Tab alike: accept the field and go to the next.
pub static NEXT: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Tab), key(KeyCode::Enter)],
        action: Action::NextField,
        help: "keys.next_field",
        bar: true,
    },
    DOWN,
];

/// In long text Enter starts a new line; Tab goes on.
pub static NEXT_LONG: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Tab)],
        action: Action::NextField,
        help: "keys.next_field",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Choose,
        help: "keys.form.new_line",
        bar: true,
    },
    DOWN,
];

/// On "+ Add" Enter adds a row; Tab goes past the group.
pub static NEXT_ADD: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::AddRow,
        help: "keys.add_row",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Tab)],
        action: Action::NextField,
        help: "keys.next_field",
        bar: true,
    },
    DOWN,
];

/// The table that says what Enter does on a stop (`add_row`, of `kind`).
pub fn enter_table(add_row: bool, kind: Option<FieldKind>) -> &'static [Binding] {
    match (add_row, kind) {
        (true, _) => NEXT_ADD,
        (false, Some(FieldKind::LongText)) => NEXT_LONG,
        _ => NEXT,
    }
}

pub static PICK: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter), key(KeyCode::Tab)],
        action: Action::Choose,
        help: "keys.form.take_match",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Cancel,
        help: "keys.form.close_keep",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Delete)],
        action: Action::Clear,
        help: "keys.clear_choice",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Backspace)],
        action: Action::Backspace,
        help: "keys.backspace",
        bar: false,
    },
];

/// Discarding takes its own key, named in the box; Enter, Esc and `n` keep the form.
pub static CONFIRM: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter), key(KeyCode::Esc), ch('n')],
        action: Action::Cancel,
        help: "keys.keep_editing",
        bar: true,
    },
    Binding {
        keys: &[ch('d')],
        action: Action::Discard,
        help: "keys.discard",
        bar: true,
    },
    Binding {
        keys: &[ctrl('s')],
        action: Action::Save,
        help: "keys.save",
        bar: true,
    },
];

pub static ERRORS: &[Binding] = &[Binding {
    keys: &[key(KeyCode::Esc), key(KeyCode::Enter)],
    action: Action::Cancel,
    help: "keys.close",
    bar: true,
}];
