//! The edge where typed answers of the services become words in the operator's language:
//! shared by the TUI and the command line. Services never choose a language; everything
//! here takes the operator's [`crate::i18n::I18n`] or [`crate::i18n::Lang`].

pub mod labels;
pub mod step_detail;
pub mod timeline;
