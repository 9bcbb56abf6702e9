//! The command line's edge: each kind of a service's failure becomes the line printed on
//! standard error, in the operator's language.

use chrono::NaiveDate;

use super::{failed, line};
use crate::i18n::{I18n, Lang};
use crate::service::outcome::{Conflict, Failure, PlanRefusal, Reason};
use crate::store::{CaseRefusal, Role, StoreError};

#[test]
fn each_kind_of_failure_prints_in_the_operators_language() {
    let at = NaiveDate::from_ymd_opt(2026, 3, 9)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .map(|t| t.and_utc())
        .unwrap();
    let failures = [
        Failure::Refused(Reason::Case(CaseRefusal::Closed)),
        Failure::Refused(Reason::Plan(PlanRefusal::NotHours(
            "trainee_allowance".into(),
        ))),
        Failure::Forbidden(Role::Administrator),
        Failure::Conflict(Conflict {
            by: "maria".into(),
            at,
        }),
        Failure::Store(StoreError::Locked),
    ];
    let it = [
        "errore: Il percorso è chiuso: riaprilo prima.",
        "errore: La voce Indennità di tirocinio non si conta in ore",
        "errore: solo un amministratore può farlo",
        "errore: Non salvato: maria ha salvato questa scheda il ",
        "errore: Il database è in uso da un altro programma: riprova tra poco",
    ];
    let en = [
        "error: The case is closed: reopen it first.",
        "error: The line Trainee allowance is not counted in hours",
        "error: only an administrator may do this",
        "error: Not saved: maria saved this record on ",
        "error: The database is in use by another program: try again in a moment",
    ];
    for (lang, words) in [(Lang::It, it), (Lang::En, en)] {
        let i18n = I18n::new(lang);
        for (f, want) in failures.iter().zip(words) {
            let out = failed(f, lang);
            assert_eq!(out.code, 1);
            let printed = line(&i18n, &out);
            assert!(printed.starts_with(want), "{lang:?} {f:?}: {printed}");
        }
    }
}

#[test]
fn a_refused_login_prints_in_the_operators_language_with_its_exit_code() {
    use crate::service::outcome::AccessRefusal;
    let wrong = Failure::Refused(Reason::Access(AccessRefusal::Wrong {
        wait: std::time::Duration::from_secs(1),
    }));
    let removed = Failure::Refused(Reason::Access(AccessRefusal::Removed));
    for (lang, want) in [
        (
            Lang::It,
            [
                "errore: nome utente o passphrase errati",
                "errore: questo operatore è stato rimosso: rivolgiti a un amministratore",
            ],
        ),
        (
            Lang::En,
            [
                "error: wrong username or passphrase",
                "error: this operator was removed: ask an administrator",
            ],
        ),
    ] {
        let i18n = I18n::new(lang);
        for (f, want) in [&wrong, &removed].into_iter().zip(want) {
            let out = super::auth::refused(f, lang);
            assert_eq!(out.code, 7);
            assert_eq!(line(&i18n, &out), want);
        }
    }
}
