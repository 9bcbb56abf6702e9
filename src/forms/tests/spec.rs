use super::super::{FieldKind, FormSpec, FormState, form, ids, intake};
use super::today;
use crate::i18n::Lang;
use crate::lookups;

#[test]
fn every_compiled_in_form_passes_its_self_check() {
    for id in ids() {
        let spec = form(id).unwrap_or_else(|| panic!("form {id} does not load"));
        assert!(spec.problems().is_empty(), "{id}: {:?}", spec.problems());
        assert_eq!(spec.id, id);
    }
}

#[test]
fn intake_has_the_field_ids_and_lookups_the_store_relies_on() {
    let spec = intake();
    let expect: &[(&str, FieldKind, Option<&str>)] = &[
        ("surname", FieldKind::Text, None),
        ("given_names", FieldKind::Text, None),
        ("sex", FieldKind::Choice, Some("sex")),
        ("birth_date", FieldKind::Date, None),
        ("birth_country", FieldKind::Choice, Some("countries")),
        ("birth_place", FieldKind::Text, None),
        ("citizenship", FieldKind::Choice, Some("countries")),
        ("tax_code", FieldKind::Text, None),
        ("name_variants", FieldKind::Group, None),
        ("phone", FieldKind::Text, None),
        ("phone_alt", FieldKind::Text, None),
        ("email", FieldKind::Text, None),
        ("address", FieldKind::Text, None),
        ("municipality", FieldKind::Text, None),
        ("languages", FieldKind::MultiChoice, Some("languages")),
        ("interpreter_needed", FieldKind::YesNo, None),
        ("housing", FieldKind::Choice, Some("housing")),
        ("housing_notes", FieldKind::LongText, None),
        ("legal_status", FieldKind::Choice, Some("legal_statuses")),
        ("arrival_date", FieldKind::Date, None),
        ("permit_type", FieldKind::Choice, Some("permit_types")),
        ("permit_status", FieldKind::Choice, Some("permit_statuses")),
        ("permit_number", FieldKind::Text, None),
        ("permit_expiry", FieldKind::Date, None),
        ("asylum_application_date", FieldKind::Date, None),
        ("arrived_as_uam", FieldKind::YesNo, None),
        (
            "employment_status",
            FieldKind::Choice,
            Some("employment_statuses"),
        ),
        ("cpi_registered", FieldKind::YesNo, None),
        ("cpi_name", FieldKind::Text, None),
        ("did_date", FieldKind::Date, None),
        ("on_unemployment_benefit", FieldKind::YesNo, None),
        ("patto_date", FieldKind::Date, None),
        ("reach_channel", FieldKind::Choice, Some("reach_channels")),
        ("referring_partner", FieldKind::Text, None),
        ("consent_given", FieldKind::YesNo, None),
        ("consent_date", FieldKind::Date, None),
        (
            "consent_scopes",
            FieldKind::MultiChoice,
            Some("consent_scopes"),
        ),
        ("notes", FieldKind::LongText, None),
    ];
    let ids: Vec<&str> = spec.fields().map(|f| f.id.as_str()).collect();
    let want: Vec<&str> = expect.iter().map(|e| e.0).collect();
    assert_eq!(ids, want);
    for (id, kind, lookup) in expect {
        let f = spec.field(id).unwrap();
        assert_eq!((f.kind, f.lookup.as_deref()), (*kind, *lookup), "{id}");
    }
    let variants = spec.field("name_variants").unwrap();
    let subs: Vec<&str> = variants.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(subs, ["surname", "given", "kind"]);
    assert_eq!(
        variants.sub("kind").unwrap().lookup.as_deref(),
        Some("name_kinds")
    );
}

#[test]
fn intake_lookup_codes_are_exactly_those_agreed() {
    let codes = |id: &str| -> Vec<String> {
        lookups::lookup(id)
            .items
            .iter()
            .map(|i| i.code.clone())
            .collect()
    };
    assert_eq!(codes("sex"), ["F", "M", "X"]);
    assert_eq!(
        codes("name_kinds"),
        ["document", "variant", "transliteration", "script"]
    );
    assert_eq!(
        codes("legal_statuses"),
        [
            "refugee",
            "subsidiary_protection",
            "humanitarian_protection",
            "special_cases",
            "special_protection",
            "asylum_applicant",
            "former_uam",
            "eu_citizen",
            "italian_citizen",
            "other_permit"
        ]
    );
    assert_eq!(
        codes("permit_types"),
        [
            "asylum",
            "refugee",
            "subsidiary",
            "special_protection",
            "special_cases",
            "minor_age",
            "work",
            "study",
            "family",
            "eu_long_term",
            "other"
        ]
    );
    assert_eq!(
        codes("permit_statuses"),
        ["valid", "in_renewal", "expired", "none"]
    );
    assert_eq!(
        codes("housing"),
        [
            "own_or_rented",
            "guest",
            "reception_centre",
            "shelter",
            "homeless",
            "other"
        ]
    );
    assert_eq!(
        codes("employment_statuses"),
        [
            "unemployed",
            "never_employed",
            "irregular_work",
            "employed",
            "student",
            "other"
        ]
    );
    assert_eq!(
        codes("reach_channels"),
        [
            "self",
            "partner_referral",
            "outreach",
            "word_of_mouth",
            "other"
        ]
    );
    assert_eq!(
        codes("consent_scopes"),
        ["processing", "network_sharing", "contact"]
    );
}

