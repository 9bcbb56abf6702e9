//! Every compiled form opened empty on its first section, at 80x24 and 120x40, in Italian
//! and English: a new form (or a new TOML file) gets its snapshots here without new code.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;

use crate::common;

use chrono::NaiveDate;
use common::text;
use serde_json::json;
use sportello::config::Config;
use sportello::forms::{self, Lookups};
use sportello::i18n::{I18n, Lang};
use sportello::store::Store;
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::draw_to_buffer;
use sportello::tui::form_job::FormJob;
use sportello::tui::screens::form::FormScreen;

/// The job of `form` about records that do not exist: the snapshots only look. Every
/// compiled form must have a job, or it could never be saved.
fn job_of(form: &str) -> FormJob {
    let nil = uuid::Uuid::nil();
    serde_json::from_value(json!({
        "form": form, "person": nil, "case": nil, "referral": nil, "partner": nil,
        "follow_up": nil, "internship": nil, "programme": null, "kind": "commit",
    }))
    .unwrap_or_else(|e| panic!("form {form} has no job: {e}"))
}

fn shot(form: &str, lang: Lang, w: u16, h: u16) -> String {
    let ctx = Ctx::new(
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
    let screen = FormScreen::for_job(job_of(form), None, Lookups::new(), &ctx).unwrap();
    let app = App::new(ctx, Box::new(screen));
    text(&draw_to_buffer(&app, w, h))
}

#[test]
fn every_form_on_its_first_section() {
    let ids: Vec<&str> = forms::ids().collect();
    assert!(ids.len() >= 9, "{ids:?}");
    for id in ids {
        for (lang, l) in [(Lang::It, "it"), (Lang::En, "en")] {
            for (w, h) in [(80, 24), (120, 40)] {
                let s = shot(id, lang, w, h);
                let spec = forms::form(id).unwrap();
                assert!(
                    s.contains(spec.sections[0].label.get(lang)),
                    "{id} {l}:\n{s}"
                );
                insta::assert_snapshot!(format!("{id}_{l}_{w}x{h}"), s);
            }
        }
    }
}
