//! Reusable pieces of screens.

pub mod line_edit;
pub mod popup;
pub mod status_bar;
pub mod text_field;
