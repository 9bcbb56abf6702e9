use super::super::{FieldInput, FieldKind, FieldPath, FormState, intake};
use super::{filled_intake, today};

fn at(s: &FormState) -> String {
    let p = s.focus();
    match (&p.row, &p.sub) {
        (Some(r), Some(sub)) => format!("{}[{r}].{sub}", p.field),
        _ => p.field.clone(),
    }
}

#[test]
fn tab_walks_every_stop_across_sections_and_back() {
    let mut s = FormState::new(intake(), today());
    assert_eq!((s.section(), at(&s)), (0, "surname".to_string()));
    let mut seen = vec![at(&s)];
    while s.next_stop() {
        seen.push(at(&s));
    }
    let fields = intake().fields().count();
    assert_eq!(
        seen.len(),
        fields,
        "one stop per field (the empty group: its add-row stop)"
    );
    assert_eq!(seen[8], "name_variants");
    assert_eq!(s.section(), s.sections().len() - 1);
    assert_eq!(at(&s), "notes");
    let mut back = vec![at(&s)];
    while s.prev_stop() {
        back.push(at(&s));
    }
    back.reverse();
    assert_eq!(back, seen);
    assert!(!s.prev_stop());
}

#[test]
fn group_rows_are_stops_and_can_be_added_removed_and_moved() {
    let mut s = FormState::new(intake(), today());
    assert!(s.focus_path(&FieldPath::field("name_variants")));
    assert_eq!(s.section(), 1);
    let stop = s.focused_stop().unwrap();
    assert!(stop.add_row && stop.kind == FieldKind::Group);
    assert!(s.add_row());
    assert_eq!(at(&s), "name_variants[0].surname");
    s.insert_str("Tesfay");
    assert!(s.next_stop());
    assert_eq!(at(&s), "name_variants[0].given");
    assert!(s.next_stop());
    assert_eq!(s.focused_stop().unwrap().kind, FieldKind::Choice);
    assert!(s.set_choice(Some("variant")));
    assert!(s.next_stop());
    assert_eq!(at(&s), "name_variants");
    assert!(s.add_row());
    s.insert_str("ተስፋይ");
    assert_eq!(s.stops().len(), 7);
    // Move the second row up: the focus follows it.
    assert!(s.move_row_up());
    assert_eq!(at(&s), "name_variants[0].surname");
    assert_eq!(s.text(s.focus()), "ተስፋይ");
    assert!(!s.move_row_up());
    assert!(s.move_row_down());
    assert_eq!(at(&s), "name_variants[1].surname");
    assert!(!s.move_row_down());
    // Removing the last row lands on the add-row stop; removing the first keeps the cell.
    assert!(s.remove_row());
    assert_eq!(at(&s), "name_variants");
    assert!(!s.remove_row());
    assert!(s.focus_path(&FieldPath::cell("name_variants", 0, "given")));
    assert!(s.remove_row());
    assert_eq!(at(&s), "name_variants");
    assert_eq!(s.row_count("name_variants"), 0);
    // Tab past the add-row stop goes to the next section.
    assert!(s.next_stop());
    assert_eq!((s.section(), at(&s)), (2, "phone".to_string()));
    assert!(s.prev_stop());
    assert_eq!(at(&s), "name_variants");
}

#[test]
fn typing_and_cursor_moves() {
    let mut s = FormState::new(intake(), today());
    let r0 = s.revision();
    for c in "Diallo".chars() {
        assert!(s.insert_char(c));
    }
    assert_eq!(s.revision(), r0 + 6);
    assert_eq!((s.text(s.focus()), s.cursor()), ("Diallo", 6));
    assert!(s.home());
    assert!(s.insert_char('X'));
    assert!(s.right() && s.delete());
    assert_eq!(s.text(s.focus()), "XDallo");
    assert!(s.end());
    assert!(s.backspace());
    assert!(!s.right());
    assert!(s.left());
    assert_eq!((s.text(s.focus()), s.cursor()), ("XDall", 4));
    assert!(!s.insert_char('\u{1b}'));
    assert!(!s.insert_char('\n'), "no newline in a one-line field");
    s.end();
    s.insert_str(" bin  Omar");
    assert!(s.delete_word_back());
    assert_eq!(s.text(s.focus()), "XDall bin  ");
    assert!(s.delete_word_back());
    assert_eq!(s.text(s.focus()), "XDall ");
    assert!(s.clear());
    assert!(!s.clear() && !s.backspace() && !s.delete());
    assert!(!s.is_dirty());
    // Choices do not take text; text fields do not take choices.
    assert!(!s.set_choice(Some("M")));
    s.focus_path(&FieldPath::field("sex"));
    assert!(!s.focus_is_typed());
    assert!(!s.insert_char('M'));
    assert!(s.set_choice(Some("M")));
    assert!(!s.set_choice(Some("M")), "same value: no change");
    assert!(s.is_dirty());
}

