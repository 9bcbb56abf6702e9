//! The form's own refusals, the same whether typed or read from a file: control characters,
//! rows past a group's limit, dates before another, a year alone where it is enough.

use std::sync::Arc;

use super::super::{FieldInput, FieldPath, FormSpec, FormState, Row, form, intake};
use super::{choice, filled_intake, text, today};

fn assessment() -> Arc<FormSpec> {
    form("assessment").unwrap()
}

fn keys(s: &FormState, path: &FieldPath) -> Vec<String> {
    s.issues_for(path)
        .iter()
        .map(|i| i.msg.key.clone())
        .collect()
}

#[test]
fn control_characters_are_refused_wherever_they_come_from() {
    for c in ['\u{1b}', '\u{7}', '\u{0}', '\u{7f}', '\t'] {
        let mut s = filled_intake();
        let path = FieldPath::field("surname");
        s.set_input(&path, text(&format!("Tes{c}faye")));
        assert_eq!(keys(&s, &path), ["forms.input.control_char"], "{c:?}");
        // The keyboard cannot type it either.
        let mut typed = FormState::new(intake(), today());
        assert!(!typed.insert_char(c));
    }
    // Long text keeps its new lines.
    let mut s = filled_intake();
    let notes = FieldPath::field("notes");
    s.set_input(&notes, text("one\ntwo"));
    assert!(keys(&s, &notes).is_empty());
}

#[test]
fn a_group_holds_no_more_rows_than_its_limit() {
    let row = |i: usize| -> Row {
        [
            ("surname".to_string(), text(&format!("V{i}"))),
            ("kind".to_string(), choice("variant")),
        ]
        .into_iter()
        .collect()
    };
    let mut s = filled_intake();
    let group = FieldPath::field("name_variants");
    s.set_input(&group, FieldInput::Group((0..20).map(row).collect()));
    assert!(keys(&s, &group).is_empty());
    assert!(!s.has_errors());
    s.set_input(&group, FieldInput::Group((0..21).map(row).collect()));
    assert_eq!(keys(&s, &group), ["forms.input.too_many_rows"]);
    // The form's "+ Add" stops at the limit.
    s.set_input(&group, FieldInput::Group((0..20).map(row).collect()));
    s.focus_path(&group);
    assert!(!s.add_row());
    assert_eq!(s.row_count("name_variants"), 20);
}

#[test]
fn arrival_in_italy_is_neither_in_the_future_nor_before_birth() {
    let mut s = filled_intake();
    let arrival = FieldPath::field("arrival_date");
    s.set_input(&arrival, text("13/07/1998"));
    assert_eq!(keys(&s, &arrival), ["forms.input.date_before"]);
    s.set_input(&arrival, text("14/07/1998"));
    assert!(keys(&s, &arrival).is_empty());
    s.set_input(&arrival, text("23/11/2026"));
    assert_eq!(keys(&s, &arrival), ["forms.date.future"]);
    assert_eq!(
        s.document().get("birth_date").and_then(|v| v.as_str()),
        Some("1998-07-14")
    );
}

#[test]
fn a_past_job_may_be_dated_by_the_year_alone() {
    let mut s = FormState::new(assessment(), today());
    let job = |from: &str, to: &str| -> Row {
        [
            ("occupation".to_string(), text("Cook")),
            ("from".to_string(), text(from)),
            ("to".to_string(), text(to)),
        ]
        .into_iter()
        .collect()
    };
    let group = FieldPath::field("work_experience");
    s.set_input(&group, FieldInput::Group(vec![job("2019", "03/2021")]));
    let to = FieldPath::cell("work_experience", 0, "to");
    assert_eq!(keys(&s, &to), ["validation.date.format"]);
    s.set_input(&group, FieldInput::Group(vec![job("2019", "14/02/2021")]));
    let from = FieldPath::cell("work_experience", 0, "from");
    assert!(keys(&s, &from).is_empty() && keys(&s, &to).is_empty());
    let doc = s.document();
    assert_eq!(doc["work_experience"][0]["from"], "2019");
    assert_eq!(doc["work_experience"][0]["to"], "2021-02-14");
    s.set_input(&group, FieldInput::Group(vec![job("2019", "2018")]));
    assert_eq!(keys(&s, &to), ["forms.input.date_before"]);
    s.set_input(&group, FieldInput::Group(vec![job("2027", "")]));
    assert_eq!(keys(&s, &from), ["forms.date.future"]);
    // Reopened for editing, the year stays a year.
    s.set_input(&group, FieldInput::Group(vec![job("2019", "")]));
    let again = FormState::from_document(assessment(), &s.document(), today());
    assert_eq!(again.text(&from), "2019");
}
