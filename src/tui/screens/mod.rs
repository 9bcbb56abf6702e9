//! One module per screen of the stack. A screen never opens another: it returns the
//! [`Route`](super::router::Route) it wants, and the router builds the screen.

pub mod agenda;
pub mod audit;
pub mod backup;
pub mod case;
pub mod drafts;
pub mod erase;
pub mod follow_ups;
pub mod form;
pub mod help;
pub mod internship;
pub mod operators;
pub mod partners;
pub mod person;
pub mod plan;
pub mod programmes;
pub mod referrals;
pub mod register;
pub mod restore;

pub use super::router::start;
