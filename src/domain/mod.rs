//! Plain types and rules of the desk: no SQL, no terminal, no I/O.

pub mod agenda;
pub mod case;
pub mod date;
pub mod person;
pub mod taxcode;