#[test]
fn long_text_keeps_newlines_and_home_end_work_per_line() {
    let mut s = FormState::new(intake(), today());
    s.focus_path(&FieldPath::field("notes"));
    s.insert_str("riga uno\r\nriga due\tfine");
    assert_eq!(s.text(s.focus()), "riga uno\nriga due fine");
    assert!(s.home());
    assert_eq!(s.cursor(), 9);
    assert!(s.left() && s.home());
    assert_eq!(s.cursor(), 0);
    assert!(s.end());
    assert_eq!(s.cursor(), 8);
    assert!(s.insert_char('\n'));
}

#[test]
fn a_paste_is_cleaned_and_clipped_cheaply() {
    let mut s = FormState::new(intake(), today());
    assert!(!s.insert_str("Dia\nl\u{7}lo"));
    assert_eq!(s.text(s.focus()), "Dia llo");
    s.clear();
    let huge = "é".repeat(5_000_000);
    let started = std::time::Instant::now();
    assert!(s.insert_str(&huge), "clipped");
    assert_eq!(s.text(s.focus()).chars().count(), 100);
    assert!(!s.insert_char('x'), "full");
    assert!(s.insert_str("more"));
    s.focus_path(&FieldPath::field("notes"));
    assert!(s.insert_str(&huge));
    assert_eq!(s.text(s.focus()).chars().count(), 4000);
    assert!(started.elapsed().as_millis() < 2000);
}

#[test]
fn multi_choice_toggles_and_yes_no_answers() {
    let mut s = FormState::new(intake(), today());
    s.focus_path(&FieldPath::field("languages"));
    assert!(s.toggle_multi("ti") && s.toggle_multi("it"));
    assert!(s.toggle_multi("ti"));
    assert_eq!(
        s.input(s.focus()),
        Some(&FieldInput::Multi(vec!["it".into()]))
    );
    assert!(!s.set_bool(Some(true)));
    s.focus_path(&FieldPath::field("interpreter_needed"));
    assert!(s.set_bool(Some(true)));
    assert!(s.set_bool(None));
    assert_eq!(s.input(s.focus()), Some(&FieldInput::Bool(None)));
    assert!(s.is_dirty(), "languages still hold `it`");
    s.focus_path(&FieldPath::field("languages"));
    assert!(s.toggle_multi("it"));
    assert!(!s.is_dirty());
}

#[test]
fn issues_are_cached_per_revision_and_focusable() {
    let mut s = FormState::new(intake(), today());
    let first = s.issues().as_ptr();
    assert_eq!(
        s.issues().as_ptr(),
        first,
        "not recomputed without a change"
    );
    s.insert_str("Diallo");
    assert!(s.issues_for(&FieldPath::field("surname")).is_empty());
    let path = s.first_error_path().cloned().unwrap();
    assert_eq!(path, FieldPath::field("given_names"));
    s.focus_path(&FieldPath::field("consent_given"));
    assert_eq!(s.section(), 6);
    assert!(s.focus_path(&path));
    assert_eq!((s.section(), at(&s)), (0, "given_names".to_string()));
    assert!(!s.focus_path(&FieldPath::field("no_such_field")));
    assert!(s.is_required(&FieldPath::field("permit_expiry")));
    s.set_input(
        &FieldPath::field("permit_status"),
        FieldInput::Choice(Some("in_renewal".into())),
    );
    assert!(!s.is_required(&FieldPath::field("permit_expiry")));
}

#[test]
fn a_draft_restores_inputs_focus_and_cursor_exactly() {
    let mut s = filled_intake();
    s.focus_path(&FieldPath::field("birth_date"));
    s.clear();
    s.insert_str("31/02/2000");
    s.left();
    s.focus_path(&FieldPath::cell("name_variants", 0, "given"));
    s.left();
    s.left();
    let draft = s.to_draft();
    let text = serde_json::to_string(&draft).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
    let back = FormState::from_draft(intake(), &parsed, today()).unwrap();
    assert_eq!(back.values(), s.values());
    assert_eq!(back.focus(), s.focus());
    assert_eq!((back.section(), back.cursor()), (1, 3));
    assert_eq!(back.to_draft(), draft);
    assert_eq!(back.text(&FieldPath::field("birth_date")), "31/02/2000");
    assert_eq!(back.is_dirty(), s.is_dirty());
    assert!(FormState::from_draft(intake(), &serde_json::json!({"x": 1}), today()).is_err());
    let mut other = draft.clone();
    other["form"] = "referral".into();
    assert!(FormState::from_draft(intake(), &other, today()).is_err());
}

#[test]
fn an_empty_form_copes_with_every_call() {
    let spec = std::sync::Arc::new(super::super::FormSpec {
        id: "intake".into(),
        version: 0,
        title: super::super::Label {
            it: "A".into(),
            en: "A".into(),
        },
        sections: Vec::new(),
    });
    let mut s = FormState::new(spec, today());
    assert!(s.stops().is_empty());
    assert!(!s.next_stop() && !s.prev_stop() && !s.next_section());
    assert!(!s.insert_char('a') && !s.insert_str("a") && !s.add_row() && !s.set_bool(None));
    assert!(s.issues().is_empty() && s.document().is_empty());
}
