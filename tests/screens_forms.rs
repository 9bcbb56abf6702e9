//! Every compiled form opened empty on its first section, at 80x24 and 120x40, in Italian
//! and English: a new form (or a new TOML file) gets its snapshots here without new code.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;

use crate::common;

use chrono::NaiveDate;
use common::text;
use serde_json::{Map, Value};
use sportello::config::Config;
use sportello::forms::{self, Lookups};
use sportello::i18n::{I18n, Lang, Msg};
use sportello::store::Store;
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::draw_to_buffer;
use sportello::tui::screen::AppEvent;
use sportello::tui::screens::form::{FormScreen, FormTarget};

/// Saves nothing: the snapshots only look.
struct Nowhere;

impl FormTarget for Nowhere {
    fn save(&mut self, _doc: &Map<String, Value>, _ctx: &mut Ctx) -> Result<AppEvent, Msg> {
        Err(Msg::new("form.saved"))
    }
    fn draft(&self) -> Value {
        Value::Null
    }
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
    let screen =
        FormScreen::for_target(form, None, Lookups::new(), Box::new(Nowhere), &ctx).unwrap();
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
