use serde_json::{Value, json};

use super::super::document::{from_document, to_document};
use super::super::{FieldInput, FieldPath, FormState, intake};
use super::{filled_intake, spec, text, today};

#[test]
fn the_document_is_typed() {
    let s = filled_intake();
    let doc = s.document();
    assert_eq!(doc["surname"], json!("Tesfaye"));
    assert_eq!(doc["birth_date"], json!("1998-07-14"));
    assert_eq!(doc["asylum_application_date"], json!("2019-05-02"));
    assert_eq!(doc["sex"], json!("M"));
    assert_eq!(doc["languages"], json!(["ti", "it"]));
    assert_eq!(doc["interpreter_needed"], json!(false));
    assert_eq!(doc["housing_notes"], json!("CAS di Lecco,\nstanza 4"));
    assert_eq!(
        doc["name_variants"],
        json!([{ "surname": "Tesfay", "given": "Yonas", "kind": "variant" }])
    );
    assert_eq!(doc.len(), intake().fields().count());
}

#[test]
fn text_is_trimmed_tax_codes_normalised_and_empty_fields_left_out() {
    let mut s = FormState::new(intake(), today());
    s.set_input(&FieldPath::field("surname"), text("  Diallo "));
    s.set_input(&FieldPath::field("tax_code"), text(" rss mra 80a01 h501u "));
    s.set_input(&FieldPath::field("given_names"), text("   "));
    s.set_input(
        &FieldPath::field("name_variants"),
        FieldInput::Group(vec![Default::default()]),
    );
    let doc = s.document();
    assert_eq!(doc["surname"], json!("Diallo"));
    assert_eq!(doc["tax_code"], json!("RSSMRA80A01H501U"));
    assert_eq!(doc.len(), 2, "{doc:?}");
}

#[test]
fn a_saved_document_comes_back_as_the_operator_would_type_it() {
    let s = filled_intake();
    let doc = s.document();
    let back = FormState::from_document(intake(), &doc, today());
    assert_eq!(back.text(&FieldPath::field("birth_date")), "14/07/1998");
    assert_eq!(
        back.text(&FieldPath::field("asylum_application_date")),
        "02/05/2019"
    );
    assert_eq!(back.document(), doc);
    assert!(!back.is_dirty());
    assert!(back.issues().is_empty());
    assert_eq!(from_document(&intake(), &doc), back.values().clone());
}

#[test]
fn keys_the_form_does_not_know_survive_an_edit() {
    let mut doc = filled_intake().document();
    doc.insert("legacy_field".into(), json!({ "kept": true }));
    let mut s = FormState::from_document(intake(), &doc, today());
    s.set_input(&FieldPath::field("notes"), text("changed"));
    let saved = s.document();
    assert_eq!(saved["legacy_field"], json!({ "kept": true }));
    assert_eq!(saved["notes"], json!("changed"));
}

#[test]
fn money_and_numbers_become_integers_and_come_back() {
    let form = spec(
        r#"
id = "t"
version = 1
title = { it = "T", en = "T" }
[[sections]]
id = "a"
label = { it = "A", en = "A" }
[[sections.fields]]
id = "n"
kind = "number"
label = { it = "N", en = "N" }
[[sections.fields]]
id = "m"
kind = "money"
label = { it = "M", en = "M" }
"#,
    );
    let values = [
        ("n".to_string(), text("1.000")),
        ("m".to_string(), text("€ 1.234,5")),
    ];
    let doc = to_document(&form, &values.into_iter().collect());
    assert_eq!(doc["n"], json!(1000));
    assert_eq!(doc["m"], json!(123_450));
    let back = from_document(&form, &doc);
    assert_eq!(back["n"], text("1000"));
    assert_eq!(back["m"], text("1234,50"));
    assert_eq!(to_document(&form, &back), doc);
}

#[test]
fn odd_documents_are_read_without_loss_of_what_can_be_read() {
    let doc = json!({
        "surname": 42,
        "birth_date": "not-iso",
        "interpreter_needed": "true",
        "languages": "ti",
        "sex": null,
        "name_variants": [{ "surname": "A" }, "junk"],
    });
    let Value::Object(doc) = doc else {
        unreachable!()
    };
    let v = from_document(&intake(), &doc);
    assert_eq!(v["surname"], text("42"));
    assert_eq!(v["birth_date"], text("not-iso"));
    assert_eq!(v["interpreter_needed"], FieldInput::Bool(Some(true)));
    assert_eq!(v["languages"], FieldInput::Multi(vec!["ti".into()]));
    assert_eq!(v["sex"], FieldInput::Choice(None));
    let FieldInput::Group(rows) = &v["name_variants"] else {
        unreachable!()
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["surname"], text("A"));
    assert_eq!(rows[0]["kind"], FieldInput::Choice(None));
}
