//! What saving each job does: the service call that stores a valid document. A refusal is
//! the operator's message and leaves the form open with everything typed.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{FormJob, OpenedAt};
use crate::domain::case::Step;
use crate::i18n::Msg;
use crate::service::{cases, follow_ups, internships, people, plan, programmes, referrals};
use crate::store::Store;
use crate::store::backup::BackupInfo;
use crate::tui::ctx::Ctx;
use crate::tui::jobs::Finished;
use crate::tui::router::Route;
use crate::tui::screen::AppEvent;

/// A save that went through: what the screens below hear, and what opens instead of the
/// form (a new person's page), if anything.
#[derive(Debug)]
pub struct Saved {
    pub event: AppEvent,
    pub then: Option<Route>,
}

impl Saved {
    fn case(case: Uuid) -> Result<Saved, Msg> {
        Ok(Saved {
            event: AppEvent::CaseChanged(case),
            then: None,
        })
    }

    /// Nothing of a case changed (a partner, a programme, a backup): lists reload on any
    /// event, the screens of a case have nothing to do.
    fn no_case() -> Result<Saved, Msg> {
        Saved::case(Uuid::nil())
    }
}

impl FormJob {
    /// Saves a valid document; `draft` is this form's draft when one was written (a person
    /// saved drops it in the same transaction).
    pub fn save(
        &mut self,
        doc: Map<String, Value>,
        draft: Option<Uuid>,
        ctx: &mut Ctx,
    ) -> Result<Saved, Msg> {
        let (today, by, lang) = (ctx.today, ctx.operator.clone(), ctx.i18n.lang);
        let s = &mut ctx.store;
        match self {
            FormJob::Intake { person, opened } => {
                let id = *person;
                match people::save_intake_checked(s, id, doc, &by, draft, *opened) {
                    Ok(Err(conflict)) => {
                        // Nothing written. A second Ctrl+S saves over the newer version
                        // deliberately.
                        let at = conflict.updated_at.with_timezone(&chrono::Local);
                        *opened = Some(conflict.updated_at);
                        Err(Msg::new("form.conflict")
                            .arg("by", conflict.by)
                            .arg("at", at.format("%d/%m/%Y %H:%M").to_string()))
                    }
                    Ok(Ok(_)) => Ok(Saved {
                        event: AppEvent::PersonChanged(id),
                        then: opened.is_none().then_some(Route::Person(id)),
                    }),
                    Err(e) => Err(e.msg()),
                }
            }
            FormJob::Orientation { case, opened } => {
                step_form(s, *case, Step::Orientation, opened, &doc, today, &by)
            }
            FormJob::Assessment { case, opened } => {
                step_form(s, *case, Step::Assessment, opened, &doc, today, &by)
            }
            FormJob::Closure { case } => {
                cases::close_case(s, *case, &doc, today, &by).map_err(|e| e.msg(lang))?;
                Saved::case(*case)
            }
            FormJob::Reopen { case } => {
                cases::reopen_from_doc(s, *case, &doc, today, &by)?;
                Saved::case(*case)
            }
            FormJob::ActionPlan { case, opened } => {
                let case = *case;
                opened.checked(|at| plan::save_plan(s, case, &doc, today, &by, Some(at)))?;
                Saved::case(case)
            }
            FormJob::Enrol { case } => {
                let code = doc
                    .get("programme")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                plan::enrol(s, *case, code, &by).map_err(|e| e.msg(lang))?;
                Saved::case(*case)
            }
            FormJob::LedgerEntry { case, kind } => {
                plan::record_movement(s, *case, *kind, &doc, &by).map_err(|e| e.msg(lang))?;
                Saved::case(*case)
            }
            FormJob::Programme { programme, opened } => {
                let id = *programme;
                opened.checked(|at| programmes::save(s, id, &doc, &by, Some(at)))?;
                Saved::no_case()
            }
            FormJob::Referral { case } => {
                referrals::create(s, *case, &doc, today, &by).map_err(|e| e.msg(lang))?;
                Saved::case(*case)
            }
            FormJob::ReferralStatus { case, referral } => {
                referrals::change_status(s, *referral, &doc, today, &by)
                    .map_err(|e| e.msg(lang))?;
                Saved::case(*case)
            }
            FormJob::Partner { partner, opened } => {
                let id = *partner;
                opened.checked(|at| referrals::save_partner_checked(s, id, &doc, &by, Some(at)))?;
                Saved::no_case()
            }
            FormJob::FollowUp { case } => {
                follow_ups::schedule(s, *case, &doc, &by)?;
                Saved::case(*case)
            }
            FormJob::FollowUpOutcome { case, follow_up } => {
                follow_ups::record(s, *follow_up, &doc, today, &by)?;
                Saved::case(*case)
            }
            FormJob::Internship {
                case,
                internship,
                opened,
            } => {
                let (case, id) = (*case, *internship);
                opened.checked(|at| {
                    internships::save(s, case, id, &doc, &by, Some(at)).map_err(|e| e.msg(lang))
                })?;
                Saved::case(case)
            }
            FormJob::InternshipStatus { case, internship } => {
                internships::change_status(s, *internship, &doc, today, &by)
                    .map_err(|e| e.msg(lang))?;
                Saved::case(*case)
            }
            FormJob::InternshipExtend { case, internship } => {
                internships::extend(s, *case, *internship, &doc, &by).map_err(|e| e.msg(lang))?;
                Saved::case(*case)
            }
            FormJob::Attendance { case, internship } => {
                internships::record_month(s, *internship, &doc, today, &by)
                    .map_err(|e| e.msg(lang))?;
                Saved::case(*case)
            }
            FormJob::AllowancePayment { case, internship } => {
                internships::pay_month(s, *internship, &doc, today, &by)
                    .map_err(|e| e.msg(lang))?;
                Saved::case(*case)
            }
            FormJob::Backup => {
                backup(&doc, ctx)?;
                Saved::no_case()
            }
        }
    }
}

