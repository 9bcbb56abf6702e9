//! Programmes as a coordinator edits them: a programme to and from the `programme` form's
//! document, checked before it is saved.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::domain::programme::{InternshipRules, LineKind, Names, Programme, ProgrammeLine, Unit};
use crate::service::documents::{Doc, FromDoc, decode};
use crate::service::outcome::{Conflict, Failure, Outcome, Reason};
use crate::service::stamp::Stamp;
use crate::store::Store;

/// The form's document of a programme.
pub fn to_document(p: &Programme) -> Map<String, Value> {
    let lines: Vec<Value> = p
        .lines
        .iter()
        .map(|l| {
            json!({
                "code": l.code, "kind": l.kind.code(), "label_it": l.label.it,
                "label_en": l.label.en, "budget": l.budget_cents,
                "unit_cost": l.unit_cost_cents, "hours": l.hours,
            })
        })
        .collect();
    let mut doc = json!({
        "code": p.code, "name_it": p.name.it, "name_en": p.name.en,
        "total": p.total_cents, "lines": lines,
    });
    if let (Some(r), Some(m)) = (&p.internship, doc.as_object_mut()) {
        m.insert("months".into(), json!(r.months));
        m.insert("extendable_months".into(), json!(r.extendable_months));
        m.insert("weekly_hours".into(), json!(r.weekly_hours));
        m.insert("monthly_allowance".into(), json!(r.monthly_allowance_cents));
    }
    match doc {
        Value::Object(m) => m.into_iter().filter(|(_, v)| !v.is_null()).collect(),
        _ => Map::new(),
    }
}

/// `assets/forms/programme.toml`: a programme as a coordinator edits it (its rules are not
/// in the form).
pub struct ProgrammeDoc(pub Programme);

impl FromDoc for ProgrammeDoc {
    const FORM: &'static str = "programme";
    fn read(d: &Doc<'_>) -> ProgrammeDoc {
        let lines = d.rows("lines", |r| {
            let kind = match r.text("kind").as_str() {
                "allowance" => LineKind::Allowance,
                "tutoring" => LineKind::Tutoring,
                _ => LineKind::Services,
            };
            let unit_cost = r.int("unit_cost");
            ProgrammeLine {
                code: r.text("code"),
                kind,
                label: Names {
                    it: r.text("label_it"),
                    en: r.text("label_en"),
                },
                budget_cents: r.int("budget").unwrap_or(0),
                unit: if unit_cost.is_some() {
                    Unit::Hour
                } else {
                    Unit::Euro
                },
                unit_cost_cents: unit_cost,
                hours: r.int("hours"),
            }
        });
        let (months, extendable) = (d.int("months"), d.int("extendable_months"));
        let (weekly, allowance) = (d.int("weekly_hours"), d.int("monthly_allowance"));
        let internship = months.map(|months| InternshipRules {
            months: u32::try_from(months).unwrap_or(0),
            extendable_months: extendable.and_then(|m| u32::try_from(m).ok()).unwrap_or(0),
            weekly_hours: weekly.unwrap_or(0),
            monthly_allowance_cents: allowance.unwrap_or(0),
        });
        ProgrammeDoc(Programme {
            code: d.text("code"),
            name: Names {
                it: d.text("name_it"),
                en: d.text("name_en"),
            },
            total_cents: d.int("total").unwrap_or(0),
            // The form does not edit the rules: an edit keeps the stored ones (see `save`).
            rules: Default::default(),
            internship,
            lines,
        })
    }
}

/// The programme a valid form document describes, checked; the reason when it is not one.
pub fn from_document(doc: &Map<String, Value>) -> Outcome<Programme> {
    let ProgrammeDoc(p) = decode(doc);
    p.check()
        .map_err(|bad| Failure::Refused(Reason::ProgrammeInvalid(bad)))?;
    Ok(p)
}

