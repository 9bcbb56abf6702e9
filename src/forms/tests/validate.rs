use super::super::{FieldInput, FieldPath, FormState, Issue, Severity, intake, validate};
use super::{choice, filled_intake, spec, text, today, yes, ymd};
use crate::domain::person::Sex;
use crate::domain::taxcode;
use crate::i18n::{Lang, catalog};

fn keys_at<'a>(s: &'a FormState, id: &str) -> Vec<(&'a str, Severity)> {
    s.issues_for(&FieldPath::field(id))
        .into_iter()
        .map(|i| (i.msg.key.as_str(), i.severity))
        .collect()
}

fn set(s: &mut FormState, id: &str, v: FieldInput) {
    s.set_input(&FieldPath::field(id), v);
}

#[test]
fn a_fully_filled_intake_has_no_issue_at_all() {
    let s = filled_intake();
    assert!(s.issues().is_empty(), "{:#?}", s.issues());
    assert!(!s.has_errors());
}

#[test]
fn an_empty_intake_lists_the_required_fields_in_form_order() {
    let s = FormState::new(intake(), today());
    let required: Vec<&str> = s
        .errors()
        .iter()
        .filter(|i| i.msg.key == "forms.required")
        .map(|i| i.path.field.as_str())
        .collect();
    assert_eq!(
        required,
        [
            "surname",
            "given_names",
            "sex",
            "birth_date",
            "birth_country",
            "legal_status",
            "permit_number",
            "permit_expiry",
            "consent_given"
        ]
    );
    assert_eq!(s.first_error_path(), Some(&FieldPath::field("surname")));
}

#[test]
fn a_permit_in_renewal_needs_no_expiry_but_its_receipt_number() {
    let mut s = filled_intake();
    set(&mut s, "permit_status", choice("in_renewal"));
    set(&mut s, "permit_expiry", text(""));
    assert!(s.issues().is_empty(), "{:#?}", s.issues());
    set(&mut s, "permit_number", text(""));
    assert_eq!(
        keys_at(&s, "permit_number"),
        [("forms.required", Severity::Error)]
    );
    // No permit at all: neither number nor expiry.
    set(&mut s, "permit_status", choice("none"));
    assert!(s.issues().is_empty());
    // A valid permit needs its expiry.
    set(&mut s, "permit_status", choice("valid"));
    assert_eq!(
        keys_at(&s, "permit_expiry"),
        [("forms.required", Severity::Error)]
    );
    // Italian and EU citizens have no permit.
    set(&mut s, "legal_status", choice("italian_citizen"));
    assert!(s.issues_for(&FieldPath::field("permit_expiry")).is_empty());
    assert!(s.issues_for(&FieldPath::field("permit_number")).is_empty());
}

#[test]
fn consent_date_is_required_only_once_consent_is_given() {
    let mut s = filled_intake();
    set(&mut s, "consent_date", text(""));
    assert_eq!(
        keys_at(&s, "consent_date"),
        [("forms.required", Severity::Error)]
    );
    set(&mut s, "consent_given", yes(false));
    assert!(s.issues().is_empty());
    set(&mut s, "consent_given", FieldInput::Bool(None));
    assert_eq!(
        keys_at(&s, "consent_given"),
        [("forms.required", Severity::Error)]
    );
    assert!(keys_at(&s, "consent_date").is_empty());
}

#[test]
fn dates_malformed_impossible_future_and_past() {
    let mut s = filled_intake();
    set(&mut s, "birth_date", text("31/02/2000"));
    let i = s.issues_for(&FieldPath::field("birth_date"));
    assert_eq!(i.len(), 1);
    assert_eq!(i[0].msg.key, "validation.date.impossible");
    assert_eq!(
        i[0].msg.args,
        [("date".to_string(), "31/02/2000".to_string())]
    );
    // The typed text stays, and the draft keeps it.
    assert_eq!(s.text(&FieldPath::field("birth_date")), "31/02/2000");
    set(&mut s, "birth_date", text("12/03/04"));
    assert_eq!(
        keys_at(&s, "birth_date"),
        [("validation.date.two_digit_year", Severity::Error)]
    );
    set(&mut s, "birth_date", text("23/11/2026"));
    assert_eq!(
        keys_at(&s, "birth_date"),
        [("forms.date.future", Severity::Error)]
    );
    set(&mut s, "birth_date", text("22/11/2026"));
    assert!(
        keys_at(&s, "birth_date")
            .iter()
            .all(|k| k.0 != "forms.date.future")
    );
    set(&mut s, "permit_expiry", text("21/11/2026"));
    assert_eq!(
        keys_at(&s, "permit_expiry"),
        [("forms.date.past", Severity::Warning)]
    );
    set(&mut s, "permit_expiry", text("22/11/2026"));
    assert!(keys_at(&s, "permit_expiry").is_empty());
}

