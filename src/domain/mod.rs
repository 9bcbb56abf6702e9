//! Plain types and rules of the desk: no SQL, no terminal, no I/O.

pub mod agenda;
pub mod case;
pub mod date;
pub mod duplicates;
pub mod internship;
pub mod merge;
pub mod money;
pub mod names;
pub mod person;
pub mod plan;
pub mod programme;
pub mod referral;
pub mod taxcode;
