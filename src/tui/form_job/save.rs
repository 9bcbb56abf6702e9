//! What saving each job does: the service call that stores a valid document. A refusal is
//! the operator's message and leaves the form open with everything typed.

use std::path::PathBuf;

use serde_json::{Map, Value};
use uuid::Uuid;

use super::{FormJob, OpenedAt};
use crate::domain::case::Step;
use crate::i18n::Msg;
use crate::service::desk::Desk;
use crate::service::outcome::{Failure, Outcome};
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
    fn case<E>(case: Uuid) -> Result<Saved, E> {
        Ok(Saved {
            event: AppEvent::CaseChanged(case),
            then: None,
        })
    }

    /// Nothing of a case changed (a partner, a programme, a backup): lists reload on any
    /// event, the screens of a case have nothing to do.
    fn no_case<E>() -> Result<Saved, E> {
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
        if let FormJob::Backup = self {
            backup(&doc, ctx)?;
            return Saved::no_case();
        }
        self.save_on(&mut ctx.desk, doc, draft)
            .map_err(|f| ctx.said(&f))
    }

    fn save_on(
        &mut self,
        d: &mut Desk,
        doc: Map<String, Value>,
        draft: Option<Uuid>,
    ) -> Outcome<Saved> {
        match self {
            FormJob::Intake { person, opened } => {
                let id = *person;
                match d.save_intake(id, doc, draft, *opened) {
                    Err(Failure::Conflict(c)) => {
                        // Nothing written. A second Ctrl+S saves over the newer version
                        // deliberately.
                        *opened = Some(c.at);
                        Err(Failure::Conflict(c))
                    }
                    Ok(_) => Ok(Saved {
                        event: AppEvent::PersonChanged(id),
                        then: opened.is_none().then_some(Route::Person(id)),
                    }),
                    Err(f) => Err(f),
                }
            }
            FormJob::Orientation { case, opened } => {
                step_form(d, *case, Step::Orientation, opened, &doc)
            }
            FormJob::Assessment { case, opened } => {
                step_form(d, *case, Step::Assessment, opened, &doc)
            }
            FormJob::Closure { case } => {
                d.close_case(*case, &doc)?;
                Saved::case(*case)
            }
            FormJob::Reopen { case } => {
                d.reopen_case(*case, &doc)?;
                Saved::case(*case)
            }
            FormJob::ActionPlan { case, opened } => {
                let case = *case;
                opened.checked(|at| d.save_plan(case, &doc, Some(at)))?;
                Saved::case(case)
            }
            FormJob::Enrol { case } => {
                let code = doc
                    .get("programme")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                d.enrol(*case, code)?;
                Saved::case(*case)
            }
            FormJob::LedgerEntry { case, kind } => {
                d.record_movement(*case, *kind, &doc)?;
                Saved::case(*case)
            }
            FormJob::Programme { programme, opened } => {
                let id = *programme;
                opened.checked(|at| d.save_programme(id, &doc, Some(at)))?;
                Saved::no_case()
            }
            FormJob::Referral { case } => {
                d.create_referral(*case, &doc)?;
                Saved::case(*case)
            }
            FormJob::ReferralStatus { case, referral } => {
                d.referral_status(*referral, &doc)?;
                Saved::case(*case)
            }
            FormJob::Partner { partner, opened } => {
                let id = *partner;
                opened.checked(|at| d.save_partner(id, &doc, Some(at)))?;
                Saved::no_case()
            }
            FormJob::FollowUp { case } => {
                d.schedule_follow_up(*case, &doc)?;
                Saved::case(*case)
            }
            FormJob::FollowUpOutcome { case, follow_up } => {
                d.record_follow_up(*follow_up, &doc)?;
                Saved::case(*case)
            }
            FormJob::Internship {
                case,
                internship,
                opened,
            } => {
                let (case, id) = (*case, *internship);
                opened.checked(|at| d.save_internship(case, id, &doc, Some(at)))?;
                Saved::case(case)
            }
            FormJob::InternshipStatus { case, internship } => {
                d.internship_status(*internship, &doc)?;
                Saved::case(*case)
            }
            FormJob::InternshipExtend { case, internship } => {
                d.extend_internship(*case, *internship, &doc)?;
                Saved::case(*case)
            }
            FormJob::Attendance { case, internship } => {
                d.record_month(*internship, &doc)?;
                Saved::case(*case)
            }
            FormJob::AllowancePayment { case, internship } => {
                d.pay_month(*internship, &doc)?;
                Saved::case(*case)
            }
            FormJob::Backup => Saved::no_case(),
        }
    }
}

fn step_form(
    d: &mut Desk,
    case: Uuid,
    step: Step,
    opened: &mut OpenedAt,
    doc: &Map<String, Value>,
) -> Outcome<Saved> {
    opened.checked(|at| d.save_step_form(case, step, doc, Some(at)))?;
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
    let desk = &ctx.desk;
    crate::service::backup::may_backup(&desk.store, &path, desk.operator())?;
    let store = desk.store.reopen().map_err(|e| e.msg())?;
    let (db, by) = (ctx.db_path.clone(), desk.operator().to_string());
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
