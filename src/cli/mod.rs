//! The command line (clap). Every subcommand goes through the same service layer as the TUI.

mod agenda;
mod audit;
pub mod auth;
mod backup;
mod bench;
mod bench_figures;
mod bench_names;
mod case;
mod case_parts;
mod demo;
mod export;
mod operator;
mod partners;
mod person;
mod retention;
mod search;
mod upgrade;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{self, Config};
use crate::i18n::{I18n, Lang, Msg};
use crate::service::desk::{Clock, Desk};

#[derive(Debug, Parser)]
#[command(
    name = "sportello",
    version,
    about = "Sportello: front-desk case management (terminal, offline)"
)]
pub struct Cli {
    /// Database file (default: sportello.db in the user's data directory)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Interface language: it or en (default: config file, then LANG, then it)
    #[arg(long, global = true, value_name = "it|en")]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill the database with a deterministic, realistic register of demo people
    Demo(demo::Args),
    /// Search the register as the people screen does
    Search(search::Args),
    /// Show or add one person
    #[command(subcommand)]
    Person(person::Command),
    /// Show one case (steps, step forms, timeline)
    #[command(subcommand)]
    Case(case::Command),
    /// Measure search latency and memory on a demo register (figures for BENCHMARKS.md)
    Bench(bench::Args),
    /// What to act on: deadlines of open cases, the most urgent first
    Agenda(agenda::Args),
    /// The partners of the network, with referrals sent, accepted, declined and days to answer
    Partners(partners::Args),
    /// The audit trail: `verify` checks its hash chain
    #[command(subcommand)]
    Audit(audit::Command),
    /// Check every page and index of the database, then the audit trail (administrators)
    Check,
    /// Write a consistent, checked copy of the database (works while the app is open)
    Backup(backup::Args),
    /// Replace the database with a checked backup (the replaced one is kept beside it)
    Restore(backup::Args),
    /// Cases closed longer ago than the retention period, for the administrator to erase
    Retention(retention::Args),
    /// Set up a new desk: its first administrator (and encrypt a database from before)
    Setup(SetupArgs),
    /// Operators: list, add, remove, change a role; change your own passphrase
    #[command(subcommand)]
    Operator(operator::Command),
    /// Every passphrase lost: the recovery code gives an operator a new one
    Recover,
}

#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// The desk's name
    #[arg(long)]
    pub desk: String,
    /// The administrator's full name (the username: SPORTELLO_OPERATOR or asked)
    #[arg(long)]
    pub name: String,
}

/// What every command needs: the store, the language, the configuration, who runs it.
pub struct Env {
    /// The logged-in desk: the store, who runs the command, the clock.
    pub desk: Desk,
    pub db_path: PathBuf,
    pub i18n: I18n,
    pub config: Config,
    pub config_problems: Vec<Msg>,
}

/// What is known before the database is opened.
pub struct Base {
    pub db_path: PathBuf,
    pub i18n: I18n,
    pub config: Config,
    pub config_problems: Vec<Msg>,
}

/// A failure to report as one line in the operator's language.
pub struct Failure {
    pub msg: Msg,
    pub code: i32,
}

impl Failure {
    pub fn new(msg: Msg) -> Failure {
        Failure { msg, code: 1 }
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Failure {
        tracing::error!("store: {e}");
        Failure::new(Msg::new(e.message_key()).arg("detail", e.to_string()))
    }
}

impl Env {
    /// The command line's edge: a service's failure as the line it prints, in the
    /// operator's language.
    pub fn failed(&self, f: crate::service::outcome::Failure) -> Failure {
        failed(&f, self.i18n.lang)
    }
}

/// A service's failure as the command line reports it.
pub fn failed(f: &crate::service::outcome::Failure, lang: Lang) -> Failure {
    Failure::new(crate::words::said(f, lang))
}

fn resolve_lang(flag: Option<&str>, config: &Config) -> Result<Lang, Msg> {
    if let Some(f) = flag {
        return Lang::from_code(f).ok_or_else(|| Msg::new("cli.bad_lang").arg("value", f));
    }
    if let Some(l) = config.lang {
        return Ok(l);
    }
    let env = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty());
    Ok(env.and_then(|v| Lang::from_locale(&v)).unwrap_or_default())
}

fn prepare(cli: &Cli) -> Result<Base, (I18n, Failure)> {
    let (config, config_problems) = match crate::paths::config_file() {
        Some(p) => config::load(&p),
        None => (Config::default(), Vec::new()),
    };
    let lang = resolve_lang(cli.lang.as_deref(), &config);
    let i18n = I18n::new(*lang.as_ref().unwrap_or(&Lang::It));
    let lang_fail = |m: Msg| (i18n, Failure { msg: m, code: 2 });
    if let Err(m) = lang {
        return Err(lang_fail(m));
    }
    let db_path = match cli.db.clone().or_else(crate::paths::default_db) {
        Some(p) => p,
        None => return Err((i18n, Failure::new(Msg::new("cli.no_data_dir")))),
    };
    if let Some(dir) = db_path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        let m = Msg::new("cli.cannot_create_dir")
            .arg("path", dir.display())
            .arg("detail", e);
        return Err((i18n, Failure::new(m)));
    }
    Ok(Base {
        db_path,
        i18n,
        config,
        config_problems,
    })
}

