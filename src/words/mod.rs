//! The edge where typed answers of the services become words in the operator's language:
//! shared by the TUI and the command line. Services never choose a language; everything
//! here takes the operator's [`crate::i18n::I18n`] or [`crate::i18n::Lang`].

pub mod agenda;
pub mod failure;
pub mod labels;
pub mod money;
pub mod people;
pub mod step_detail;
pub mod timeline;
pub mod upgrade;

pub use failure::{Said, local_stamp, said};

#[cfg(test)]
mod no_language_in_services;
