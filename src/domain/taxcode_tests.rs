//! Tests of the tax-code rules.

use super::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn known_code_is_valid_and_decodes() {
    // The textbook example: Mario Rossi, born 1 January 1980 in Rome (H501).
    let c = parse("RSSMRA80A01H501U").unwrap();
    assert_eq!(c, TaxCode::Personal("RSSMRA80A01H501U".into()));
    let d = decode(&c).unwrap();
    assert_eq!(
        (d.year2, d.month, d.day, d.sex, d.place.as_str()),
        (80, 1, 1, Sex::M, "H501")
    );
    assert_eq!(
        encode("Rossi", "Mario", ymd(1980, 1, 1), Sex::M, "H501"),
        "RSSMRA80A01H501U"
    );
}

#[test]
fn lower_case_and_spaces_are_accepted() {
    assert!(parse(" rss mra 80a01 h501u ").is_ok());
}

#[test]
fn a_typo_fails_the_check_character() {
    assert_eq!(
        parse("RSSMRA80A01H501A"),
        Err(TaxCodeError::Check { expected: 'U' })
    );
    assert_eq!(parse("RSSMRA80A01H50"), Err(TaxCodeError::Length));
    assert_eq!(parse("RSSMRA8XA01H501U"), Err(TaxCodeError::Pattern));
    assert_eq!(parse("RSSMRA80Z01H501U"), Err(TaxCodeError::Month));
    assert_eq!(parse("RSSMRA80A35H501U"), Err(TaxCodeError::Day));
}

#[test]
fn omocodic_codes_are_valid_and_decode_the_same() {
    let base = encode("Tesfaye", "Yonas", ymd(1998, 7, 14), Sex::M, "Z368");
    for n in 1..=7 {
        let o = omocode(&base, n);
        assert_ne!(o, base);
        let parsed = parse(&o).unwrap_or_else(|e| panic!("{o}: {e:?}"));
        let d = decode(&parsed).unwrap();
        assert_eq!(
            (d.year2, d.month, d.day, d.place.as_str()),
            (98, 7, 14, "Z368")
        );
    }
}

#[test]
fn women_have_forty_added_to_the_day() {
    let c = encode("Abebe", "Selam", ymd(2001, 1, 5), Sex::F, "Z315");
    assert_eq!(&c[9..11], "45");
    let d = decode(&parse(&c).unwrap()).unwrap();
    assert_eq!((d.day, d.sex), (5, Sex::F));
}

#[test]
fn name_parts_follow_the_rules() {
    assert_eq!(surname_part("Fo"), "FOX");
    assert_eq!(surname_part("Nguyễn"), "NGY");
    assert_eq!(given_part("Gianfranco"), "GFR");
    assert_eq!(given_part("Ali"), "LAI");
    assert_eq!(surname_part("D'Amico"), "DMC");
}

#[test]
fn provisional_numeric_code_has_its_own_check_digit() {
    // 11 digits, Luhn-style check digit as for VAT numbers.
    let base = "1234567890";
    let d = provisional_check_digit(base) as char;
    let code = format!("{base}{d}");
    assert_eq!(parse(&code), Ok(TaxCode::Provisional(code.clone())));
    let wrong = format!("{base}{}", if d == '0' { '1' } else { '0' });
    assert!(matches!(parse(&wrong), Err(TaxCodeError::Check { .. })));
    assert!(decode(&TaxCode::Provisional(code)).is_none());
    // A real-shaped example: 00000010215 is valid under this rule.
    assert!(parse("00000010215").is_ok());
}

#[test]
fn mismatches_are_reported_as_warnings() {
    let c = parse(&encode(
        "Diallo",
        "Aminata",
        ymd(2003, 2, 9),
        Sex::F,
        "Z319",
    ))
    .unwrap();
    assert!(mismatches(&c, Some(ymd(2003, 2, 9)), Some(Sex::F), Some("Z319")).is_empty());
    assert!(mismatches(&c, None, None, None).is_empty());
    assert_eq!(
        mismatches(&c, Some(ymd(2003, 2, 10)), Some(Sex::M), Some("Z343")),
        vec![Mismatch::BirthDate, Mismatch::Sex, Mismatch::BirthPlace]
    );
}

proptest::proptest! {
    #[test]
    fn parse_never_panics(s in "\\PC{0,30}") {
        let _ = parse(&s);
    }

    #[test]
    fn encoded_codes_always_parse(
        sur in "[A-Za-zÀ-ÿ' ]{0,20}", given in "[A-Za-z ]{0,20}",
        days in 0i64..40000, female: bool, place in 100u32..999,
    ) {
        let birth = ymd(1920, 1, 1) + chrono::Duration::days(days);
        let sex = if female { Sex::F } else { Sex::M };
        let place = format!("Z{place}");
        let code = encode(&sur, &given, birth, sex, &place);
        let parsed = parse(&code).unwrap();
        let found = mismatches(&parsed, Some(birth), Some(sex), Some(&place));
        proptest::prop_assert!(found.is_empty());
    }
}
