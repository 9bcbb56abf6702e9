//! `sportello case show ID [--json]`: a case's header, every step's status, its step forms
//! and its timeline, as text or JSON (with ids).

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{Env, Failure};
use crate::domain::case::StepDetail;
use crate::domain::date::format_date;
use crate::forms;
use crate::i18n::{I18n, Msg};
use crate::lookups::lookup;
use crate::service::cases::{CaseDossier, CaseOverview};
use crate::store::CaseForm;
use crate::text::sanitize;
use crate::words::local_stamp;
use crate::words::step_detail::detail_text;
use crate::words::timeline::{self, TimelineLine};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print one case: header, steps, step forms, timeline
    Show {
        /// The case's id (as printed by `person show`)
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(env: Env, c: Command) -> Result<(), Failure> {
    match c {
        Command::Show { id, json } => show(&env, &id, json),
    }
}

fn show(env: &Env, id: &str, json: bool) -> Result<(), Failure> {
    let case = Uuid::parse_str(id.trim())
        .map_err(|_| Failure::new(Msg::new("cli.bad_id").arg("value", id)))?;
    let d = dossier(env, case)?;
    if json {
        let value = case_value(&d, &env.i18n);
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        for line in case_lines(&d, &env.i18n) {
            println!("{}", sanitize(&line));
        }
    }
    Ok(())
}

/// The case whole, read once by the desk.
pub(super) fn dossier(env: &Env, case: Uuid) -> Result<CaseDossier, Failure> {
    env.desk.case_dossier(case).map_err(|f| env.failed(f))
}

/// Everything held about a case, as JSON with ids.
pub(super) fn case_value(d: &CaseDossier, i18n: &I18n) -> Value {
    case_json(d, &timeline::lines(&d.timeline, i18n))
}

/// Everything held about a case, as lines of text in the operator's language.
pub(super) fn case_lines(d: &CaseDossier, i18n: &I18n) -> Vec<String> {
    let timeline = timeline::lines(&d.timeline, i18n);
    let mut lines = describe(&d.overview, &d.forms, &timeline, i18n);
    lines.extend(super::case_parts::path_text(d, i18n));
    lines.extend(super::case_parts::text(d, i18n));
    lines
}

/// What the parts of the path add to `case show --json` besides the overview's counts: the
/// money, referrals, internships and follow-ups (`case_parts`).
fn parts_json(d: &CaseDossier) -> Map<String, Value> {
    let o = &d.overview;
    let mut out = super::case_parts::json(d);
    for s in &o.steps {
        let (key, value) = match &s.detail {
            StepDetail::Plan {
                signed_on,
                actions,
                actions_done,
            } => (
                "plan",
                json!({ "signed_on": signed_on, "actions": actions, "actions_done": actions_done }),
            ),
            StepDetail::Referrals { by_status } => (
                "referrals",
                json!({ "by_status": by_status.iter().map(|(s, n)| (s.clone(), json!(n))).collect::<Map<String, Value>>() }),
            ),
            StepDetail::Internship { status, status_on } => (
                "internship",
                json!({ "status": status, "status_on": status_on }),
            ),
            StepDetail::FollowUps {
                pending,
                done,
                next_due,
            } => (
                "follow_ups",
                json!({ "pending": pending, "done": done, "next_due": next_due }),
            ),
            _ => continue,
        };
        out.insert(key.into(), value);
    }
    out
}

fn case_json(d: &CaseDossier, timeline: &[TimelineLine]) -> Value {
    let (o, case_forms) = (&d.overview, &d.forms);
    let c = &o.case;
    let steps: Vec<Value> = o
        .steps
        .iter()
        .map(|s| json!({ "step": s.step, "status": s.status, "detail": s.detail }))
        .collect();
    let form_docs: Map<String, Value> = case_forms
        .iter()
        .map(|f| {
            let v =
                json!({ "data": f.data, "updated_at": f.updated_at, "updated_by": f.updated_by });
            (f.form.clone(), v)
        })
        .collect();
    let mut out = json!({
        "id": c.id,
        "person_id": c.person_id,
        "person_name": o.person_name,
        "opened_at": c.opened_at,
        "closed_at": c.closed_at,
        "operator": c.operator,
        "programme_id": c.programme_id,
        "programme": o.programme,
        "outcome": c.outcome,
        "outcome_on": c.outcome_on,
        "steps": steps,
        "forms": form_docs,
        "timeline": timeline,
    });
    if let Value::Object(m) = &mut out {
        m.extend(parts_json(d));
    }
    out
}

fn describe(
    o: &CaseOverview,
    case_forms: &[CaseForm],
    timeline: &[TimelineLine],
    i18n: &I18n,
) -> Vec<String> {
    let c = &o.case;
    let mut out = vec![
        o.person_name.clone(),
        format!("id: {}  person: {}", c.id, c.person_id),
        i18n.tf(
            "case.opened_on",
            &[("date", &format_date(c.opened_at.date_naive()))],
        ),
    ];
    if !c.operator.is_empty() {
        out.push(i18n.tf("case.operator", &[("name", &c.operator)]));
    }
    if let Some(p) = &o.programme {
        out.push(i18n.tf("case.programme", &[("code", p)]));
    }
    match c.closed_at {
        None => out.push(i18n.t("case.state_open").to_string()),
        Some(at) => {
            let mut t = i18n.tf(
                "case.state_closed",
                &[("date", &format_date(at.date_naive()))],
            );
            if let Some(code) = &c.outcome {
                t.push_str(" — ");
                t.push_str(lookup("closure_outcomes").label_of(code, i18n.lang));
            }
            out.push(t);
        }
    }
    out.push(String::new());
    out.push(format!("[{}]", i18n.t("person.steps")));
    for s in &o.steps {
        let detail = detail_text(&s.detail, i18n);
        let line = format!(
            "  {}: {}  {detail}",
            i18n.t(&format!("step.{}", s.step.code())),
            i18n.t(&format!("step_status.{}", s.status.code())),
        );
        out.push(line.trim_end().to_string());
    }
    for f in case_forms {
        let Some(spec) = forms::form(&f.form) else {
            continue;
        };
        out.push(String::new());
        out.push(format!("[{}]", spec.title.get(i18n.lang)));
        for section in forms::display::shown(&spec, &f.data, i18n) {
            for field in section.fields {
                out.push(format!("  {}: {}", field.label, field.value));
            }
        }
    }
    out.push(String::new());
    out.push(format!("[{}]", i18n.t("case.timeline")));
    for t in timeline {
        out.push(format!("  {} · {} · {}", local_stamp(t.at), t.by, t.text));
    }
    out
}
