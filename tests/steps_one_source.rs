//! A step's status has one source: the person screen, the case screen, `person show --json`
//! and `case show --json` all read `domain::case::derive_steps`. (They once disagreed: the
//! person screen said "to do" for an internship under way that the case screen showed.)

use sportello::service::desk::{Clock, Desk};
use sportello::store::Role;

use crate::common::{self, sportello, text};
use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use sportello::config::Config;
use sportello::domain::case::StepStatus;
use sportello::i18n::{I18n, Lang};
use sportello::service::people::save_intake;
use sportello::service::{internships, plan, referrals};
use sportello::tui::app::App;
use sportello::tui::ctx::Ctx;
use sportello::tui::draw_to_buffer;
use sportello::tui::screens::case::CaseScreen;
use sportello::tui::screens::person::PersonScreen;
use uuid::Uuid;

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn json_of(home: &std::path::Path, args: &[&str]) -> Value {
    let out = sportello(home, args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_person_screen_the_case_screen_and_both_jsons_say_the_same_of_every_step() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("d.db");
    let db_s = db.to_str().unwrap();
    common::new_desk(home.path(), db_s);
    let mut s = common::store(&db);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let person = Uuid::now_v7();
    let doc = obj(
        json!({ "surname": "Haile", "given_names": "Ruth", "sex": "F",
        "birth_date": "1996-02-03", "birth_country": "ER", "legal_status": "refugee",
        "consent_given": true, "consent_scopes": ["processing", "network_sharing"] }),
    );
    save_intake(&mut s, person, doc, "demo", None).unwrap();
    let case = s.cases_for(person).unwrap()[0].id;
    let pai = obj(
        json!({ "goals": "Lavoro", "signed": true, "signed_on": "2026-10-01",
        "actions": [{"kind": "training", "title": "HACCP", "due": "2026-12-01",
                     "status": "planned"}] }),
    );
    plan::save_plan(&mut s, case, &pai, today, "demo", None).unwrap();
    let partner = referrals::directory(&s, "").unwrap()[0].partner.id;
    let r = obj(json!({ "partner": partner.to_string(), "service": "job_placement" }));
    referrals::create(&mut s, case, &r, today, "demo").unwrap();
    let id = Uuid::now_v7();
    let i = obj(json!({ "start_on": "2026-10-05", "weekly_hours": 20, "tutor": "P" }));
    internships::save(&mut s, case, id, &i, "demo", None).unwrap();
    let st = obj(json!({ "status": "active", "on_date": "2026-10-05" }));
    internships::change_status(&mut s, id, &st, today, "demo").unwrap();

    // The data each reads.
    let summary: Vec<(String, StepStatus)> = s.cases_for(person).unwrap()[0]
        .steps
        .iter()
        .map(|x| (x.step.code().to_string(), x.status))
        .collect();
    let overview: Vec<(String, StepStatus)> = sportello::service::cases::overview(&s, case)
        .unwrap()
        .steps
        .iter()
        .map(|x| (x.step.code().to_string(), x.status))
        .collect();
    assert_eq!(summary, overview);
    let by_code = |list: &[(String, StepStatus)], code: &str| {
        list.iter()
            .find(|(c, _)| c == code)
            .map(|(_, st)| *st)
            .unwrap()
    };
    assert_eq!(by_code(&summary, "internship"), StepStatus::InProgress);
    assert_eq!(by_code(&summary, "referral"), StepStatus::InProgress);
    assert_eq!(by_code(&summary, "action_plan"), StepStatus::Done);

    // Both `--json`.
    let p = json_of(
        home.path(),
        &[
            "person",
            "show",
            &person.to_string(),
            "--json",
            "--db",
            db_s,
        ],
    );
    let c = json_of(
        home.path(),
        &["case", "show", &case.to_string(), "--json", "--db", db_s],
    );
    let read = |v: &Value| -> Vec<(String, String)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["step"].as_str().unwrap().to_string(),
                    x["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let from_person = read(&p["cases"][0]["steps"]);
    let from_case = read(&c["steps"]);
    assert_eq!(from_person, from_case);
    let expected: Vec<(String, String)> = summary
        .iter()
        .map(|(c, st)| (c.clone(), st.code().to_string()))
        .collect();
    assert_eq!(from_person, expected);

    // Both screens, in both languages.
    drop(s);
    for lang in [Lang::It, Lang::En] {
        let i18n = I18n::new(lang);
        let ctx = |store| {
            Ctx::new(
                Desk::as_operator(store, "demo", Role::Operator, Clock::on(today)),
                db.clone(),
                i18n,
                Config::default(),
            )
        };
        let mut pctx = ctx(common::store(&db));
        let ps = PersonScreen::open(person, &mut pctx).unwrap();
        let person_screen = text(&draw_to_buffer(&App::new(pctx, Box::new(ps)), 120, 40));
        let mut cctx = ctx(common::store(&db));
        let cs = CaseScreen::load(case, &mut cctx).unwrap();
        let case_screen = text(&draw_to_buffer(&App::new(cctx, Box::new(cs)), 120, 40));
        for (code, st) in &summary {
            let name = i18n.t(&format!("step.{code}")).to_string();
            let name = name.as_str();
            let status = i18n.t(&format!("step_status.{}", st.code())).to_string();
            let status = status.as_str();
            let line = person_screen
                .lines()
                .find(|l| l.contains(name) && l.contains(status));
            assert!(
                line.is_some(),
                "person screen: {name} {status}\n{person_screen}"
            );
            assert!(
                case_screen.contains(name),
                "case screen: {name}\n{case_screen}"
            );
        }
        let in_progress = i18n.t("step_status.in_progress");
        assert!(case_screen.contains(in_progress), "{case_screen}");
    }
}