#[test]
fn one_bad_field_never_hides_the_problems_of_another() {
    let mut s = filled_intake();
    set(&mut s, "birth_date", text("not a date"));
    set(&mut s, "phone", text("12"));
    set(&mut s, "email", text("nobody"));
    let fields: Vec<&str> = s.errors().iter().map(|i| i.path.field.as_str()).collect();
    assert_eq!(fields, ["birth_date", "phone", "email"]);
    // The tax code cannot be compared with a malformed birth date: no warning about it.
    assert!(keys_at(&s, "tax_code").is_empty());
}

#[test]
fn tax_code_errors_and_mismatch_warnings() {
    let mut s = filled_intake();
    set(&mut s, "tax_code", text("RSSMRA80A01H501A"));
    let i = s.issues_for(&FieldPath::field("tax_code"));
    assert_eq!(
        (i[0].msg.key.as_str(), i[0].severity),
        ("validation.tax_code.check", Severity::Error)
    );
    assert_eq!(i[0].msg.args, [("expected".to_string(), "U".to_string())]);
    set(&mut s, "tax_code", text("ABC"));
    assert_eq!(
        keys_at(&s, "tax_code"),
        [("validation.tax_code.length", Severity::Error)]
    );

    let code = taxcode::encode("Tesfaye", "Yonas", ymd(1998, 7, 14), Sex::M, "Z368");
    set(&mut s, "tax_code", text(&code.to_lowercase()));
    assert!(keys_at(&s, "tax_code").is_empty());
    set(&mut s, "birth_date", text("15/07/1998"));
    set(&mut s, "sex", choice("F"));
    set(&mut s, "birth_country", choice("CI"));
    assert_eq!(
        keys_at(&s, "tax_code"),
        [
            ("validation.tax_code.mismatch_birth_date", Severity::Warning),
            ("validation.tax_code.mismatch_sex", Severity::Warning),
            (
                "validation.tax_code.mismatch_birth_place",
                Severity::Warning
            ),
        ]
    );
    assert!(!s.has_errors(), "mismatches are only warnings");
    // Sex X is not compared.
    set(&mut s, "sex", choice("X"));
    assert!(
        keys_at(&s, "tax_code")
            .iter()
            .all(|k| k.0 != "validation.tax_code.mismatch_sex")
    );
}

#[test]
fn born_in_italy_the_tax_code_place_must_not_be_a_country() {
    let mut s = filled_intake();
    set(&mut s, "birth_country", choice("IT"));
    assert_eq!(
        keys_at(&s, "tax_code"),
        [(
            "validation.tax_code.mismatch_birth_place",
            Severity::Warning
        )]
    );
    let rome = taxcode::encode("Tesfaye", "Yonas", ymd(1998, 7, 14), Sex::M, "H501");
    set(&mut s, "tax_code", text(&rome));
    assert!(keys_at(&s, "tax_code").is_empty());
    // A provisional numeric code is never compared.
    set(&mut s, "tax_code", text("00000010215"));
    assert!(keys_at(&s, "tax_code").is_empty());
}