fn step_form(
    s: &mut Store,
    case: Uuid,
    step: Step,
    opened: &mut OpenedAt,
    doc: &Map<String, Value>,
    today: NaiveDate,
    by: &str,
) -> Result<Saved, Msg> {
    opened.checked(|at| cases::save_step_form_checked(s, case, step, doc, today, by, Some(at)))?;
    Saved::case(case)
}

/// Starts a consistent copy of the database to a new file as the app's long job, on a
/// connection of its own: the form closes, the progress shows under the screen (Ctrl+X stops
/// it and removes the partial file), and the end is said on the status line.
fn backup(doc: &Map<String, Value>, ctx: &mut Ctx) -> Result<(), Msg> {
    let raw = doc
        .get("path")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim();
    let path = expand_home(raw);
    crate::service::backup::may_backup(&ctx.store, &path, &ctx.operator)?;
    let store = ctx.store.reopen().map_err(|e| e.msg())?;
    let (db, by) = (ctx.db_path.clone(), ctx.operator.clone());
    ctx.jobs.start(
        Msg::new("jobs.backup.title"),
        Msg::new("jobs.backup.copying"),
        true,
        move |progress| {
            let made = crate::service::backup::backup_with(&store, &db, &path, &by, progress);
            Finished::said(made.map(|info| match info {
                Some(info) => backup_done(&info),
                None => Msg::new("jobs.backup.cancelled"),
            }))
        },
    )?;
    ctx.info(Msg::new("jobs.backup.started"));
    Ok(())
}

/// What a finished backup says.
fn backup_done(info: &BackupInfo) -> Msg {
    let mb = format!("{:.1}", info.bytes as f64 / 1e6);
    Msg::new("cli.backup.done")
        .arg("path", info.path.display())
        .arg("people", info.people)
        .arg("mb", mb)
}

/// `~/x` as the operator means it.
fn expand_home(raw: &str) -> PathBuf {
    match (raw.strip_prefix("~/"), directories::UserDirs::new()) {
        (Some(rest), Some(u)) => u.home_dir().join(rest),
        _ => PathBuf::from(raw),
    }
}
