//! Keys are data: each screen has tables of bindings (key → action → catalogue key of its
//! description). The same tables drive key handling, the status-bar hints and the help popup.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything an operator can ask for. Screens act on the ones their tables bind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Back,
    FocusSearch,
    FocusList,
    New,
    Open,
    Edit,
    Save,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    NextField,
    PrevField,
    NextSection,
    PrevSection,
    Choose,
    Toggle,
    AddRow,
    RemoveRow,
    RowUp,
    RowDown,
    OpenMatch,
    Resume,
    Discard,
    Confirm,
    Cancel,
    Backspace,
    Delete,
    Left,
    Right,
    LineStart,
    LineEnd,
    DeleteWord,
    Clear,
    /// A printable character for the focused field.
    Type(char),
    /// Bracketed paste for the focused field.
    Paste(String),
    // Part 6 (case core).
    /// Open one step of the case (its form or its screen).
    OpenStep(crate::domain::case::Step),
    /// Reopen a closed case.
    Reopen,
    // Part 2 (the plan and its money).
    /// Enrol the case in a programme.
    Enrol,
    /// Commit, pay or release money on the case's budget.
    Money(crate::domain::money::OpKind),
    /// The programmes and their figures (coordinators).
    Programmes,
    /// The directory of the partner network.
    Partners,
    /// Extend the internship.
    Extend,
    /// Record a month of attendance.
    Attendance,
    /// Make a backup of the database.
    Backup,
    /// Restore the database from a backup (administrators).
    Restore,
    // Part 5: the agenda.
    /// Opens the register of people.
    Register,
    /// Cycles the agenda's kind filter.
    CycleKind,
    /// Cycles the agenda's operator filter.
    CycleOperator,
    /// Agenda: list or hide the records overdue for more than a month.
    ToggleToCheck,
    /// Person: merge another record of the same person into this one (coordinators).
    Merge,
    /// Person: undo the latest merge into this record.
    Unmerge,
    /// The audit trail (administrators).
    Audit,
    /// Erase a person's data (GDPR; administrators).
    Erase,
    /// The desk's operators.
    Operators,
    /// Lock the screen now (the app asks the loop for the lock).
    Lock,
    /// The login box: set a new passphrase with the recovery code.
    Recover,
}

/// One key combination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

pub const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

impl Key {
    /// A character with no Ctrl or Alt: typed into a focused field.
    pub fn is_plain_char(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// True when the event is this key. Shift is ignored for characters (it is in the char).
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(ev.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match ev.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            c => c,
        };
        code == self.code && mods == self.mods
    }

    /// How the key is written in hints and help: `Ctrl+S`, `Enter`, `⇧Tab`, `PgDn`.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "⇧Tab".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl+");
            return s + &name.to_uppercase();
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("Alt+");
        }
        s + &name
    }
}

/// A line of a key table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// Catalogue key of the description shown in the bar and in help.
    pub help: &'static str,
    /// Shown in the status bar (the rest only in help).
    pub bar: bool,
}

impl Binding {
    /// The keys as written in hints and help. While a field takes typing, plain
    /// characters type themselves, so they are left out (`↑/k` shows as `↑`).
    pub fn keys_label(&self, typing: bool) -> String {
        self.keys
            .iter()
            .filter(|k| !(typing && k.is_plain_char()))
            .map(Key::label)
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Keys every screen shares, consulted after the screen's own table.
pub static GLOBAL: &[Binding] = &[
    Binding {
        keys: &[ctrl('q'), ctrl('c')],
        action: Action::Quit,
        help: "keys.quit",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::F(1)), ch('?')],
        action: Action::Help,
        help: "keys.help",
        bar: true,
    },
    Binding {
        keys: &[ctrl('l')],
        action: Action::Lock,
        help: "keys.lock",
        bar: false,
    },
];

/// Text editing keys of a focused one-line field.
pub static TEXT_EDIT: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Backspace)],
        action: Action::Backspace,
        help: "keys.backspace",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Delete)],
        action: Action::Delete,
        help: "keys.delete",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Left)],
        action: Action::Left,
        help: "keys.left",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Right)],
        action: Action::Right,
        help: "keys.right",
        bar: false,
    },
    Binding {
        keys: &[ctrl('a')],
        action: Action::LineStart,
        help: "keys.line_start",
        bar: false,
    },
    Binding {
        keys: &[ctrl('e')],
        action: Action::LineEnd,
        help: "keys.line_end",
        bar: false,
    },
    Binding {
        keys: &[ctrl('w')],
        action: Action::DeleteWord,
        help: "keys.delete_word",
        bar: false,
    },
    Binding {
        keys: &[ctrl('u')],
        action: Action::Clear,
        help: "keys.clear",
        bar: false,
    },
];

/// Moving in a list. Letters here (k, j, g, G) only act where no text field has the focus:
/// a focused field takes printable keys first.
pub static NAV: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Up), ch('k')],
        action: Action::Up,
        help: "keys.up",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Down), ch('j')],
        action: Action::Down,
        help: "keys.down",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "keys.page_up",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "keys.page_down",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::Home), ch('g')],
        action: Action::First,
        help: "keys.first",
        bar: false,
    },
    Binding {
        keys: &[key(KeyCode::End), ch('G')],
        action: Action::Last,
        help: "keys.last",
        bar: false,
    },
];

/// Resolves a key: the focused text field first (printable characters type themselves),
/// then the screen's tables in order, then the global table.
pub fn resolve(ev: &KeyEvent, wants_text: bool, tables: &[&[Binding]]) -> Option<Action> {
    if wants_text
        && let KeyCode::Char(c) = ev.code
        && !ev
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return Some(Action::Type(c));
    }
    tables
        .iter()
        .copied()
        .chain(std::iter::once(GLOBAL))
        .flat_map(|t| t.iter())
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.action.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    static TABLE: &[Binding] = &[Binding {
        keys: &[ch('n')],
        action: Action::New,
        help: "keys.new",
        bar: true,
    }];

    #[test]
    fn a_focused_field_gets_letters_first() {
        let n = ev(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(resolve(&n, true, &[TABLE]), Some(Action::Type('n')));
        assert_eq!(resolve(&n, false, &[TABLE]), Some(Action::New));
        let q = ev(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(resolve(&q, true, &[TABLE]), Some(Action::Type('?')));
        assert_eq!(resolve(&q, false, &[TABLE]), Some(Action::Help));
    }

    #[test]
    fn control_keys_are_commands_even_in_a_field() {
        let s = ev(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(resolve(&s, true, &[TABLE]), Some(Action::Quit));
        let shift_ctrl = ev(
            KeyCode::Char('Q'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        // Caps lock or Shift held: still Ctrl+Q.
        assert_eq!(resolve(&shift_ctrl, true, &[]), Some(Action::Quit));
        let alt_n = ev(KeyCode::Char('n'), KeyModifiers::ALT);
        assert_eq!(resolve(&alt_n, true, &[TABLE]), None);
        assert_eq!(
            resolve(&ev(KeyCode::F(1), KeyModifiers::NONE), true, &[]),
            Some(Action::Help)
        );
    }

    #[test]
    fn labels_read_as_operators_expect() {
        assert_eq!(ctrl('s').label(), "Ctrl+S");
        assert_eq!(key(KeyCode::BackTab).label(), "⇧Tab");
        assert_eq!(ch(' ').label(), "Space");
        assert_eq!(GLOBAL[1].keys_label(false), "F1/?");
        assert_eq!(GLOBAL[1].keys_label(true), "F1");
    }
}