#[test]
fn unknown_choices_long_texts_and_group_rows() {
    let mut s = filled_intake();
    set(&mut s, "housing", choice("castle"));
    set(
        &mut s,
        "languages",
        FieldInput::Multi(vec!["it".into(), "xx".into()]),
    );
    set(&mut s, "municipality", text(&"a".repeat(101)));
    let i = s.issues_for(&FieldPath::field("housing"));
    assert_eq!(i[0].msg.key, "forms.choice.unknown");
    assert_eq!(i[0].msg.args[0].1, "castle");
    assert_eq!(
        s.issues_for(&FieldPath::field("languages"))[0].msg.args[0].1,
        "xx"
    );
    assert_eq!(
        s.issues_for(&FieldPath::field("municipality"))[0].msg.args[0].1,
        "100"
    );

    let row = |sur: &str, kind: Option<&str>| {
        [
            ("surname".to_string(), text(sur)),
            ("given".to_string(), text("")),
            (
                "kind".to_string(),
                FieldInput::Choice(kind.map(str::to_string)),
            ),
        ]
        .into_iter()
        .collect()
    };
    let rows = vec![row("", None), row("Tesfay", None), row("", Some("script"))];
    set(&mut s, "name_variants", FieldInput::Group(rows));
    let cells: Vec<FieldPath> = s
        .issues()
        .iter()
        .filter(|i| i.path.field == "name_variants")
        .map(|i| i.path.clone())
        .collect();
    // The empty first row is ignored; each other row misses one cell.
    assert_eq!(
        cells,
        [
            FieldPath::cell("name_variants", 1, "kind"),
            FieldPath::cell("name_variants", 2, "surname"),
        ]
    );
}

#[test]
fn numbers_and_money_with_bounds() {
    let form = spec(
        r#"
id = "t"
version = 1
title = { it = "T", en = "T" }
[[sections]]
id = "a"
label = { it = "A", en = "A" }
[[sections.fields]]
id = "hours"
kind = "number"
label = { it = "Ore", en = "Hours" }
min = 1
max = 40
[[sections.fields]]
id = "amount"
kind = "money"
label = { it = "Importo", en = "Amount" }
max = 5940
"#,
    );
    let check = |hours: &str, amount: &str| -> Vec<String> {
        let values = [
            ("hours".to_string(), text(hours)),
            ("amount".to_string(), text(amount)),
        ];
        validate(&form, &values.into_iter().collect(), today())
            .into_iter()
            .map(|i: Issue| format!("{} {:?}", i.msg.key, i.msg.args))
            .collect()
    };
    assert!(check("20", "5.940,00").is_empty());
    assert_eq!(
        check("zero", "tanti"),
        ["forms.number.invalid []", "forms.money.invalid []"]
    );
    assert_eq!(
        check("0", "5940,01"),
        [
            "forms.number.min [(\"min\", \"1\")]",
            "forms.money.max [(\"max\", \"5940,00\")]"
        ]
    );
    assert_eq!(check("41", ""), ["forms.number.max [(\"max\", \"40\")]"]);
}

#[test]
fn every_message_key_validation_produces_is_in_both_catalogues() {
    let mut s = FormState::new(intake(), today());
    let mut keys: Vec<String> = s.issues().iter().map(|i| i.msg.key.clone()).collect();
    let bad: &[(&str, &str)] = &[
        ("birth_date", "31/02/2000"),
        ("did_date", "1/1/2099"),
        ("permit_expiry", "1/1/2001"),
        ("asylum_application_date", "1/1/99"),
        ("patto_date", "x"),
        ("consent_date", "1/1/1800"),
        ("phone", "1"),
        ("email", "x"),
        ("tax_code", "RSSMRA80A01H501A"),
        ("municipality", &"m".repeat(300)),
    ];
    for (id, v) in bad {
        set(&mut s, id, text(v));
    }
    set(&mut s, "housing", choice("castle"));
    keys.extend(s.issues().iter().map(|i| i.msg.key.clone()));
    keys.extend(
        [
            "forms.number.invalid",
            "forms.number.min",
            "forms.number.max",
            "forms.money.invalid",
            "forms.money.min",
            "forms.money.max",
            "forms.add_row",
            "forms.clipped",
            "validation.tax_code.mismatch_birth_date",
        ]
        .map(String::from),
    );
    assert!(keys.len() > 15);
    for lang in [Lang::It, Lang::En] {
        for k in &keys {
            assert!(catalog(lang).contains_key(k), "{k} missing in {lang:?}");
        }
    }
}

#[test]
fn a_form_left_open_past_midnight_rechecks_dates() {
    let mut s = filled_intake();
    set(&mut s, "permit_expiry", text("22/11/2026"));
    assert!(s.issues().is_empty());
    s.set_today(ymd(2026, 11, 23));
    assert_eq!(
        keys_at(&s, "permit_expiry"),
        [("forms.date.past", Severity::Warning)]
    );
}
