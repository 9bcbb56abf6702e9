//! The one scrolling helper: a list drawn with ratatui's `List` and `ListState`, of which
//! only the rows in view are built (lists are windows over what was read), placed so that
//! the selected row is always shown; the row a list key moves to; and text taller than its
//! box, scrolled by keys.

use std::cell::Cell;
use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem, ListState};

use crate::tui::keymap::Action;

/// A move in a list, as the list keys (Up, Down, PgUp, PgDn, Home, End) ask it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
}

impl Move {
    /// The move an action asks, if it is a list key.
    pub fn of(action: &Action) -> Option<Move> {
        Some(match action {
            Action::Up => Move::Up,
            Action::Down => Move::Down,
            Action::PageUp => Move::PageUp,
            Action::PageDown => Move::PageDown,
            Action::First => Move::First,
            Action::Last => Move::Last,
            _ => return None,
        })
    }
}

/// The row `mv` lands on from `row` in a list of `len` rows shown `page` at a time: never
/// past either end, 0 in an empty list. A row past the end (a list that shrank) moves from
/// the last one.
pub fn target(mv: Move, row: usize, len: usize, page: usize) -> usize {
    let Some(last) = len.checked_sub(1) else {
        return 0;
    };
    let (row, page) = (row.min(last), page.max(1));
    match mv {
        Move::Up => row.saturating_sub(1),
        Move::Down => row.saturating_add(1).min(last),
        Move::PageUp => row.saturating_sub(page),
        Move::PageDown => row.saturating_add(page).min(last),
        Move::First => 0,
        Move::Last => last,
    }
}

/// How the window moves with the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// As little as needed: the selected row at the bottom once it passes the last one.
    Follow,
    /// A page at a time: the window is the page that holds the selected row.
    Paged,
}

/// The rows in view of a list of `len` rows, `height` high, with row `selected` chosen.
pub fn rows_in_view(selected: usize, len: usize, height: usize, window: Window) -> Range<usize> {
    if height == 0 || len == 0 {
        return 0..0;
    }
    let selected = selected.min(len - 1);
    let first = match window {
        Window::Follow => selected.saturating_sub(height - 1),
        Window::Paged => (selected / height) * height,
    };
    first..(first + height).min(len)
}

/// Draws rows `0..len` in `area`: `row(i, selected)` builds row `i`, asked only for the rows
/// in view; `selected` is the chosen row, if any (and where the window is placed).
pub fn render<'a>(
    f: &mut Frame,
    area: Rect,
    len: usize,
    selected: Option<usize>,
    window: Window,
    mut row: impl FnMut(usize, bool) -> Line<'a>,
) {
    let shown = rows_in_view(selected.unwrap_or(0), len, area.height as usize, window);
    let first = shown.start;
    let items: Vec<ListItem> = shown
        .map(|i| ListItem::new(row(i, Some(i) == selected)))
        .collect();
    let mut state = ListState::default()
        .with_offset(0)
        .with_selected(selected.and_then(|s| s.checked_sub(first)));
    f.render_stateful_widget(List::new(items), area, &mut state);
}

/// Where text taller than its box starts: moved by keys, bounded by what the last frame
/// drew (the last line may not go above the box's bottom).
#[derive(Debug, Default)]
pub struct TextScroll {
    top: usize,
    max: Cell<usize>,
}

impl TextScroll {
    pub fn up(&mut self, rows: usize) {
        // From where the text was shown, not from a bound the box has outgrown.
        self.top = self.top.min(self.max.get()).saturating_sub(rows);
    }

    pub fn down(&mut self, rows: usize) {
        self.top = (self.top + rows).min(self.max.get());
    }

