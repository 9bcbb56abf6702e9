//! Form entry on screen: text typed on a choice that matches nothing, kept and marked; the
//! question before a changed form is discarded, naming what would be lost. 80x24 and 120x40,
//! Italian and English.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;

use crate::common;

use chrono::NaiveDate;
use common::text;
use sportello::config::Config;
use sportello::i18n::{I18n, Lang};
use sportello::store::Store;
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::draw_to_buffer;
use sportello::tui::form_job::FormOpen;
use sportello::tui::keymap::Action;
use sportello::tui::router::{self, Route};

/// A new intake with the identity typed, Tab after each field, and a birth date typed
/// where the country of birth goes.
fn typed_intake(lang: Lang) -> App {
    let mut ctx = Ctx::new(
        Desk::as_operator(
            Store::open_memory().unwrap(),
            "test",
            Role::Operator,
            Clock::on(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
        ),
        std::path::PathBuf::from("desk.db"),
        I18n::new(lang),
        Config::default(),
    );
    let route = Route::Form(Box::new(FormOpen::new_intake("tesfaye yonas")));
    let form = router::open(route, &mut ctx).unwrap();
    let mut app = App::new(ctx, form);
    for field in ["", "", "m", "14/07/1998", "01/01/1990", "Asmara"] {
        for c in field.chars() {
            app.handle_action(Action::Type(c));
        }
        app.handle_action(Action::NextField);
    }
    app
}

fn all_sizes(name: &str, app: &App, must: &[&str], lang: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        let s = text(&draw_to_buffer(app, w, h));
        for m in must {
            assert!(s.contains(m), "{name} {lang} {w}x{h}: no {m}:\n{s}");
        }
        insta::assert_snapshot!(format!("{name}_{lang}_{w}x{h}"), s);
    }
}

#[test]
fn a_choice_keeps_text_that_matches_nothing_marked() {
    for (lang, l, mark) in [
        (Lang::It, "it", "nessuna voce corrisponde"),
        (Lang::En, "en", "no match in the list"),
    ] {
        let app = typed_intake(lang);
        all_sizes(
            "entry_unmatched",
            &app,
            &[
                "«01/01/1990» ✗",
                mark,
                "14/07/1998",
                "Asmara",
                "Tesfaye",
                "Yonas",
            ],
            l,
        );
    }
}

#[test]
fn the_discard_question_names_what_would_be_lost() {
    for (lang, l, words) in [
        (
            Lang::It,
            "it",
            [
                "Scartare le modifiche?",
                "Data di nascita",
                "d ",
                "Invio o Esc",
            ],
        ),
        (
            Lang::En,
            "en",
            [
                "Discard the changes?",
                "Date of birth",
                "d ",
                "Enter or Esc",
            ],
        ),
    ] {
        let mut app = typed_intake(lang);
        app.handle_action(Action::Back);
        all_sizes("entry_discard", &app, &words, l);
    }
}
