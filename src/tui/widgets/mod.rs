//! Reusable pieces of screens.

pub mod columns;
pub mod line_edit;
pub mod popup;
pub mod progress;
pub mod scroll_list;
pub mod secret_edit;
pub mod status_bar;
pub mod text_field;
pub mod wrap;

#[cfg(test)]
#[path = "hostile_text_tests.rs"]
mod hostile_text_tests;
