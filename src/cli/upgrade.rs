//! A command's login to a register from an older version: its schema steps run before the
//! command, with a line on standard error at each step and every tenth of the way when the
//! work is more than a small register's (a test's file says nothing).

use std::sync::{Arc, Mutex};

use super::Failure;
use crate::i18n::{I18n, Msg};
use crate::service::auth::{Older, Session};
use crate::store::Store;
use crate::store::upgrade::{Report, Stage};

/// Rows to rewrite above which the upgrade says how far it has got.
const SAID_ABOVE_ROWS: u64 = 5_000;

/// Runs `older`'s steps and opens it.
pub fn run(older: Older, i18n: &I18n) -> Result<(Store, Session), Failure> {
    let lang = i18n.lang;
    let report: Report = if older.work.rows() > SAID_ABOVE_ROWS {
        let i18n = *i18n;
        // The step and the tenth last said.
        let last = Mutex::new((0u32, -1i64));
        Arc::new(move |s: &Stage| {
            let tenth = (s.fraction * 10.0).floor() as i64;
            let Ok(mut said) = last.lock() else { return };
            if *said == (s.step, tenth) || (said.0 == s.step && tenth < said.1) {
                return;
            }
            *said = (s.step, tenth);
            let doing = i18n.msg(&crate::words::upgrade::doing(s, lang));
            let pct = (s.fraction * 100.0).floor().to_string();
            eprintln!(
                "{}",
                i18n.tf("jobs.upgrade.cli", &[("doing", &doing), ("pct", &pct)])
            );
        })
    } else {
        Arc::new(|_: &Stage| {})
    };
    match older.upgrade(report, &|| false) {
        Ok(Some(opened)) => Ok(opened),
        Ok(None) => Err(Failure::new(Msg::new("jobs.upgrade.stopped"))),
        Err(f) => Err(super::auth::refused(&f, lang)),
    }
}