/// Saves a coordinator's edit of a programme (`id`), or adds a new one (`None`). An edit
/// is refused (a conflict) when someone else saved the programme after `opened`.
pub fn save<'a>(
    store: &mut Store,
    id: Option<Uuid>,
    doc: &Map<String, Value>,
    by: impl Into<Stamp<'a>>,
    opened: Option<chrono::DateTime<chrono::Utc>>,
) -> Outcome<()> {
    let by: Stamp = by.into();
    crate::service::auth::allowed(store, by, crate::store::Role::Coordinator)?;
    let mut p = from_document(doc)?;
    let all = store.programmes()?;
    if let Some(old) = all.iter().find(|o| Some(o.id) == id) {
        p.rules = old.programme.rules.clone();
    }
    let taken = all
        .into_iter()
        .any(|o| o.programme.code == p.code && Some(o.id) != id);
    if taken {
        return Err(Reason::ProgrammeCodeTaken(p.code).into());
    }
    match id {
        Some(id) => match store.save_programme_checked(id, &p, by.by, by.at, opened)? {
            Ok(_) => Ok(()),
            Err((at, by)) => Err(Failure::Conflict(Conflict { by, at })),
        },
        None => {
            store.ensure_programmes(std::slice::from_ref(&p), by.by)?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme::shipped;

    #[test]
    fn a_programme_survives_the_form_both_ways() {
        for p in shipped() {
            let doc = to_document(&p);
            // The form edits the figures; the rules are kept by `save`.
            let back = from_document(&doc).unwrap();
            assert_eq!(back.rules, Default::default());
            assert_eq!(
                Programme {
                    rules: p.rules.clone(),
                    ..back
                },
                p
            );
        }
    }

    #[test]
    fn a_broken_programme_is_refused_with_its_reasons() {
        let mut doc = to_document(&shipped()[0]);
        doc.insert("total".into(), json!(0));
        let m = from_document(&doc).unwrap_err();
        assert!(
            matches!(m, Failure::Refused(Reason::ProgrammeInvalid(_))),
            "{m:?}"
        );
    }

    #[test]
    fn a_coordinator_edits_a_figure_and_enrolled_cases_keep_theirs() {
        let mut s = Store::open_memory().unwrap();
        crate::service::plan::ensure_programmes(&mut s, "c").unwrap();
        let puoi = s
            .programmes()
            .unwrap()
            .into_iter()
            .find(|p| p.programme.code == "puoi")
            .unwrap();
        let person = Uuid::now_v7();
        let intake = json!({ "surname": "Ali", "given_names": "Sara", "sex": "F",
                             "birth_date": "1999-01-01", "birth_country": "SO",
                             "legal_status": "refugee", "consent_given": false });
        let intake = intake.as_object().cloned().unwrap();
        crate::service::people::save_intake(&mut s, person, intake, "c", None).unwrap();
        let case = s.cases_for(person).unwrap()[0].id;
        let pai = json!({ "goals": "Lavoro", "signed": true, "signed_on": "2026-05-20" });
        let pai = pai.as_object().cloned().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        crate::service::plan::save_plan(&mut s, case, &pai, today, "c", None).unwrap();
        crate::service::plan::enrol(&mut s, case, "puoi", "c").unwrap();
        let mut doc = to_document(&puoi.programme);
        doc.insert("total".into(), json!(600_000));
        let lines = doc.get_mut("lines").and_then(Value::as_array_mut).unwrap();
        lines[2]["budget"] = json!(240_000);
        save(&mut s, Some(puoi.id), &doc, "coordinator", None).unwrap();
        // An edit opened before that save is refused once, nothing written.
        let opened_before = chrono::Utc::now() - chrono::Duration::seconds(60);
        let mut stale = doc.clone();
        stale.insert("total".into(), json!(1));
        assert!(
            save(&mut s, Some(puoi.id), &stale, "other", Some(opened_before))
                .unwrap_err()
                .is_conflict()
        );
        let again = s
            .programmes()
            .unwrap()
            .into_iter()
            .find(|p| p.id == puoi.id)
            .unwrap();
        assert_eq!(again.programme.total_cents, 600_000);
        let kept = crate::service::plan::budget(&s, case)
            .unwrap()
            .unwrap()
            .budget;
        assert_eq!(kept.line("operator_services").unwrap().budget, 234_000);
        assert_eq!(kept.total, 594_000);
        // A second programme may not take an existing code.
        assert_eq!(
            save(&mut s, None, &doc, "c", None).unwrap_err(),
            Failure::Refused(Reason::ProgrammeCodeTaken("puoi".into()))
        );
    }
}
