//! Who runs a command: `SPORTELLO_OPERATOR` and `SPORTELLO_PASSPHRASE`, or a prompt on the
//! terminal without echo. A new database is set up by `setup` (or by `demo`, whose
//! administrator `demo` may have the weak passphrase `demo` and is told so).

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use zeroize::Zeroizing;

use super::Failure;
use crate::i18n::{I18n, Lang, Msg};
use crate::service::auth::{self, Gate, NewOperator, Opened, Session};
use crate::service::outcome::{AccessRefusal, Failure as Refusal, Reason};
use crate::store::Store;

pub const ENV_OPERATOR: &str = "SPORTELLO_OPERATOR";
pub const ENV_PASSPHRASE: &str = "SPORTELLO_PASSPHRASE";
/// A new operator's (or a new) passphrase, in scripts.
pub const ENV_NEW_PASSPHRASE: &str = "SPORTELLO_NEW_PASSPHRASE";
/// The recovery code, in scripts.
pub const ENV_RECOVERY: &str = "SPORTELLO_RECOVERY_CODE";

/// Exit code of a refused login, and of a database not set up.
const EXIT_AUTH: i32 = 7;

fn fail(msg: Msg) -> Failure {
    Failure {
        msg,
        code: EXIT_AUTH,
    }
}

/// A refusal of the way in, in the operator's words, with the exit code of a refused login.
pub fn refused(f: &Refusal, lang: Lang) -> Failure {
    fail(crate::words::said(f, lang))
}

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn ask_line(prompt: &str) -> Result<String, Failure> {
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut s = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut s)
        .map_err(|_| fail(Msg::new("auth.need_env")))?;
    Ok(s.trim().to_string())
}

fn ask_secret(prompt: &str) -> Result<Zeroizing<String>, Failure> {
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|_| fail(Msg::new("auth.need_env")))
}

fn username(i18n: &I18n) -> Result<String, Failure> {
    match std::env::var(ENV_OPERATOR) {
        Ok(u) if !u.is_empty() => Ok(u),
        _ if interactive() => ask_line(i18n.t("auth.cli.prompt_user")),
        _ => Err(fail(Msg::new("auth.need_env"))),
    }
}

/// A new passphrase: from the environment variable `var` (taken as typed twice), or typed
/// twice without echo.
fn new_passphrase(
    i18n: &I18n,
    var: &str,
) -> Result<(Zeroizing<String>, Zeroizing<String>), Failure> {
    if let Ok(p) = std::env::var(var)
        && !p.is_empty()
    {
        return Ok((Zeroizing::new(p.clone()), Zeroizing::new(p)));
    }
    if !interactive() {
        return Err(fail(Msg::new("auth.need_env")));
    }
    let first = ask_secret(i18n.t("auth.cli.prompt_new"))?;
    let again = ask_secret(i18n.t("auth.cli.prompt_again"))?;
    Ok((first, again))
}

/// Logs in for a command. A wrong passphrase is answered after the growing delay; a
/// register from an older version is brought up to date first, saying how far it has got.
pub fn login(db: &Path, i18n: &I18n) -> Result<(Store, Session), Failure> {
    let lang = i18n.lang;
    match auth::gate(db).map_err(|f| refused(&f, lang))? {
        Gate::Login => {}
        Gate::Setup | Gate::SetupOverPlain => return Err(fail(Msg::new("auth.not_set_up"))),
    }
    let user = username(i18n)?;
    let pass = ask_current(i18n, ENV_PASSPHRASE, "auth.cli.prompt_pass")?;
    let mut waited = false;
    loop {
        match auth::enter(db, &user, &pass) {
            Ok(Opened::Ready(store, session)) => return Ok((store, session)),
            Ok(Opened::Older(older)) => return super::upgrade::run(older, i18n),
            Err(f) => match (f.wait(), &f) {
                // Too soon after a wrong passphrase: wait, once, then try.
                (Some(d), Refusal::Refused(Reason::Access(AccessRefusal::TooSoon(_))))
                    if !waited =>
                {
                    waited = true;
                    std::thread::sleep(d);
                }
                (Some(d), Refusal::Refused(Reason::Access(AccessRefusal::Wrong { .. }))) => {
                    std::thread::sleep(d);
                    return Err(refused(&f, lang));
                }
                _ => return Err(refused(&f, lang)),
            },
        }
    }
}

/// `demo` on a database not set up creates the administrator `demo` (passphrase `demo`
/// unless one is given) and says so; on a set-up database it logs in as any command does.
pub fn demo_login(db: &Path, i18n: &I18n, pass: Option<&str>) -> Result<(Store, Session), Failure> {
    match auth::gate(db).map_err(|f| refused(&f, i18n.lang))? {
        Gate::Login => login(db, i18n),
        Gate::Setup | Gate::SetupOverPlain => {
            let pass = pass.unwrap_or("demo");
            let admin = NewOperator {
                username: "demo",
                name: "Demo",
                pass,
                again: pass,
            };
            let done = auth::setup(db, "Sportello demo", &admin, true)
                .map_err(|f| refused(&f, i18n.lang))?;
            let shown = crate::text::sanitize(pass);
            eprintln!(
                "{}",
                i18n.tf(
                    "auth.cli.demo_admin",
                    &[("username", "demo"), ("pass", &shown)]
                )
            );
            eprintln!(
                "{}",
                i18n.tf("auth.cli.recovery", &[("code", done.recovery.reveal())])
            );
            Ok((done.store, done.session))
        }
    }
}

/// `sportello setup`: the first administrator of a new database (or of one from before
/// encryption, which is then encrypted).
pub fn setup(db: &Path, i18n: &I18n, desk: &str, name: &str) -> Result<(Store, Session), Failure> {
    if auth::gate(db).map_err(|f| refused(&f, i18n.lang))? == Gate::Login {
        return Err(fail(Msg::new("auth.already_set_up")));
    }
    let user = username(i18n)?;
    let (pass, again) = new_passphrase(i18n, ENV_PASSPHRASE)?;
    let admin = NewOperator {
        username: &user,
        name,
        pass: &pass,
        again: &again,
    };
    let done = auth::setup(db, desk, &admin, false).map_err(|f| refused(&f, i18n.lang))?;
    println!(
        "{}",
        i18n.tf("auth.cli.recovery", &[("code", done.recovery.reveal())])
    );
    Ok((done.store, done.session))
}

/// A new passphrase for an operator of `db`, from the environment or typed twice (used by
/// `operator add`, `operator passphrase`, `recover`).
/// `SPORTELLO_NEW_PASSPHRASE` stands in for the two prompts in scripts.
pub fn ask_new_passphrase(i18n: &I18n) -> Result<(Zeroizing<String>, Zeroizing<String>), Failure> {
    new_passphrase(i18n, ENV_NEW_PASSPHRASE)
}

/// A secret asked once: from the environment variable `var`, or typed without echo.
pub fn ask_current(i18n: &I18n, var: &str, key: &str) -> Result<Zeroizing<String>, Failure> {
    match std::env::var(var) {
        Ok(p) if !p.is_empty() => Ok(Zeroizing::new(p)),
        _ if interactive() => ask_secret(i18n.t(key)),
        _ => Err(fail(Msg::new("auth.need_env"))),
    }
}

/// The username for `recover` (no login: every passphrase is lost).
pub fn ask_username(i18n: &I18n) -> Result<String, Failure> {
    username(i18n)
}
