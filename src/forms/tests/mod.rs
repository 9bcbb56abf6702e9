//! Tests of the form engine as a whole (each module keeps its own unit tests).

mod document;
mod entry;
mod props;
mod spec;
mod state;
mod validate;

use std::sync::Arc;

use chrono::NaiveDate;

use super::{FieldInput, FieldPath, FormSpec, FormState, intake};
use crate::domain::person::Sex;
use crate::domain::taxcode;

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn today() -> NaiveDate {
    ymd(2026, 11, 22)
}

pub(super) fn text(s: &str) -> FieldInput {
    FieldInput::Text(s.into())
}

pub(super) fn choice(s: &str) -> FieldInput {
    FieldInput::Choice(Some(s.into()))
}

pub(super) fn yes(b: bool) -> FieldInput {
    FieldInput::Bool(Some(b))
}

pub(super) fn spec(toml_text: &str) -> Arc<FormSpec> {
    Arc::new(FormSpec::from_toml(toml_text).unwrap_or_else(|e| panic!("{e}")))
}

/// A complete intake of an Eritrean man, every field filled.
pub(super) fn filled_intake() -> FormState {
    let mut s = FormState::new(intake(), today());
    let code = taxcode::encode("Tesfaye", "Yonas", ymd(1998, 7, 14), Sex::M, "Z368");
    let set = |s: &mut FormState, id: &str, v: FieldInput| {
        assert!(s.set_input(&FieldPath::field(id), v), "{id}");
    };
    set(&mut s, "surname", text("Tesfaye"));
    set(&mut s, "given_names", text("Yonas"));
    set(&mut s, "sex", choice("M"));
    set(&mut s, "birth_date", text("14/07/1998"));
    set(&mut s, "birth_country", choice("ER"));
    set(&mut s, "birth_place", text("Asmara"));
    set(&mut s, "citizenship", choice("ER"));
    set(&mut s, "tax_code", text(&code));
    let variant = [
        ("surname".to_string(), text("Tesfay")),
        ("given".to_string(), text("Yonas")),
        ("kind".to_string(), choice("variant")),
    ];
    set(
        &mut s,
        "name_variants",
        FieldInput::Group(vec![variant.into_iter().collect()]),
    );
    set(&mut s, "phone", text("+39 333 1234567"));
    set(&mut s, "phone_alt", text("0341 123456"));
    set(&mut s, "email", text("yonas@example.org"));
    set(&mut s, "address", text("Via Roma 1"));
    set(&mut s, "municipality", text("Lecco"));
    set(
        &mut s,
        "languages",
        FieldInput::Multi(vec!["ti".into(), "it".into()]),
    );
    set(&mut s, "interpreter_needed", yes(false));
    set(&mut s, "housing", choice("reception_centre"));
    set(&mut s, "housing_notes", text("CAS di Lecco,\nstanza 4"));
    set(&mut s, "legal_status", choice("refugee"));
    set(&mut s, "arrival_date", text("03/04/2016"));
    set(&mut s, "permit_type", choice("refugee"));
    set(&mut s, "permit_status", choice("valid"));
    set(&mut s, "permit_number", text("I12345678"));
    set(&mut s, "permit_expiry", text("01/03/2030"));
    set(&mut s, "asylum_application_date", text("2019-05-02"));
    set(&mut s, "arrived_as_uam", yes(true));
    set(&mut s, "employment_status", choice("unemployed"));
    set(&mut s, "cpi_registered", yes(true));
    set(&mut s, "cpi_name", text("CPI Lecco"));
    set(&mut s, "did_date", text("10/10/2026"));
    set(&mut s, "on_unemployment_benefit", yes(false));
    set(&mut s, "patto_date", text("05/11/2026"));
    set(&mut s, "reach_channel", choice("partner_referral"));
    set(&mut s, "referring_partner", text("Caritas"));
    set(&mut s, "consent_given", yes(true));
    set(&mut s, "consent_date", text("22/11/2026"));
    set(
        &mut s,
        "consent_scopes",
        FieldInput::Multi(vec!["processing".into(), "contact".into()]),
    );
    set(&mut s, "notes", text("Prima accoglienza."));
    s
}
