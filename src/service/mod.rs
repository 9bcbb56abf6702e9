//! The verbs of the desk, used by both the TUI and the command line, so every behaviour can
//! be tested without a terminal.

pub mod agenda;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod cases;
pub mod desk;
pub mod documents;
pub mod follow_ups;
pub mod gdpr;
pub mod health;
pub mod internships;
pub mod merge;
pub mod operators;
pub mod outcome;
pub mod people;
pub mod plan;
pub mod programmes;
pub mod referrals;
pub mod stamp;
pub mod which_desk;
