//! Sportello: front-desk case management for people in fragile work situations.
//!
//! Layers, data flowing one way: `tui` and `cli` → `service` → `store` / `domain`.
//! `forms` describes forms as data; `i18n` and `lookups` hold every string and list.

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod forms;
pub mod i18n;
pub mod jobs;
pub mod logging;
pub mod lookups;
pub mod paths;
pub mod service;
pub mod store;
pub mod text;
pub mod tui;
pub mod vault;
pub mod words;
