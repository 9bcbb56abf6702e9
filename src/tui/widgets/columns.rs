//! Columns of a list fitted to the screen's width: when they do not all fit, the least
//! useful go first (each column says how much it is worth keeping), the one flexible
//! column (a name) gives up width down to its minimum, and the screen is told which columns
//! it hides so it can say so.

use crate::text;

/// One column: its heading, its width, how much it is worth keeping (the lowest goes
/// first), whether it is aligned right (figures) and whether it takes the room left over.
#[derive(Debug, Clone)]
pub struct Column {
    pub head: String,
    pub width: usize,
    pub keep: u8,
    pub right: bool,
    /// The flexible column: shrinks down to `width`, grows up to `max`.
    pub max: Option<usize>,
}

impl Column {
    pub fn fixed(head: impl Into<String>, width: usize, keep: u8) -> Column {
        let head = head.into();
        let width = width.max(text::width(&head));
        Column {
            head,
            width,
            keep,
            right: false,
            max: None,
        }
    }

    pub fn figure(head: impl Into<String>, width: usize, keep: u8) -> Column {
        Column {
            right: true,
            ..Column::fixed(head, width, keep)
        }
    }

    pub fn flexible(head: impl Into<String>, min: usize, max: usize, keep: u8) -> Column {
        Column {
            max: Some(max),
            ..Column::fixed(head, min, keep)
        }
    }
}

/// The columns shown at a width: `(index, width)` in the columns' order, and the indexes
/// of the columns left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub shown: Vec<(usize, usize)>,
    pub hidden: Vec<usize>,
}

/// Fits `cols` into `width` columns, one space between two columns.
pub fn fit(cols: &[Column], width: usize) -> Fit {
    let mut kept: Vec<usize> = (0..cols.len()).collect();
    let need = |kept: &[usize]| -> usize {
        kept.iter().map(|&i| cols[i].width).sum::<usize>() + kept.len().saturating_sub(1)
    };
    while kept.len() > 1 && need(&kept) > width {
        let Some(pos) = kept
            .iter()
            .enumerate()
            .min_by_key(|(_, i)| cols[**i].keep)
            .map(|(p, _)| p)
        else {
            break;
        };
        kept.remove(pos);
    }
    let spare = width.saturating_sub(need(&kept));
    let shown = kept
        .iter()
        .map(|&i| {
            let c = &cols[i];
            let w = match c.max {
                Some(max) => (c.width + spare).min(max.max(c.width)),
                None => c.width,
            };
            (i, w)
        })
        .collect();
    let hidden = (0..cols.len()).filter(|i| !kept.contains(i)).collect();
    Fit { shown, hidden }
}

/// One row's cells laid out as `fit` says (cells clipped to their column).
pub fn row(cols: &[Column], fit: &Fit, cells: &[String]) -> String {
    let mut out = String::new();
    for (n, (i, w)) in fit.shown.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let cell = text::clip(cells.get(*i).map_or("", String::as_str), *w);
        let pad = " ".repeat(w.saturating_sub(text::width(&cell)));
        if cols[*i].right {
            out.push_str(&pad);
            out.push_str(&cell);
        } else {
            out.push_str(&cell);
            out.push_str(&pad);
        }
    }
    out
}

/// The headings, laid out as the rows.
pub fn heading(cols: &[Column], fit: &Fit) -> String {
    let heads: Vec<String> = cols.iter().map(|c| c.head.clone()).collect();
    row(cols, fit, &heads)
}

/// The headings of the hidden columns, for a note ("not shown: Kind, Territory").
pub fn hidden_names(cols: &[Column], fit: &Fit) -> Vec<String> {
    fit.hidden.iter().map(|&i| cols[i].head.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<Column> {
        vec![
            Column::flexible("Name", 20, 44, 9),
            Column::fixed("Kind", 24, 1),
            Column::fixed("Territory", 16, 2),
            Column::figure("Sent", 4, 8),
            Column::figure("Days", 4, 5),
        ]
    }

    #[test]
    fn the_least_useful_columns_go_first_and_the_name_takes_what_is_left() {
        let c = cols();
        let wide = fit(&c, 120);
        assert!(wide.hidden.is_empty());
        assert_eq!(wide.shown[0], (0, 44));
        let mid = fit(&c, 60);
        assert_eq!(hidden_names(&c, &mid), ["Kind"]);
        assert_eq!(mid.shown[0], (0, 60 - 16 - 4 - 4 - 3));
        let narrow = fit(&c, 30);
        assert_eq!(hidden_names(&c, &narrow), ["Kind", "Territory"]);
        for w in [10, 30, 44, 60, 80, 100, 120] {
            let f = fit(&c, w);
            let line = row(
                &c,
                &f,
                &[
                    "A name".into(),
                    "k".into(),
                    "t".into(),
                    "12".into(),
                    "3".into(),
                ],
            );
            assert!(text::width(&line) <= w.max(20), "{w}: {line:?}");
            assert!(f.shown.iter().any(|(i, _)| *i == 0), "the name stays");
        }
        assert_eq!(heading(&c, &narrow), format!("{:<20} Sent Days", "Name"));
    }
}