#[test]
fn intake_sections_fit_a_small_screen_and_carry_both_languages() {
    let spec = intake();
    let s = FormState::new(spec.clone(), today());
    for (i, section) in spec.sections.iter().enumerate() {
        let n = s.stops_of(i).len();
        assert!((1..=9).contains(&n), "{}: {n} stops", section.id);
        assert!(!section.label.get(Lang::It).is_empty());
        assert_ne!(section.label.get(Lang::It), section.label.get(Lang::En));
    }
    let tax = spec.field("tax_code").unwrap();
    assert!(
        tax.help
            .as_ref()
            .is_some_and(|h| h.get(Lang::En).contains("11"))
    );
}

const MINIMAL: &str = r#"
id = "t"
version = 1
title = { it = "T", en = "T" }
[[sections]]
id = "a"
label = { it = "A", en = "A" }
[[sections.fields]]
id = "x"
kind = "text"
label = { it = "X", en = "X" }
"#;

#[test]
fn defaults_apply_when_the_spec_is_silent() {
    let spec = FormSpec::from_toml(MINIMAL).unwrap();
    let x = spec.field("x").unwrap();
    assert_eq!(x.limit(), 200);
    assert!(!x.required && x.checks.is_empty() && x.lookup.is_none());
    let long = MINIMAL.replace("kind = \"text\"", "kind = \"long_text\"");
    assert_eq!(
        FormSpec::from_toml(&long)
            .unwrap()
            .fields()
            .next()
            .unwrap()
            .limit(),
        4000
    );
}

#[test]
fn broken_specs_are_refused_with_a_reason() {
    let cases: &[(&str, &str)] = &[
        ("kind = \"text\"", "kind = \"txt\""),
        ("kind = \"text\"", "kind = \"choice\""),
        ("kind = \"text\"", "kind = \"choice\"\nlookup = \"nope\""),
        ("kind = \"text\"", "kind = \"text\"\nlookup = \"sex\""),
        (
            "kind = \"text\"",
            "kind = \"text\"\nchecks = [\"not_future\"]",
        ),
        ("kind = \"text\"", "kind = \"date\"\nchecks = [\"phone\"]"),
        (
            "kind = \"text\"",
            "kind = \"text\"\nchecks = [\"spelling\"]",
        ),
        (
            "kind = \"text\"",
            "kind = \"text\"\nrequired_when = { field = \"y\", filled = true }",
        ),
        (
            "kind = \"text\"",
            "kind = \"text\"\nrequired_when = { field = \"x\", filled = true }",
        ),
        ("kind = \"text\"", "kind = \"group\""),
        ("kind = \"text\"", "kind = \"text\"\nmin = 3"),
        ("kind = \"text\"", "kind = \"number\"\nmin = 3\nmax = 1"),
        ("kind = \"text\"", "kind = \"yes_no\"\nmax_len = 3"),
        ("kind = \"text\"", "kind = \"text\"\ncolour = \"red\""),
        (
            "kind = \"text\"",
            "kind = \"text\"\nchecks = [{ rule = \"tax_code\", sex = \"x\" }]",
        ),
        ("id = \"x\"", "id = \"X y\""),
        ("en = \"X\"", "en = \"\""),
    ];
    for (from, to) in cases {
        let text = MINIMAL.replacen(from, to, 1);
        assert!(FormSpec::from_toml(&text).is_err(), "accepted: {to}");
    }
    let twice = format!(
        "{MINIMAL}\n[[sections.fields]]\nid = \"x\"\nkind = \"text\"\nlabel = {{ it = \"X\", en = \"X\" }}\n"
    );
    assert!(
        FormSpec::from_toml(&twice)
            .unwrap_err()
            .contains("repeated")
    );
    let empty = MINIMAL.split("[[sections.fields]]").next().unwrap();
    assert!(
        FormSpec::from_toml(empty)
            .unwrap_err()
            .contains("no fields")
    );
}

#[test]
fn conditions_must_be_able_to_hold() {
    let with = |extra: &str| {
        format!(
            "{MINIMAL}{extra}\n[[sections.fields]]\nid = \"st\"\nkind = \"choice\"\nlookup = \"permit_statuses\"\nlabel = {{ it = \"S\", en = \"S\" }}\n[[sections.fields]]\nid = \"ok\"\nkind = \"yes_no\"\nlabel = {{ it = \"O\", en = \"O\" }}\n"
        )
    };
    let cond = |c: &str| {
        with(&format!(
            "[[sections.fields]]\nid = \"y\"\nkind = \"text\"\nlabel = {{ it = \"Y\", en = \"Y\" }}\n{c}"
        ))
    };
    assert!(
        FormSpec::from_toml(&cond(
            "required_unless = { field = \"st\", in = [\"none\"] }"
        ))
        .is_ok()
    );
    assert!(
        FormSpec::from_toml(&cond("required_when = { field = \"ok\", equals = true }")).is_ok()
    );
    assert!(FormSpec::from_toml(&cond("required_unless = [{ field = \"st\", in = [\"none\"] }, { field = \"ok\", equals = false }]")).is_ok());
    assert!(
        FormSpec::from_toml(&cond(
            "required_unless = { field = \"st\", in = [\"nope\"] }"
        ))
        .is_err()
    );
    assert!(
        FormSpec::from_toml(&cond(
            "required_when = { field = \"ok\", equals = \"yes\" }"
        ))
        .is_err()
    );
    assert!(
        FormSpec::from_toml(&cond("required_when = { field = \"st\", equals = true }")).is_err()
    );
}