    /// The first line to show of `lines` in `room` rows; remembers the bound for the keys.
    pub fn first(&self, lines: usize, room: usize) -> usize {
        self.max.set(lines.saturating_sub(room));
        self.top.min(self.max.get())
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    #[test]
    fn each_list_key_lands_on_its_row_and_never_past_an_end() {
        use Move::*;
        assert_eq!(target(Down, 3, 10, 4), 4);
        assert_eq!(target(Up, 3, 10, 4), 2);
        assert_eq!(target(PageDown, 3, 10, 4), 7);
        assert_eq!(target(PageUp, 7, 10, 4), 3);
        assert_eq!(target(First, 7, 10, 4), 0);
        assert_eq!(target(Last, 2, 10, 4), 9);
        // At the ends.
        assert_eq!(target(Up, 0, 10, 4), 0);
        assert_eq!(target(Down, 9, 10, 4), 9);
        assert_eq!(target(PageDown, 8, 10, 4), 9);
        assert_eq!(target(PageUp, 2, 10, 4), 0);
        // An empty list, a page of nothing, a row past a list that shrank.
        for mv in [Up, Down, PageUp, PageDown, First, Last] {
            assert_eq!(target(mv, 5, 0, 4), 0, "{mv:?}");
        }
        assert_eq!(target(PageDown, 1, 10, 0), 2);
        assert_eq!(target(Up, 40, 10, 4), 8);
        assert_eq!(target(Down, 40, 10, 4), 9);
        assert_eq!(
            target(Down, usize::MAX, usize::MAX, usize::MAX),
            usize::MAX - 1
        );
    }

    #[test]
    fn only_list_keys_are_moves() {
        assert_eq!(Move::of(&Action::PageDown), Some(Move::PageDown));
        assert_eq!(Move::of(&Action::First), Some(Move::First));
        assert_eq!(Move::of(&Action::Open), None);
        assert_eq!(Move::of(&Action::Type('j')), None);
    }

    #[test]
    fn the_selected_row_is_always_in_view() {
        for window in [Window::Follow, Window::Paged] {
            for len in 0..30 {
                for height in 1..8 {
                    for sel in 0..len {
                        let r = rows_in_view(sel, len, height, window);
                        assert!(r.contains(&sel), "{window:?} {sel} {len} {height} {r:?}");
                        assert!(r.len() <= height && r.end <= len);
                    }
                }
            }
        }
        assert_eq!(rows_in_view(0, 0, 5, Window::Follow), 0..0);
        assert_eq!(rows_in_view(3, 10, 0, Window::Paged), 0..0);
    }

    #[test]
    fn follow_moves_as_little_as_needed_and_paged_a_page_at_a_time() {
        assert_eq!(rows_in_view(2, 20, 5, Window::Follow), 0..5);
        assert_eq!(rows_in_view(7, 20, 5, Window::Follow), 3..8);
        assert_eq!(rows_in_view(19, 20, 5, Window::Follow), 15..20);
        assert_eq!(rows_in_view(7, 20, 5, Window::Paged), 5..10);
        assert_eq!(rows_in_view(19, 22, 5, Window::Paged), 15..20);
        assert_eq!(rows_in_view(21, 22, 5, Window::Paged), 20..22);
        // A selection past the end (a list that shrank) shows the end.
        assert_eq!(rows_in_view(40, 20, 5, Window::Follow), 15..20);
    }

    #[test]
    fn text_scrolls_no_further_than_its_last_line_at_the_bottom() {
        let mut s = TextScroll::default();
        assert_eq!(s.first(30, 10), 0);
        s.down(5);
        assert_eq!(s.first(30, 10), 5);
        s.down(100);
        assert_eq!(s.first(30, 10), 20);
        // The box grew: the text starts higher, and so do the keys.
        assert_eq!(s.first(30, 25), 5);
        s.up(1);
        assert_eq!(s.first(30, 25), 4);
        s.up(100);
        assert_eq!(s.first(30, 25), 0);
    }

    #[test]
    fn only_the_rows_in_view_are_built_and_drawn() {
        let mut t = Terminal::new(TestBackend::new(10, 3)).unwrap();
        let mut asked = Vec::new();
        t.draw(|f| {
            render(f, f.area(), 100, Some(42), Window::Follow, |i, sel| {
                asked.push(i);
                Line::raw(format!("{}{i}", if sel { ">" } else { " " }))
            })
        })
        .unwrap();
        assert_eq!(asked, vec![40, 41, 42]);
        let shown: Vec<String> = (0..3)
            .map(|y| {
                (0..10)
                    .map(|x| t.backend().buffer()[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect();
        assert_eq!(shown, vec![" 40       ", " 41       ", ">42       "]);
    }
}
