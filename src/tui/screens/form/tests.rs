//! Form entry through the real key tables: Enter and Tab alike, typing on a choice kept
//! whatever happens, the search carried into a new intake, the question before discarding.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{FormScreen, Mode};
use crate::forms::{FieldInput, FieldPath};
use crate::tui::ctx::Ctx;
use crate::tui::keymap;
use crate::tui::screen::{Screen, Transition};

fn ctx() -> Ctx {
    Ctx::in_memory("test", NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

/// A new intake, as the register's n opens it after searching `query`.
fn new_intake(query: &str, ctx: &Ctx) -> FormScreen {
    let f = crate::tui::form_job::FormOpen::new_intake(query);
    FormScreen::open(f, crate::forms::Lookups::new(), ctx).unwrap()
}

/// One key as the app resolves it for the screen, then handed to it.
fn press(f: &mut FormScreen, ctx: &mut Ctx, code: KeyCode) -> Transition {
    let ev = KeyEvent::new(code, KeyModifiers::NONE);
    match keymap::resolve(&ev, f.wants_text(), &f.bindings()) {
        Some(a) => f.update(a, ctx),
        None => Transition::None,
    }
}

fn typed(f: &mut FormScreen, ctx: &mut Ctx, s: &str) {
    for c in s.chars() {
        press(f, ctx, KeyCode::Char(c));
    }
}

fn at(f: &FormScreen) -> String {
    f.state.focus().field.clone()
}

fn input(f: &FormScreen, id: &str) -> FieldInput {
    f.state.input(&FieldPath::field(id)).cloned().unwrap()
}

/// Surname, given names, sex, birth date, country of birth, place of birth: typed with
/// `next` after each, the way an operator who always presses the same key types.
fn identity(next: KeyCode, country: &str) -> FormScreen {
    let mut ctx = ctx();
    let mut f = new_intake("", &ctx);
    for (text, _) in [
        ("Tesfaye", "surname"),
        ("Yonas", "given_names"),
        ("m", "sex"),
        ("14/07/1998", "birth_date"),
        (country, "birth_country"),
        ("Asmara", "birth_place"),
    ] {
        typed(&mut f, &mut ctx, text);
        press(&mut f, &mut ctx, next);
    }
    f
}

#[test]
fn enter_and_tab_accept_and_go_on_alike() {
    for next in [KeyCode::Tab, KeyCode::Enter] {
        let f = identity(next, "eri");
        assert_eq!(input(&f, "surname"), FieldInput::Text("Tesfaye".into()));
        assert_eq!(input(&f, "given_names"), FieldInput::Text("Yonas".into()));
        assert_eq!(input(&f, "sex"), FieldInput::Choice(Some("M".into())));
        assert_eq!(
            input(&f, "birth_date"),
            FieldInput::Text("14/07/1998".into())
        );
        assert_eq!(
            input(&f, "birth_country"),
            FieldInput::Choice(Some("ER".into()))
        );
        assert_eq!(input(&f, "birth_place"), FieldInput::Text("Asmara".into()));
        assert_eq!(at(&f), "citizenship", "{next:?} skipped or stuck");
    }
}

#[test]
fn text_typed_on_a_choice_that_matches_nothing_stays_marked() {
    for next in [KeyCode::Tab, KeyCode::Enter] {
        // The date typed where the country goes: kept there, flagged, and the place still
        // lands in its own field.
        let f = identity(next, "01/01/1990");
        assert_eq!(
            input(&f, "birth_country"),
            FieldInput::Choice(Some("01/01/1990".into()))
        );
        let issues = f.state.issues_for(&FieldPath::field("birth_country"));
        assert!(issues.iter().any(|i| i.msg.key == "forms.choice.unknown"));
        assert!(f.state.has_errors());
        assert_eq!(input(&f, "birth_place"), FieldInput::Text("Asmara".into()));
    }
}

#[test]
fn esc_closes_the_list_and_keeps_what_was_typed() {
    let mut ctx = ctx();
    let mut f = new_intake("", &ctx);
    f.state.focus_path(&FieldPath::field("birth_country"));
    typed(&mut f, &mut ctx, "Asmar");
    assert!(f.picker.is_some());
    press(&mut f, &mut ctx, KeyCode::Esc);
    assert!(f.picker.is_none());
    assert_eq!(at(&f), "birth_country");
    assert_eq!(
        input(&f, "birth_country"),
        FieldInput::Choice(Some("Asmar".into()))
    );
    // Typing again puts the text back in the filter, to be finished or corrected.
    typed(&mut f, &mut ctx, "a");
    assert_eq!(f.picker.as_ref().unwrap().filter.value(), "Asmara");
    // Backspace on a choice clears it: said by the key, not silently.
    press(&mut f, &mut ctx, KeyCode::Esc);
    press(&mut f, &mut ctx, KeyCode::Backspace);
    assert_eq!(input(&f, "birth_country"), FieldInput::Choice(None));
}

#[test]
fn enter_adds_a_line_in_long_text_and_tab_goes_on() {
    let mut ctx = ctx();
    let mut f = new_intake("", &ctx);
    f.state.focus_path(&FieldPath::field("housing_notes"));
    typed(&mut f, &mut ctx, "one");
    press(&mut f, &mut ctx, KeyCode::Enter);
    typed(&mut f, &mut ctx, "two");
    assert_eq!(
        input(&f, "housing_notes"),
        FieldInput::Text("one\ntwo".into())
    );
    let help: Vec<&str> = f
        .bindings()
        .iter()
        .flat_map(|t| t.iter())
        .map(|b| b.help)
        .collect();
    assert!(help.contains(&"keys.form.new_line"), "{help:?}");
    press(&mut f, &mut ctx, KeyCode::Tab);
    assert_ne!(at(&f), "housing_notes");
}

#[test]
fn a_character_on_add_row_starts_a_row_with_it_and_the_limit_holds() {
    let mut ctx = ctx();
    let mut f = new_intake("", &ctx);
    f.state.focus_path(&FieldPath::field("name_variants"));
    typed(&mut f, &mut ctx, "Alhassan");
    assert_eq!(
        f.state
            .text(&FieldPath::cell("name_variants", 0, "surname")),
        "Alhassan"
    );
    // Enter on "+ Add" adds rows up to the group's limit, then says so.
    for _ in 0..40 {
        f.state.focus_path(&FieldPath::field("name_variants"));
        press(&mut f, &mut ctx, KeyCode::Enter);
    }
    assert_eq!(f.state.row_count("name_variants"), 20);
    let said = ctx.status.as_ref().map(|s| s.msg.key.clone());
    assert_eq!(said.as_deref(), Some("form.entry.rows_full"));
}

#[test]
fn yes_no_takes_its_letters_and_space_and_enter_goes_on() {
    let mut ctx = ctx();
    let mut f = new_intake("", &ctx);
    f.state.focus_path(&FieldPath::field("interpreter_needed"));
    typed(&mut f, &mut ctx, "y");
    assert_eq!(
        input(&f, "interpreter_needed"),
        FieldInput::Bool(Some(true))
    );
    press(&mut f, &mut ctx, KeyCode::Char(' '));
    assert_eq!(
        input(&f, "interpreter_needed"),
        FieldInput::Bool(Some(false))
    );
    press(&mut f, &mut ctx, KeyCode::Enter);
    assert_ne!(at(&f), "interpreter_needed");
}

#[test]
fn the_search_text_starts_the_intake() {
    let ctx = ctx();
    let f = new_intake("rossi mario 01/02/1990", &ctx);
    assert_eq!(input(&f, "surname"), FieldInput::Text("Rossi".into()));
    assert_eq!(input(&f, "given_names"), FieldInput::Text("Mario".into()));
    assert_eq!(
        input(&f, "birth_date"),
        FieldInput::Text("01/02/1990".into())
    );
    assert_eq!(at(&f), "surname");
    assert!(
        f.state.is_dirty(),
        "what came from the search is not thrown away unasked"
    );
    let empty = new_intake("", &ctx);
    assert!(!empty.state.is_dirty());
}

#[test]
fn discarding_takes_its_own_key_and_enter_keeps_the_form() {
    let mut ctx = ctx();
    let mut f = new_intake("", &ctx);
    typed(&mut f, &mut ctx, "Tesfaye");
    for keep in [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Char('n'),
        KeyCode::Char('y'),
    ] {
        press(&mut f, &mut ctx, KeyCode::Esc);
        assert_eq!(f.mode, Mode::ConfirmDiscard);
        assert!(matches!(press(&mut f, &mut ctx, keep), Transition::None));
        assert_eq!(input(&f, "surname"), FieldInput::Text("Tesfaye".into()));
        if keep != KeyCode::Char('y') {
            assert_eq!(f.mode, Mode::Edit, "{keep:?}");
        } else {
            // `y` means nothing here: the question stays.
            assert_eq!(f.mode, Mode::ConfirmDiscard);
            press(&mut f, &mut ctx, KeyCode::Enter);
        }
    }
    let lost: Vec<&str> = f
        .state
        .changed_fields()
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(lost, ["surname"]);
    press(&mut f, &mut ctx, KeyCode::Esc);
    assert!(matches!(
        press(&mut f, &mut ctx, KeyCode::Char('d')),
        Transition::Pop
    ));
}

#[test]
fn a_duplicate_check_that_cannot_run_is_said_not_only_logged() {
    // An in-memory register has no file for the check's second connection.
    let mut ctx = ctx();
    let mut f = new_intake("", &ctx);
    assert!(ctx.status.is_none());
    f.tick(&mut ctx);
    let said = ctx.status.as_ref().map(|s| s.msg.key.clone());
    assert_eq!(said.as_deref(), Some("form.dupes_unavailable"));
    // Once: typing on does not repeat it.
    ctx.status = None;
    typed(&mut f, &mut ctx, "Rossi");
    f.tick(&mut ctx);
    assert!(ctx.status.is_none());
}
