use chrono::{TimeZone, Utc};
use uuid::Uuid;

use super::*;
use crate::domain::case::CaseState;

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn cand(n: u128, surname: &str, given: &str, birth: Option<NaiveDate>, sex: Sex) -> Candidate {
    Candidate {
        summary: PersonSummary {
            id: Uuid::from_u128(n),
            names: vec![format!("{} {given}", surname.to_uppercase())],
            birth_date: birth,
            birth_country: None,
            tax_code: None,
            permit_expiry: None,
            last_activity_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            case: CaseState::default(),
        },
        names: vec![(surname.into(), given.into())],
        sex: Some(sex),
        tax_codes: Vec::new(),
        phones: Vec::new(),
    }
}

fn probe(surname: &str, given: &str, birth: Option<NaiveDate>, sex: Option<Sex>) -> Probe {
    Probe {
        surname: surname.into(),
        given: given.into(),
        birth,
        sex,
        ..Probe::default()
    }
}

/// The register every probe below is checked against: the person (1), the same names born
/// another year (2), and strangers (3..).
fn register() -> Vec<Candidate> {
    vec![
        cand(1, "AL-HASSAN", "Mohammed", day(1990, 1, 1), Sex::M),
        cand(2, "Al Hassan", "Mohamed", day(1975, 6, 3), Sex::M),
        cand(3, "Diallo", "Mohamed", day(1990, 1, 1), Sex::M),
        cand(4, "Rossi", "Mario", day(1990, 1, 1), Sex::M),
        cand(5, "Hailu", "Mulu", day(1990, 1, 1), Sex::F),
        cand(6, "Tesfaye", "Almaz", day(1988, 2, 2), Sex::F),
    ]
}

#[test]
fn the_same_person_ranks_first_whatever_the_spelling_or_script() {
    let cases = [
        ("ALHASSAN", "Mohamed"),
        ("AL HASAN", "Muhammad"),
        ("El Hassan", "Mohammad"),
        ("Mohammed", "Al-Hassan"),
        ("الحسن", "محمد"),
        ("alhassan", "mohamed"),
    ];
    for (s, g) in cases {
        let m = rank(&probe(s, g, day(1990, 1, 1), Some(Sex::M)), &register());
        let ids: Vec<u128> = m.iter().map(|m| m.person.id.as_u128()).collect();
        assert_eq!(ids.first(), Some(&1), "{s} {g}: {m:?}");
        assert!(m[0].reasons.contains(&Reason::SameBirthDate), "{s} {g}");
        assert!(
            m[0].reasons.contains(&Reason::NameAlike) || m[0].reasons.contains(&Reason::SameName)
        );
        assert_eq!(
            ids.get(1),
            Some(&2),
            "another birth date ranks below: {s} {g}: {ids:?}"
        );
        assert!(m[1].reasons.contains(&Reason::OtherBirthDate));
        for stranger in [3, 4, 5, 6] {
            assert!(!ids.contains(&stranger), "{s} {g}: {stranger} in {ids:?}");
        }
    }
}

#[test]
fn geez_names_meet_their_latin_forms() {
    let reg = vec![
        cand(1, "Hailu", "Mulu", day(1992, 3, 4), Sex::F),
        cand(2, "Tesfaye", "Almaz", day(1992, 3, 4), Sex::F),
    ];
    // ሙሉ ኃይሉ: Mulu Hailu.
    let m = rank(&probe("ኃይሉ", "ሙሉ", day(1992, 3, 4), Some(Sex::F)), &reg);
    assert_eq!(m.first().map(|m| m.person.id.as_u128()), Some(1), "{m:?}");
    assert!(m.iter().all(|m| m.person.id.as_u128() != 2), "{m:?}");
}

#[test]
fn a_same_tax_code_or_phone_is_the_strongest_signal() {
    let mut reg = register();
    reg[3].tax_codes = vec!["RSSMRA90A01Z330X".into()];
    reg[4].phones = vec!["393331234567".into()];
    let mut p = probe("Someone", "Else", None, None);
    p.tax_code = Some("rssmra90a01z330x".into());
    p.phones = vec!["+39 333 123 4567".into()];
    let m = rank(&p, &reg);
    let ids: Vec<u128> = m.iter().map(|m| m.person.id.as_u128()).collect();
    assert_eq!(ids, vec![4, 5]);
    assert_eq!(m[0].reasons[0], Reason::SameTaxCode);
    assert_eq!(m[1].reasons[0], Reason::SamePhone);
}

#[test]
fn another_sex_lowers_the_rank() {
    let reg = vec![
        cand(1, "Mensah", "Ama", day(1990, 1, 1), Sex::M),
        cand(2, "Mensah", "Ama", day(1990, 1, 1), Sex::F),
    ];
    let m = rank(&probe("Mensah", "Ama", day(1990, 1, 1), Some(Sex::F)), &reg);
    let ids: Vec<u128> = m.iter().map(|m| m.person.id.as_u128()).collect();
    assert_eq!(ids, vec![2, 1]);
    assert!(m[1].reasons.contains(&Reason::OtherSex));
}
