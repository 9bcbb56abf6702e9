use std::path::PathBuf;
use std::time::Duration;

use super::*;
use crate::service::auth::Problem;

fn both(f: &Failure) -> (String, String) {
    let it = I18n::new(Lang::It).msg(&said(f, Lang::It));
    let en = I18n::new(Lang::En).msg(&said(f, Lang::En));
    (it, en)
}

#[test]
fn each_refusal_of_the_way_in_is_said_in_italian_and_english() {
    let all = [
        AccessRefusal::Wrong {
            wait: Duration::from_secs(2),
        },
        AccessRefusal::TooSoon(Duration::from_millis(300)),
        AccessRefusal::RingMissing(PathBuf::from("/d/s.db.keys")),
        AccessRefusal::RegisterMissing(PathBuf::from("/d/s.db")),
        AccessRefusal::NotThisDesk(PathBuf::from("/d/s.db")),
        AccessRefusal::AlreadySetUp,
        AccessRefusal::DeskRequired,
        AccessRefusal::NoRandom,
        AccessRefusal::Removed,
        AccessRefusal::WrongRecovery,
    ];
    for r in all {
        let f = Failure::from(r.clone());
        let key = said(&f, Lang::En).key;
        let (it, en) = both(&f);
        assert!(it != key && en != key && it != en, "{r:?}: {it} / {en}");
        assert!(!it.contains('{') && !en.contains('{'), "{r:?}: {it} / {en}");
    }
    let (it, en) = both(&AccessRefusal::TooSoon(Duration::from_millis(300)).into());
    assert_eq!(it, "troppe passphrase errate: riprova tra 1 s");
    assert_eq!(en, "too many wrong passphrases: try again in 1 s");
    let (_, en) = both(&AccessRefusal::RingMissing(PathBuf::from("/d/s.db.keys")).into());
    assert!(en.contains("/d/s.db.keys"), "{en}");
    let (it, en) = both(&OperatorRefusal::NewOperator("pass", Problem::Weak).into());
    assert!(it.starts_with("passphrase troppo facile"), "{it}");
    assert!(en.starts_with("passphrase too easy"), "{en}");
}

#[test]
fn a_broken_programme_says_each_rule_in_the_operators_language() {
    let all = vec![
        Breach::EmptyCode,
        Breach::TotalNotPositive,
        Breach::NoLines,
        Breach::LineWithoutCode(2),
        Breach::LineTwice("trainee_allowance".into()),
        Breach::NegativeBudget("x9".into()),
        Breach::HoursWithoutCost("x9".into()),
        Breach::InternshipWithoutAllowance,
        Breach::AllowanceWithoutInternship,
        Breach::MonthsNotPositive,
        Breach::NegativePreliminaryHours,
    ];
    for b in &all {
        let f = Failure::Refused(Reason::ProgrammeInvalid(vec![b.clone()]));
        let (it, en) = both(&f);
        assert!(it != en, "{b:?}: {it}");
        assert!(
            !it.contains("plan.breach") && !en.contains("plan.breach"),
            "{it} / {en}"
        );
        assert!(!it.contains('{') && !en.contains('{'), "{it} / {en}");
    }
    let f = Failure::Refused(Reason::ProgrammeInvalid(vec![
        Breach::TotalNotPositive,
        Breach::LineTwice("trainee_allowance".into()),
    ]));
    let (it, en) = both(&f);
    assert_eq!(
        it,
        "Il programma non è valido: il totale deve essere maggiore di zero; \
         la voce Indennità di tirocinio compare due volte"
    );
    assert_eq!(
        en,
        "The programme is not valid: the total must be more than zero; \
         the line Trainee allowance appears twice"
    );
}
