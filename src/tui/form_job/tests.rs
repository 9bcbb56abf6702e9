//! Jobs through drafts: each comes back whole from what a draft holds, drafts written in the
//! shape before jobs were tagged still open, and a form saves into its job.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::*;
use crate::domain::case::Step;
use crate::forms::{FieldPath, FormSpec, Lookups, Severity};
use crate::i18n::{I18n, Lang};
use crate::lookups::{Lookup, LookupItem};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Action;
use crate::tui::screen::{AppEvent, Screen, Transition};
use crate::tui::screens::form::FormScreen;

fn ctx() -> Ctx {
    Ctx::in_memory("test", NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

fn draft(form: &str, subject: Option<Uuid>, target: Value) -> Draft {
    Draft {
        id: Uuid::now_v7(),
        form: form.into(),
        subject,
        data: json!({ "is_new": subject.is_none(), "state": {}, "target": target }),
        updated_at: chrono::Utc::now(),
    }
}

fn intake_doc() -> Map<String, Value> {
    serde_json::from_value(json!({
        "surname": "Tesfaye", "given_names": "Yonas", "sex": "M",
        "birth_date": "1998-07-14", "birth_country": "ER",
        "legal_status": "italian_citizen", "consent_given": false
    }))
    .unwrap()
}

/// Every kind of job, about made-up records.
fn every_job() -> Vec<FormJob> {
    let (c, x) = (Uuid::now_v7(), Uuid::now_v7());
    let at = OpenedAt::default;
    vec![
        FormJob::new_intake(),
        FormJob::Intake {
            person: x,
            opened: Some(chrono::Utc::now()),
        },
        FormJob::Orientation {
            case: c,
            opened: at(),
        },
        FormJob::Assessment {
            case: c,
            opened: at(),
        },
        FormJob::Closure { case: c },
        FormJob::Reopen { case: c },
        FormJob::ActionPlan {
            case: c,
            opened: at(),
        },
        FormJob::Enrol { case: c },
        FormJob::LedgerEntry {
            case: c,
            kind: OpKind::Release,
        },
        FormJob::Programme {
            programme: None,
            opened: at(),
        },
        FormJob::Programme {
            programme: Some(x),
            opened: at(),
        },
        FormJob::Referral { case: c },
        FormJob::ReferralStatus {
            case: c,
            referral: x,
        },
        FormJob::Partner {
            partner: x,
            opened: at(),
        },
        FormJob::FollowUp { case: c },
        FormJob::FollowUpOutcome {
            case: c,
            follow_up: x,
        },
        FormJob::Internship {
            case: c,
            internship: x,
            opened: at(),
        },
        FormJob::InternshipStatus {
            case: c,
            internship: x,
        },
        FormJob::InternshipExtend {
            case: c,
            internship: x,
        },
        FormJob::Attendance {
            case: c,
            internship: x,
        },
        FormJob::AllowancePayment {
            case: c,
            internship: x,
        },
        FormJob::Backup,
    ]
}

#[test]
fn every_job_names_a_compiled_form_and_comes_back_from_its_draft() {
    for job in every_job() {
        let form = job.form();
        assert!(
            crate::forms::form(&form).is_some(),
            "{form} is not compiled in"
        );
        let d = draft(&form, job.subject(), job.to_draft());
        let back = FormJob::from_draft(&d).unwrap();
        assert_eq!(back.to_draft(), job.to_draft(), "{form}");
        assert_eq!(back.subject(), job.subject(), "{form}");
        assert_eq!(back.new_person(), job.new_person(), "{form}");
    }
}

#[test]
fn drafts_in_the_shape_before_jobs_open_with_the_same_job() {
    let (case, other) = (Uuid::now_v7(), Uuid::now_v7());
    // A new person's intake: the person was the draft's own id.
    let d = draft("intake", None, json!({ "opened": null }));
    let job = FormJob::from_draft(&d).unwrap();
    assert_eq!(job.new_person(), Some(d.id));
    // A saved person's intake: the person is the draft's subject.
    let when = chrono::Utc::now();
    let d = draft("intake", Some(other), json!({ "opened": when }));
    assert!(matches!(
        FormJob::from_draft(&d).unwrap(),
        FormJob::Intake { person, opened: Some(t) } if person == other && t == when
    ));
    let old = [
        ("assessment", json!({ "case": case, "step": "assessment" })),
        (
            "orientation",
            json!({ "case": case, "step": "orientation" }),
        ),
        ("closure", json!({ "case": case })),
        ("reopen", json!({ "case": case })),
        ("action_plan", json!({ "case": case })),
        ("enrol", json!({ "case": case })),
        ("ledger_entry", json!({ "case": case, "kind": "pay" })),
        ("programme", json!({ "programme": null })),
        ("referral", json!({ "case": case })),
        (
            "referral_status",
            json!({ "case": case, "referral": other }),
        ),
        ("partner", json!({ "partner": other })),
        ("follow_up", json!({ "case": case })),
        (
            "follow_up_outcome",
            json!({ "case": case, "follow_up": other }),
        ),
        ("internship", json!({ "case": case, "internship": other })),
        (
            "internship_status",
            json!({ "case": case, "internship": other }),
        ),
        (
            "internship_extend",
            json!({ "case": case, "internship": other }),
        ),
        ("attendance", json!({ "case": case, "internship": other })),
        (
            "allowance_payment",
            json!({ "case": case, "internship": other }),
        ),
        ("backup", json!({})),
    ];
    for (form, target) in old {
        let job = FormJob::from_draft(&draft(form, None, target.clone()))
            .unwrap_or_else(|e| panic!("{form}: {e}"));
        assert_eq!(job.form(), form);
        // What the old draft held is what the job holds now, plus its form.
        let now = job.to_draft();
        for (k, v) in target.as_object().unwrap() {
            if k != "step" {
                assert_eq!(&now[k], v, "{form}.{k}");
            }
        }
    }
    assert!(matches!(
        FormJob::from_draft(&draft(
            "ledger_entry",
            None,
            json!({ "case": case, "kind": "pay" })
        )),
        Ok(FormJob::LedgerEntry {
            kind: OpKind::Pay,
            ..
        })
    ));
}

#[test]
fn a_draft_that_names_nothing_this_build_saves_is_refused_not_guessed() {
    let case = Uuid::now_v7();
    for (form, target) in [
        ("no_such_form", json!({ "case": case })),
        ("closure", json!({ "case": "nope" })),
        ("referral_status", json!({ "case": case })),
        ("ledger_entry", json!({ "case": case, "kind": "gift" })),
        // A job tagged for one form in a draft of another.
        ("closure", json!({ "form": "reopen", "case": case })),
    ] {
        assert!(
            FormJob::from_draft(&draft(form, None, target)).is_err(),
            "{form}"
        );
    }
}

#[test]
fn an_old_intake_draft_resumes_in_the_form_and_saves_the_person_it_was_for() {
    let mut ctx = ctx();
    let spec = crate::forms::intake();
    let state = crate::forms::FormState::from_document(spec, &intake_doc(), ctx.desk.today());
    let id = Uuid::now_v7();
    let old = Draft {
        id,
        form: "intake".into(),
        subject: None,
        data: json!({ "is_new": true, "state": state.to_draft(), "target": { "opened": null } }),
        updated_at: chrono::Utc::now(),
    };
    ctx.desk.store.put_draft(&old).unwrap();
    let mut form = FormScreen::from_draft(&old, &ctx).unwrap();
    match form.update(Action::Save, &mut ctx) {
        Transition::ReplaceWith(
            crate::tui::router::Route::Person(p),
            AppEvent::PersonChanged(e),
        ) => {
            assert_eq!((p, e), (id, id));
        }
        t => panic!("a new person's page should open: {t:?} {:?}", ctx.status),
    }
    assert!(ctx.desk.store.person(id).unwrap().is_some());
    assert!(ctx.desk.store.drafts().unwrap().is_empty());
}

#[test]
fn a_refused_save_keeps_the_form_and_its_draft_and_the_second_save_closes_it() {
    let mut ctx = ctx();
    let person = Uuid::now_v7();
    crate::service::people::save_intake(&mut ctx.desk.store, person, intake_doc(), "t", None)
        .unwrap();
    let case = ctx.desk.store.cases_for(person).unwrap()[0].id;
    let job = FormJob::step_form(case, Step::Orientation).unwrap();
    let mut form = FormScreen::for_job(job, None, Lookups::new(), &ctx).unwrap();
    // Past the four barriers' choices to their notes.
    for _ in 0..4 {
        form.update(Action::NextField, &mut ctx);
    }
    form.update(Action::Type('x'), &mut ctx);
    form.flush(&mut ctx);
    let drafts = ctx.desk.store.drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(
        drafts[0].data["target"],
        json!({ "form": "orientation", "case": case })
    );
    // Someone saves the same form meanwhile: the first Ctrl+S is refused.
    std::thread::sleep(std::time::Duration::from_millis(5));
    let theirs = json!({ "barrier_language": "high" });
    let today = ctx.desk.today();
    crate::service::cases::save_step_form(
        &mut ctx.desk.store,
        case,
        Step::Orientation,
        theirs.as_object().unwrap(),
        today,
        "marco",
    )
    .unwrap();
    assert!(matches!(
        form.update(Action::Save, &mut ctx),
        Transition::None
    ));
    assert_eq!(
        ctx.status.as_ref().map(|s| s.msg.key.as_str()),
        Some("form.conflict")
    );
    assert_eq!(ctx.desk.store.drafts().unwrap().len(), 1, "the draft stays");
    match form.update(Action::Save, &mut ctx) {
        Transition::PopWith(AppEvent::CaseChanged(id)) => assert_eq!(id, case),
        t => panic!("the second save should close the form: {t:?}"),
    }
    assert!(ctx.desk.store.drafts().unwrap().is_empty());
}

fn partners() -> Lookups {
    let item = |code: &str, name: &str| LookupItem {
        code: code.into(),
        it: name.into(),
        en: name.into(),
        belfiore: None,
    };
    Lookups::from([(
        "partners".to_string(),
        Lookup {
            items: vec![item("p1", "CPI Lecco"), item("p2", "CPIA Como")],
        },
    )])
}

const SPEC: &str = r#"
id = "referral_test"
version = 1
title = { it = "Invio", en = "Referral" }
[[sections]]
id = "main"
label = { it = "Invio", en = "Referral" }
[[sections.fields]]
id = "partner"
kind = "choice"
lookup = "@partners"
label = { it = "Partner", en = "Partner" }
required = true
"#;

#[test]
fn run_time_lists_are_offered_checked_and_named() {
    let spec = std::sync::Arc::new(FormSpec::from_toml(SPEC).unwrap());
    let mut s = FormState::new(spec.clone(), NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
        .with_lookups(partners());
    assert_eq!(s.lookup("@partners").map(|l| l.items.len()), Some(2));
    s.set_choice(Some("p2"));
    assert!(s.errors().is_empty());
    s.set_choice(Some("gone"));
    let issues = s.issues_for(&FieldPath::field("partner"));
    assert!(
        issues
            .iter()
            .any(|i| i.severity == Severity::Error && i.msg.key == "forms.choice.unknown")
    );
    let field = spec.field("partner").unwrap();
    let en = I18n::new(Lang::En);
    let label = crate::forms::display::value_text_with(field, &json!("p1"), &en, &partners());
    assert_eq!(label.as_deref(), Some("CPI Lecco"));
    // Without the list a stored code is shown as stored, never hidden or refused.
    let bare = FormState::new(spec.clone(), NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    assert!(bare.lookup("@partners").is_none());
    assert_eq!(
        crate::forms::display::value_text(field, &json!("p1"), &en).as_deref(),
        Some("p1")
    );
}
