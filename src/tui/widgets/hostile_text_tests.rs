//! Rows of untrusted text drawn one over another through a real terminal's escape codes
//! into a terminal emulator: whatever the names hold, each row on the emulated screen is
//! exactly the row the program meant, so no cell of one record survives into another's
//! row, and nothing of uncertain width reaches the screen.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem};
use ratatui::{TerminalOptions, Viewport};

use super::columns::{self, Column};
use crate::text;

const W: u16 = 44;
const H: u16 = 5;

/// Drawn in the placeholder's place on the emulated screen: the emulator leaves a cell
/// written with U+FFFD as it was (it takes the character for its own mark of bad input),
/// where a terminal draws it in one cell, as this one.
const STAND_IN: &str = "¤";

/// Characters names are made of here: letters of several scripts and widths, and what
/// hostile or damaged text holds.
fn a_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        2 => prop::char::range('À', 'ÿ'),
        2 => prop::char::range('一', '龥'),
        1 => prop::char::range('\u{0300}', '\u{036F}'),
        1 => prop::char::range('\u{0E00}', '\u{0E5B}'),
        1 => prop::char::range('\u{0900}', '\u{097F}'),
        1 => prop::char::range('\u{1100}', '\u{11FF}'),
        1 => prop::char::range('\u{1F1E6}', '\u{1F1FF}'),
        1 => prop::char::range('\u{1F600}', '\u{1F64F}'),
        1 => prop::sample::select(vec![
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{AD}', '\u{202E}',
            '\u{2066}', '\u{E000}', '\u{F8FF}', '\u{F0000}', '\u{10FFFF}', '\u{0378}',
            '\u{FFFF}', '\u{2FFFE}', '\u{E0001}', '\u{1B}', '\u{9B}', '\t', '\n', '\u{7F}',
            'Ｗ', '\u{3000}', '\u{0E33}', '\u{1160}', '\u{FE0F}', '\u{1F3FD}', '\u{0600}',
        ]),
    ]
}

fn a_name() -> impl Strategy<Value = String> {
    prop::collection::vec(a_char(), 0..28).prop_map(|v| v.into_iter().collect())
}

fn cols() -> Vec<Column> {
    vec![
        Column::flexible("Name", 12, 30, 9),
        Column::fixed("Code", 8, 5),
    ]
}

/// What the backend writes, kept for the emulator to read after each frame.
#[derive(Clone, Default)]
struct Tap(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Tap {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The emulated screen's row `y`, a space for an empty cell, wide characters once.
fn screen_row(s: &vt100::Screen, y: u16) -> String {
    let mut out = String::new();
    for x in 0..W {
        let Some(c) = s.cell(y, x) else { continue };
        if c.is_wide_continuation() {
            continue;
        }
        let t = c.contents();
        out.push_str(if t.is_empty() { " " } else { t });
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_cell_of_one_record_survives_into_another_row(
        names in prop::collection::vec(a_name(), 2..6),
        frames in prop::collection::vec(0usize..6, 1..8),
    ) {
        let tap = Tap::default();
        let backend = CrosstermBackend::new(tap.clone());
        let area = Rect::new(0, 0, W, H);
        let mut term = Terminal::with_options(
            backend,
            TerminalOptions { viewport: Viewport::Fixed(area) },
        )
        .unwrap();
        let mut screen = vt100::Parser::new(H, W, 0);
        let c = cols();
        let fit = columns::fit(&c, W as usize);
        for first in frames {
            let rows: Vec<String> = (0..H as usize)
                .map(|i| {
                    let name = &names[(first + i) % names.len()];
                    let code = format!("{:08}", (first + i) % names.len());
                    columns::row(&c, &fit, &[name.clone(), code])
                })
                .collect();
            term.draw(|f| {
                let items: Vec<ListItem> =
                    rows.iter().map(|r| ListItem::new(Line::raw(r.clone()))).collect();
                f.render_widget(List::new(items), f.area());
            })
            .unwrap();
            let written = String::from_utf8(std::mem::take(&mut *tap.0.borrow_mut())).unwrap();
            screen.process(written.replace(text::PLACEHOLDER, STAND_IN).as_bytes());
            for (y, want) in rows.iter().enumerate() {
                let got = screen_row(screen.screen(), y as u16);
                let want = want.replace(text::PLACEHOLDER, STAND_IN);
                prop_assert_eq!(got.trim_end(), want.trim_end(), "row {}", y);
                prop_assert!(text::is_clean(&got), "{:?}", got);
            }
        }
    }
}
