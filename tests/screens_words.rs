//! Words the operator reads whole, at 80x24, in Italian and English: a case's timeline one
//! line per event with the box that says what changed (Enter), a long refusal wrapped with
//! its figures, the help box, and the partner list at 80 and 100 columns saying which
//! columns it leaves out. Times that come from the clock are masked in the snapshots.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sportello::service::desk::{Clock, Desk};

use crate::common;

use chrono::NaiveDate;
use common::text;
use serde_json::{Map, Value, json};
use sportello::config::Config;
use sportello::domain::case::Step;
use sportello::i18n::{I18n, Lang, Msg};
use sportello::service::cases;
use sportello::store::{Role, Store};
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::draw_to_buffer;
use sportello::tui::keymap::Action;
use sportello::tui::screens::case::CaseScreen;
use sportello::tui::screens::partners;

fn ctx(store: Store, dir: &std::path::Path, lang: Lang) -> Ctx {
    ctx_as(store, dir, lang, "test")
}

fn ctx_as(store: Store, dir: &std::path::Path, lang: Lang, operator: &str) -> Ctx {
    Ctx::new(
        Desk::as_operator(
            store,
            operator,
            Role::Operator,
            Clock::on(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
        ),
        dir.join("s.db"),
        I18n::new(lang),
        Config::default(),
    )
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

/// The screen as text, each `dd/mm/yyyy hh:mm` stamp masked (the services write the
/// clock's time).
fn masked(app: &App, w: u16, h: u16) -> String {
    let s = text(&draw_to_buffer(app, w, h));
    let chars: Vec<char> = s.chars().collect();
    let shape = "00/00/0000 00:00";
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let fits = i + shape.len() <= chars.len()
            && shape.chars().zip(&chars[i..]).all(|(p, c)| {
                if p == '0' {
                    c.is_ascii_digit()
                } else {
                    p == *c
                }
            });
        if fits {
            out.push_str("dd/mm/yyyy hh:mm");
            i += shape.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    // A step the fixture marks done is dated the day the test runs.
    let today = chrono::Local::now().format("%d/%m/%Y").to_string();
    out.replace(&today, "dd/mm/yyyy")
}

#[test]
fn the_timeline_is_one_line_per_event_and_enter_says_what_changed() {
    for (lang, l) in [(Lang::It, "it"), (Lang::En, "en")] {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, case) = crate::screens_network::desk(dir.path());
        let doc = obj(json!({
            "barrier_language": "high", "barrier_documents": "medium",
            "barrier_housing": "low", "work_sought": "Magazziniere",
            "hours_per_week": 30, "available_from": "2026-12-01",
            "notes": "Segreto: non mostrare",
        }));
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        cases::save_step_form(&mut store, case, Step::Orientation, &doc, today, "maria").unwrap();
        let all = sportello::words::timeline::lines(
            &cases::timeline(&store, case).unwrap(),
            &I18n::new(lang),
        );
        let mut c = ctx(store, dir.path(), lang);
        let screen = CaseScreen::load(case, &mut c).unwrap().with_utc_times();
        let mut app = App::new(c, Box::new(screen));
        let s = masked(&app, 80, 24);
        let want: &[&str] = match lang {
            Lang::It => &[
                "Colloquio di orientamento: 7 campi salvati",
                "Tirocinio pagato per giugno 2026: € 500,00",
            ],
            Lang::En => &[
                "Orientation interview saved: 7 fields",
                "Internship paid for June 2026: €500.00",
            ],
        };
        for w in want {
            assert!(s.contains(w), "{l}: {w} not in\n{s}");
        }
        let older: &[&str] = match lang {
            Lang::It => &[
                "Invio a Logistica Adda srl accettato",
                "Presenze di giugno 2026: 80 ore",
                "Monitoraggio fatto: Sentito/a — tutto bene",
            ],
            Lang::En => &[
                "Referral to Logistica Adda srl accepted",
                "Attendance for June 2026: 80 hours",
                "Follow-up done: Reached — all well",
            ],
        };
        for w in older {
            assert!(all.iter().any(|e| e.text == *w), "{w}: {all:#?}");
        }
        // One line per save: the journal has more lines than the timeline has events.
        assert!(all.len() < 25, "{}", all.len());
        assert!(!s.contains("Segreto") && !s.contains("data."), "{s}");
        assert!(!s.contains(" puoi"), "a programme by its code:\n{s}");
        insta::assert_snapshot!(format!("timeline_{l}_80x24"), s);

        app.handle_action(Action::NextField);
        app.handle_action(Action::Open);
        let s = masked(&app, 80, 24);
        let detail = match lang {
            Lang::It => "Disponibile dal: compilato",
            Lang::En => "Available from: filled in",
        };
        assert!(s.contains(detail), "{l}:\n{s}");
        assert!(
            !s.contains("Segreto") && !s.contains("available_from"),
            "{s}"
        );
        insta::assert_snapshot!(format!("timeline_detail_{l}_80x24"), s);
        app.handle_action(Action::Back);
        assert!(!masked(&app, 80, 24).contains(detail));
    }
}

#[test]
fn a_long_refusal_is_read_whole_at_80_columns() {
    for (lang, l) in [(Lang::It, "it"), (Lang::En, "en")] {
        let dir = tempfile::tempdir().unwrap();
        let (store, _case) = crate::screens_network::desk(dir.path());
        let mut c = ctx(store, dir.path(), lang);
        let screen = partners::open(&mut c).unwrap();
        let left = sportello::forms::amount::format_money_in(lang, 300_000);
        let over = sportello::forms::amount::format_money_in(lang, 150_000);
        c.error(
            Msg::new("plan.refused.line")
                .arg("line", "Indennità di tirocinio / Trainee allowance")
                .arg("over", &over)
                .arg("left", &left),
        );
        let app = App::new(c, screen);
        let s = masked(&app, 80, 24);
        let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
        // Each figure whole on one line, sign and all.
        assert!(
            s.contains(&left) && s.contains(&over),
            "{l}: a figure is cut:\n{s}"
        );
        let end = match lang {
            Lang::It => "Nulla è stato registrato.",
            Lang::En => "Nothing was recorded.",
        };
        assert!(flat.contains(end), "{l}: the refusal's end is cut:\n{s}");
        insta::assert_snapshot!(format!("refusal_{l}_80x24"), s);
    }
}

#[test]
fn the_partner_list_leaves_out_the_least_useful_columns_and_says_so() {
    for (lang, l) in [(Lang::It, "it"), (Lang::En, "en")] {
        let dir = tempfile::tempdir().unwrap();
        let (store, _case) = crate::screens_network::desk(dir.path());
        let mut c = ctx(store, dir.path(), lang);
        let screen = partners::open(&mut c).unwrap();
        let app = App::new(c, screen);
        for (w, h) in [(80, 24), (100, 30)] {
            let s = masked(&app, w, h);
            let row = s.lines().find(|r| r.contains("Logistica Adda")).unwrap();
            // Sent, accepted, declined, waiting, days: every figure of the row is shown.
            let figures: Vec<&str> = row.split_whitespace().rev().take(5).collect();
            assert_eq!(figures, ["7", "0", "0", "1", "1"], "{l} {w}: {row}");
            insta::assert_snapshot!(format!("partners_{l}_{w}x{h}"), s);
        }
        let narrow = masked(&app, 80, 24);
        let said = match lang {
            Lang::It => "Non mostrate a questa larghezza: Tipo",
            Lang::En => "Not shown at this width: Kind",
        };
        assert!(narrow.contains(said), "{narrow}");
    }
}

#[test]
fn the_help_box_shows_every_label_whole_at_80x24() {
    for (lang, l) in [(Lang::It, "it"), (Lang::En, "en")] {
        let dir = tempfile::tempdir().unwrap();
        let (store, case) = crate::screens_network::desk(dir.path());
        let mut c = ctx(store, dir.path(), lang);
        let screen = CaseScreen::load(case, &mut c).unwrap().with_utc_times();
        let mut app = App::new(c, Box::new(screen));
        app.handle_action(Action::Help);
        let s = masked(&app, 80, 24);
        let i18n = I18n::new(lang);
        for key in [
            "case.keys.reopen",
            "case.tl_keys.focus",
            "keys.back",
            "step.closure",
        ] {
            let label = i18n.t(key);
            let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(label), "{l}: «{label}» cut:\n{s}");
        }
        insta::assert_snapshot!(format!("help_case_{l}_80x24"), s);
    }
}

#[test]
fn the_audit_trail_names_records_and_fields_in_words() {
    use chrono::{TimeZone, Utc};
    use sportello::service::people::record_from_document;
    for (lang, l) in [(Lang::It, "it"), (Lang::En, "en")] {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _case) = crate::screens_network::desk(dir.path());
        let at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
        store
            .add_operator("anna", "Anna", Role::Administrator, "anna", at)
            .unwrap();
        let doc = obj(
            json!({ "surname": "Tesfaye", "given_names": "Selam", "sex": "F",
                              "birth_date": "1994-03-12", "birth_country": "ER",
                              "birth_place": "Asmara",
                              "consent_scopes": ["network_sharing"] }),
        );
        let rec = record_from_document(uuid::Uuid::from_u128(0x4001), doc);
        store.save_person(&rec, "maria", at, None).unwrap();
        let mut c = ctx_as(store, dir.path(), lang, "anna");
        let screen = sportello::tui::screens::audit::open(&mut c).unwrap();
        let app = App::new(c, screen);
        let s = masked(&app, 80, 24);
        let want: &[&str] = match lang {
            Lang::It => &["Luogo di nascita", "Persona", "Movimento del budget"],
            Lang::En => &["Place of birth", "Person", "Budget movement"],
        };
        // Ids made at the clock's time are masked, keeping the columns aligned.
        let wide: String = masked(&app, 120, 40)
            .lines()
            .map(|line| {
                line.split(' ')
                    .map(|w| {
                        let id = w.len() == 8 && w.chars().all(|c| c.is_ascii_hexdigit());
                        if id { "xxxxxxxx" } else { w }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n");
        for w in want {
            assert!(wide.contains(w), "{l}: {w} not in\n{wide}");
        }
        for internal in ["ledger", "data.", "birth_place", "attendance", "follow_up"] {
            assert!(!wide.contains(internal), "{l}: {internal} shown:\n{wide}");
        }
        insta::assert_snapshot!(format!("audit_{l}_80x24"), s);
        insta::assert_snapshot!(format!("audit_{l}_120x40"), wide);
    }
}
