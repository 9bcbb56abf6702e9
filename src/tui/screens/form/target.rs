//! What a form saves into. Intake saves a person (built into the form screen, with its
//! duplicate check); every other form — a case's steps, a partner, a commitment — names its
//! target: the service call that stores a valid document, and how to find it again after a
//! crash.

use serde_json::{Map, Value};

use crate::forms::Lookups;
use crate::i18n::Msg;
use crate::tui::ctx::Ctx;
use crate::tui::screen::AppEvent;

pub trait FormTarget {
    /// Saves a valid document. `Ok(event)`: the form closes and the screen below hears
    /// `event`. `Err(msg)`: the form stays open with everything typed, `msg` in the status
    /// line (an overspend refused, a closed case, a database error…).
    fn save(&mut self, doc: &Map<String, Value>, ctx: &mut Ctx) -> Result<AppEvent, Msg>;

    /// What a draft must hold to rebuild this target after a crash (see [`restore`]).
    fn draft(&self) -> Value;
}

/// When a form was opened, for the saves that refuse to go over someone else's later save:
/// the first refusal (`form.conflict`) moves it to now, so a second Ctrl+S saves
/// deliberately over the newer version.
#[derive(Debug, Clone, Copy)]
pub struct OpenedAt(chrono::DateTime<chrono::Utc>);

impl OpenedAt {
    pub fn now() -> OpenedAt {
        OpenedAt(chrono::Utc::now())
    }

    /// Runs `save` with the time the form was opened.
    pub fn checked<T>(
        &mut self,
        save: impl FnOnce(chrono::DateTime<chrono::Utc>) -> Result<T, Msg>,
    ) -> Result<T, Msg> {
        let result = save(self.0);
        if let Err(m) = &result
            && m.key == "form.conflict"
        {
            self.0 = chrono::Utc::now();
        }
        result
    }
}

/// A target and the run-time lists of its form, rebuilt from a draft's `target` value.
pub type Restored = (Box<dyn FormTarget>, Lookups);

/// Rebuilds the target of a draft of `form` left by an earlier run; `None` when this form's
/// drafts cannot be resumed (the draft is then offered for deletion only).
pub fn restore(form: &str, target: &Value, ctx: &Ctx) -> Option<Restored> {
    // Each part that saves a form for a target adds its arm here.
    use crate::tui::screens::{case, plan};
    case::steps::restore(form, target)
        .or_else(|| plan::restore(form, target, ctx))
        .or_else(|| crate::tui::screens::programmes::restore(form, target))
        .or_else(|| crate::tui::screens::referrals::restore(form, target, ctx))
        .or_else(|| crate::tui::screens::partners::restore(form, target))
        .or_else(|| crate::tui::screens::internship::restore(form, target, ctx))
        .or_else(|| crate::tui::screens::follow_ups::restore(form, target))
        .or_else(|| crate::tui::screens::backup::restore(form))
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use chrono::NaiveDate;
    use serde_json::json;
    use uuid::Uuid;

    use super::*;
    use crate::config::Config;
    use crate::forms::{FieldPath, FormSpec, FormState, Severity};
    use crate::i18n::{I18n, Lang};
    use crate::lookups::{Lookup, LookupItem};
    use crate::service::desk::{Clock, Desk};
    use crate::store::Role;
    use crate::store::Store;
    use crate::tui::keymap::Action;
    use crate::tui::screen::{Screen, Transition};
    use crate::tui::screens::form::FormScreen;

    fn ctx() -> Ctx {
        Ctx::new(
            Desk::as_operator(
                Store::open_memory().unwrap(),
                "test",
                Role::Operator,
                Clock::on(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
            ),
            std::path::PathBuf::from(":memory:"),
            I18n::new(Lang::En),
            Config::default(),
        )
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

    /// Refuses the first save, accepts the second, and remembers what it was given.
    struct Fussy {
        tries: usize,
        saved: Rc<RefCell<Option<Map<String, Value>>>>,
    }

    impl FormTarget for Fussy {
        fn save(&mut self, doc: &Map<String, Value>, _ctx: &mut Ctx) -> Result<AppEvent, Msg> {
            self.tries += 1;
            if self.tries == 1 {
                return Err(Msg::new("form.saved"));
            }
            *self.saved.borrow_mut() = Some(doc.clone());
            Ok(AppEvent::CaseChanged(Uuid::nil()))
        }
        fn draft(&self) -> Value {
            json!({ "tries": self.tries })
        }
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

    #[test]
    fn a_refused_save_keeps_the_form_and_an_accepted_one_pops_with_the_event() {
        let mut ctx = ctx();
        let saved = Rc::new(RefCell::new(None));
        let doc: Map<String, Value> = serde_json::from_value(json!({
            "surname": "Tesfaye", "given_names": "Yonas", "sex": "M",
            "birth_date": "1998-07-14", "birth_country": "ER",
            "legal_status": "italian_citizen", "consent_given": false
        }))
        .unwrap();
        let target = Fussy {
            tries: 0,
            saved: saved.clone(),
        };
        let mut form =
            FormScreen::for_target("intake", Some(&doc), Lookups::new(), Box::new(target), &ctx)
                .unwrap();
        form.update(Action::Type('x'), &mut ctx);
        form.flush(&mut ctx);
        let drafts = ctx.desk.store.drafts().unwrap();
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].data["target"], json!({ "tries": 0 }));
        assert!(matches!(
            form.update(Action::Save, &mut ctx),
            Transition::None
        ));
        assert!(saved.borrow().is_none());
        assert_eq!(
            ctx.status.as_ref().map(|s| s.msg.key.as_str()),
            Some("form.saved")
        );
        match form.update(Action::Save, &mut ctx) {
            Transition::PopWith(AppEvent::CaseChanged(id)) => assert!(id.is_nil()),
            _ => panic!("the second save should close the form"),
        }
        let got = saved.borrow().clone().unwrap();
        let surname = got.get("surname").and_then(Value::as_str).unwrap();
        assert!(surname.contains('x') && surname.contains("Tesfaye"));
        assert!(ctx.desk.store.drafts().unwrap().is_empty());
    }
}
