//! The configuration file (TOML in the user's config directory), created with defaults on
//! first run. A bad file never stops the app and is never overwritten: each key that cannot
//! be read falls back to its default and is reported.

use std::path::Path;

use crate::i18n::{Lang, Msg};

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Interface language; `None` means "follow the locale".
    pub lang: Option<Lang>,
    /// Read from old files and ignored: the journal names the operator logged in.
    pub operator: String,
    /// Permits expiring within this many days are flagged.
    pub permit_warning_days: i64,
    /// A referral sent and not answered for longer than this many days is overdue.
    pub referral_answer_days: i64,
    /// The agenda raises internships ending within this many days.
    pub internship_ending_days: i64,
    /// The agenda raises endowment lines used (committed) at or above this percentage.
    pub budget_alert_percent: i64,
    /// Cases closed longer ago than this many months are listed for erasure (retention).
    pub retention_months: i64,
    /// The screen locks after this many minutes without a key (decimals allowed).
    pub lock_minutes: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            lang: None,
            operator: String::new(),
            permit_warning_days: 60,
            referral_answer_days: 10,
            internship_ending_days: 14,
            budget_alert_percent: 90,
            retention_months: 60,
            lock_minutes: 5.0,
        }
    }
}

pub const DEFAULT_FILE: &str = "# Sportello: configuration\n\
# language = \"it\"          # it | en (default: from the system locale, else it)\n\
permit_warning_days = 60   # flag permits expiring within this many days\n\
referral_answer_days = 10  # a referral unanswered for longer is overdue\n\
internship_ending_days = 14  # the agenda raises internships ending this soon\n\
budget_alert_percent = 90  # the agenda raises endowment lines used this much\n\
retention_months = 60      # closed cases older than this are listed for erasure\n\
lock_minutes = 5           # the screen locks after this many idle minutes\n";

/// Parses the text of a configuration file. Returns the config and one message per problem.
pub fn parse(text: &str) -> (Config, Vec<Msg>) {
    let mut cfg = Config::default();
    let mut problems = Vec::new();
    let table = match text.parse::<toml::Table>() {
        Ok(t) => t,
        Err(e) => {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            problems.push(Msg::new("config.unreadable").arg("line", line.unwrap_or(0)));
            return (cfg, problems);
        }
    };
    for (key, value) in &table {
        match (key.as_str(), value) {
            ("language", toml::Value::String(s)) => match Lang::from_code(s) {
                Some(l) => cfg.lang = Some(l),
                None => problems.push(Msg::new("config.bad_value").arg("key", key)),
            },
            ("operator", toml::Value::String(s)) => {
                cfg.operator = s.trim().chars().take(80).collect()
            }
            ("permit_warning_days", toml::Value::Integer(n)) if (0..=3650).contains(n) => {
                cfg.permit_warning_days = *n
            }
            ("referral_answer_days", toml::Value::Integer(n)) if (1..=365).contains(n) => {
                cfg.referral_answer_days = *n
            }
            ("internship_ending_days", toml::Value::Integer(n)) if (0..=365).contains(n) => {
                cfg.internship_ending_days = *n
            }
            ("budget_alert_percent", toml::Value::Integer(n)) if (1..=100).contains(n) => {
                cfg.budget_alert_percent = *n
            }
            ("retention_months", toml::Value::Integer(n)) if (1..=1200).contains(n) => {
                cfg.retention_months = *n
            }
            ("lock_minutes", toml::Value::Integer(n)) if (1..=240).contains(n) => {
                cfg.lock_minutes = *n as f64
            }
            ("lock_minutes", toml::Value::Float(x)) if (0.02..=240.0).contains(x) => {
                cfg.lock_minutes = *x
            }
            (
                "language"
                | "operator"
                | "permit_warning_days"
                | "referral_answer_days"
                | "internship_ending_days"
                | "budget_alert_percent"
                | "retention_months"
                | "lock_minutes",
                _,
            ) => problems.push(Msg::new("config.bad_value").arg("key", key)),
            _ => problems.push(Msg::new("config.unknown_key").arg("key", key)),
        }
    }
    (cfg, problems)
}

/// Reads the file, creating it with defaults when missing. I/O problems become messages.
pub fn load(path: &Path) -> (Config, Vec<Msg>) {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let created = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(path, DEFAULT_FILE));
            if let Err(e) = created {
                tracing::warn!("cannot create {}: {e}", path.display());
            }
            parse(DEFAULT_FILE)
        }
        Err(e) => {
            tracing::warn!("cannot read {}: {e}", path.display());
            (
                Config::default(),
                vec![Msg::new("config.unreadable").arg("line", 0)],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_cleanly() {
        let (c, p) = parse(DEFAULT_FILE);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(c, Config::default());
    }

    #[test]
    fn bad_keys_fall_back_one_by_one() {
        let (c, p) =
            parse("language = \"xx\"\noperator = \"Anna\"\npermit_warning_days = -3\nfoo = 1\n");
        assert_eq!(c.lang, None);
        assert_eq!(c.operator, "Anna");
        assert_eq!(c.permit_warning_days, 60);
        let mut keys: Vec<_> = p
            .iter()
            .map(|m| (m.key.as_str(), m.args[0].1.as_str()))
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                ("config.bad_value", "language"),
                ("config.bad_value", "permit_warning_days"),
                ("config.unknown_key", "foo")
            ]
        );
    }

    #[test]
    fn a_broken_file_is_reported_and_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "language = \"en\"\noperator = [unclosed\n").unwrap();
        let (c, p) = load(&path);
        assert_eq!(c, Config::default());
        assert_eq!(p[0].key, "config.unreadable");
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("[unclosed")
        );
    }

    #[test]
    fn a_missing_file_is_created_with_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.toml");
        let (c, p) = load(&path);
        assert!(p.is_empty());
        assert_eq!(c, Config::default());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), DEFAULT_FILE);
    }
}
