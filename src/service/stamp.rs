//! Who acts and when, as one value: a desk passes its operator and its clock's instant; a
//! bare username (tests, tools) acts now.

use chrono::{DateTime, Utc};

/// The author and the instant written with a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp<'a> {
    pub by: &'a str,
    pub at: DateTime<Utc>,
}

impl<'a> From<&'a str> for Stamp<'a> {
    fn from(by: &'a str) -> Stamp<'a> {
        Stamp {
            by,
            at: crate::service::people::now(),
        }
    }
}

impl<'a> From<&'a crate::service::auth::Session> for Stamp<'a> {
    fn from(s: &'a crate::service::auth::Session) -> Stamp<'a> {
        Stamp::from(s.username.as_str())
    }
}

impl<'a> From<&'a String> for Stamp<'a> {
    fn from(by: &'a String) -> Stamp<'a> {
        Stamp::from(by.as_str())
    }
}