/// Opens the database for a command: logged in, or set up by `setup` and `demo`.
fn open_env(base: Base, command: &Command) -> Result<Env, Failure> {
    let (db, i18n) = (&base.db_path, &base.i18n);
    // A configuration problem is said as the app says it after login: once, and the
    // command goes on with the default.
    for m in &base.config_problems {
        eprintln!(
            "{}: {}",
            i18n.t("cli.warning"),
            crate::text::sanitize(&i18n.msg(m))
        );
    }
    let (store, session) = match command {
        Command::Demo(a) => auth::demo_login(db, i18n, a.passphrase.as_deref())?,
        Command::Setup(a) => auth::setup(db, i18n, &a.desk, &a.name)?,
        _ => auth::login(db, i18n)?,
    };
    if store.is_read_only() {
        eprintln!(
            "{}",
            i18n.msg(&crate::service::desk::read_only_why(&store, db))
        );
    }
    Ok(Env {
        desk: Desk::new(store, session, Clock::System),
        db_path: base.db_path,
        i18n: base.i18n,
        config: base.config,
        config_problems: base.config_problems,
    })
}

fn today() -> chrono::NaiveDate {
    Clock::System.today()
}

/// Runs the program; returns the process exit code.
pub fn main() -> i32 {
    let _ = color_eyre::install();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    if let Some(dir) = crate::paths::log_dir() {
        crate::logging::init(&dir);
    }
    if let Some(Command::Bench(a)) = cli.command {
        let i18n = I18n::new(Lang::En);
        return match bench::run(cli.db, a) {
            Ok(()) => 0,
            Err(f) => report(&i18n, f),
        };
    }
    if cli.command.is_some() {
        quiet_on_closed_pipe();
    }
    let base = match prepare(&cli) {
        Ok(b) => b,
        Err((i18n, f)) => return report(&i18n, f),
    };
    let i18n = base.i18n;
    let command = match cli.command {
        None => return run_tui(base).map_or_else(|f| report(&i18n, f), |()| 0),
        Some(Command::Restore(a)) if crate::service::auth::no_database_here(&base.db_path) => {
            return backup::restore_new(&base.db_path, &i18n, &a)
                .map_or_else(|f| report(&i18n, f), |()| 0);
        }
        Some(Command::Recover) => {
            return operator::recover(&base.db_path, &i18n)
                .map_or_else(|f| report(&i18n, f), |()| 0);
        }
        Some(c) => c,
    };
    let env = match open_env(base, &command) {
        Ok(env) => env,
        Err(f) => return report(&i18n, f),
    };
    let result = match command {
        Command::Setup(_) => Ok(()),
        Command::Recover => Ok(()),
        Command::Check => audit::check(&env),
        Command::Operator(c) => operator::run(env, c),
        Command::Demo(a) => demo::run(env, a),
        Command::Search(a) => search::run(env, a),
        Command::Person(c) => person::run(env, c),
        Command::Case(c) => case::run(env, c),
        Command::Bench(_) => Ok(()),
        Command::Agenda(a) => agenda::run(env, a),
        Command::Partners(a) => partners::run(env, a),
        Command::Audit(c) => audit::run(env, c),
        Command::Backup(a) => backup::backup(env, a),
        Command::Restore(a) => backup::restore(env, a),
        Command::Retention(a) => retention::run(env, a),
    };
    match result {
        Ok(()) => 0,
        Err(f) => report(&i18n, f),
    }
}

/// Output cut short by the reader (`| head`) ends the command as the shell expects, not
/// with a panic: the default action of SIGPIPE is restored for command-line subcommands.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default at start-up, before any thread
    // that could be writing is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn report(i18n: &I18n, f: Failure) -> i32 {
    eprintln!("{}", line(i18n, &f));
    f.code
}

/// The line a failure prints on standard error.
fn line(i18n: &I18n, f: &Failure) -> String {
    format!(
        "{}: {}",
        i18n.t("cli.error"),
        crate::text::sanitize(&i18n.msg(&f.msg))
    )
}

fn run_tui(base: Base) -> Result<(), Failure> {
    let gate = crate::tui::gate::Gate::new(&base.db_path, base.i18n)
        .map_err(|m| Failure { msg: m, code: 7 })?;
    let start = crate::tui::Start {
        db: base.db_path,
        i18n: base.i18n,
        config: base.config,
        notes: base.config_problems,
    };
    crate::tui::run(gate, start)
        .map_err(|e| Failure::new(Msg::new("cli.terminal").arg("detail", e)))
}

#[cfg(test)]
mod edge_tests;
