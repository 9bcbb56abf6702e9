//! The one answer of every desk verb: done, or a typed [`Failure`] (refused with a reason,
//! forbidden, a conflict with a newer save, a storage error). No failure carries text: the
//! TUI and the command line put it into the operator's words at their edge
//! (`crate::words::failure`).

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::money;
use crate::domain::programme::{Breach, Programme};
use crate::forms::Issue;
use crate::store::internships::InternshipRefusal;
use crate::store::{
    CaseRefusal, CloseRefusal, EditConflict, MergeRefused, ReferralRefusal, Role, StoreError,
};
use crate::vault::RingError;

/// What a desk verb answers.
pub type Outcome<T> = Result<T, Failure>;

/// Why a verb did not happen; nothing was written.
#[derive(Debug, PartialEq)]
pub enum Failure {
    /// The desk's rules refuse it, for this reason.
    Refused(Reason),
    /// The operator's role does not allow it: the least role that does.
    Forbidden(Role),
    /// Someone else saved the record after it was opened.
    Conflict(Conflict),
    Store(StoreError),
}

/// A newer save than the one an edit started from: who made it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// Why the rules refuse a verb: the domain's and the store's typed refusals, and the
/// service's own.
#[derive(Debug, PartialEq)]
pub enum Reason {
    /// A change to a case (no such case, closed, already open, another one open).
    Case(CaseRefusal),
    Close(CloseRefusal),
    Internship(InternshipRefusal),
    Referral(ReferralRefusal),
    /// A movement the budget refuses, with the programme that names its lines.
    Money {
        refusal: money::Refusal,
        programme: Box<Programme>,
    },
    Plan(PlanRefusal),
    Merge(MergeRefused),
    Form(FormProblem),
    /// The person did not consent to sharing with the network, or withdrew it.
    NoConsent,
    /// A referral without a partner.
    NoPartner,
    /// A reopening without a reason.
    ReasonRequired,
    /// The programme form describes no valid programme: every rule it breaks.
    ProgrammeInvalid(Vec<Breach>),
    /// Another programme has this code.
    ProgrammeCodeTaken(String),
    /// An erasure of a person with an open case.
    OpenCase,
    /// No such person.
    NoPerson(Uuid),
    Operator(OperatorRefusal),
    Access(AccessRefusal),
}

/// Why the way in was refused: setting up a desk, logging in, unlocking the screen, the
/// recovery code, a passphrase change. (The key ring's own faults and a new operator's
/// fields are [`OperatorRefusal`]s, as when an administrator meets them.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessRefusal {
    /// Wrong username or passphrase: the next attempt waits this long.
    Wrong {
        wait: Duration,
    },
    /// Too soon after wrong passphrases: wait this long.
    TooSoon(Duration),
    /// The database is encrypted and its key file is not where it was looked for.
    RingMissing(PathBuf),
    /// A key file (or an anchor) says a desk lives at this path, and the database file is
    /// missing or empty: nothing is created over it.
    RegisterMissing(PathBuf),
    /// The file at this path is not the database its key file belongs to (a plain
    /// register, or another desk's file).
    NotThisDesk(PathBuf),
    /// The desk has its operators already.
    AlreadySetUp,
    /// A new desk without a name.
    DeskRequired,
    /// The system gave no random numbers for the keys.
    NoRandom,
    /// The operator was removed (or is not in the register).
    Removed,
    WrongRecovery,
}

/// Why the plan's money or an enrolment was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanRefusal {
    CaseClosed,
    NotEnrolled,
    MoneyMoved,
    /// The programme asks a signed PAI before enrolment.
    PaiNotSigned,
    UnknownProgramme(String),
    /// A line not counted in hours (its code) given hours.
    NotHours(String),
    /// A movement without a date or an amount (the form prevents it; the CLI may not).
    Invalid,
}

/// A form document the service cannot take.
#[derive(Debug, Clone, PartialEq)]
pub enum FormProblem {
    /// A field the form requires is missing or unreadable (its id).
    Required(&'static str),
    /// The form's own check fails on this field.
    Invalid { form: String, field: String },
    /// A form this build does not know.
    UnknownForm(String),
    /// Text that is not the JSON asked for (the parser's detail).
    Json(String),
    /// Fields that break the form's rules, each with its issue.
    Issues(Vec<Issue>),
}

/// Why an administrator's work on operators was refused.
#[derive(Debug, PartialEq)]
pub enum OperatorRefusal {
    /// An active operator has this username.
    Exists(String),
    /// No active operator has this username.
    Unknown(String),
    /// Administrators do not remove themselves.
    NotSelf,
    /// The desk has no key ring (not set up).
    NotSetUp,
    /// A new operator's field (its id) is not acceptable.
    NewOperator(&'static str, crate::service::auth::Problem),
    /// The key ring could not be read or written.
    Ring(RingError),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        tracing::error!("store: {e}");
        Failure::Store(e)
    }
}

impl From<Reason> for Failure {
    fn from(r: Reason) -> Failure {
        Failure::Refused(r)
    }
}

impl From<CaseRefusal> for Failure {
    /// A newer save is a conflict; every other refusal of a case is a reason.
    fn from(r: CaseRefusal) -> Failure {
        match r {
            CaseRefusal::Changed(at, by) => Failure::Conflict(Conflict { by, at }),
            r => Failure::Refused(Reason::Case(r)),
        }
    }
}

impl From<CloseRefusal> for Failure {
    fn from(r: CloseRefusal) -> Failure {
        match r {
            CloseRefusal::Case(c) => c.into(),
            r => Failure::Refused(Reason::Close(r)),
        }
    }
}

impl From<InternshipRefusal> for Failure {
    fn from(r: InternshipRefusal) -> Failure {
        match r {
            InternshipRefusal::Case(c) => c.into(),
            r => Failure::Refused(Reason::Internship(r)),
        }
    }
}

impl From<ReferralRefusal> for Failure {
    fn from(r: ReferralRefusal) -> Failure {
        match r {
            ReferralRefusal::Case(c) => c.into(),
            r => Failure::Refused(Reason::Referral(r)),
        }
    }
}

impl From<PlanRefusal> for Failure {
    fn from(r: PlanRefusal) -> Failure {
        Failure::Refused(Reason::Plan(r))
    }
}

impl From<FormProblem> for Failure {
    fn from(p: FormProblem) -> Failure {
        Failure::Refused(Reason::Form(p))
    }
}

impl From<MergeRefused> for Failure {
    fn from(r: MergeRefused) -> Failure {
        Failure::Refused(Reason::Merge(r))
    }
}

impl From<OperatorRefusal> for Failure {
    fn from(r: OperatorRefusal) -> Failure {
        Failure::Refused(Reason::Operator(r))
    }
}

impl From<AccessRefusal> for Failure {
    fn from(r: AccessRefusal) -> Failure {
        Failure::Refused(Reason::Access(r))
    }
}

impl From<RingError> for Failure {
    fn from(e: RingError) -> Failure {
        Failure::Refused(Reason::Operator(OperatorRefusal::Ring(e)))
    }
}

impl From<EditConflict> for Failure {
    fn from(c: EditConflict) -> Failure {
        Failure::Conflict(Conflict {
            by: c.by,
            at: c.updated_at,
        })
    }
}

/// A store's answer with its refusal, as one outcome.
pub fn settled<T, R: Into<Failure>>(r: Result<Result<T, R>, StoreError>) -> Outcome<T> {
    r?.map_err(Into::into)
}

impl Failure {
    /// How long the next login or unlock must wait, after a wrong passphrase or one tried
    /// too soon.
    pub fn wait(&self) -> Option<Duration> {
        match self {
            Failure::Refused(Reason::Access(
                AccessRefusal::Wrong { wait } | AccessRefusal::TooSoon(wait),
            )) => Some(*wait),
            _ => None,
        }
    }

    /// Whether this is a newer save than the edit's.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Failure::Conflict(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_save_is_a_conflict_wherever_the_store_refuses_it() {
        let at = chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap();
        let changed = || CaseRefusal::Changed(at, "maria".into());
        let conflict = Failure::Conflict(Conflict {
            by: "maria".into(),
            at,
        });
        assert_eq!(Failure::from(changed()), conflict);
        assert_eq!(Failure::from(CloseRefusal::Case(changed())), conflict);
        assert_eq!(Failure::from(InternshipRefusal::Case(changed())), conflict);
        assert_eq!(Failure::from(ReferralRefusal::Case(changed())), conflict);
        let stale: Outcome<()> = settled(Ok(Err(EditConflict {
            updated_at: at,
            by: "maria".into(),
        })));
        assert_eq!(stale, Err(conflict));
    }

    #[test]
    fn a_refusal_of_the_case_is_the_same_reason_from_any_verb() {
        let closed = Failure::Refused(Reason::Case(CaseRefusal::Closed));
        assert_eq!(Failure::from(CaseRefusal::Closed), closed);
        assert_eq!(
            Failure::from(CloseRefusal::Case(CaseRefusal::Closed)),
            closed
        );
        assert_eq!(
            Failure::from(ReferralRefusal::NotFound),
            Failure::Refused(Reason::Referral(ReferralRefusal::NotFound))
        );
        let stored: Outcome<()> = settled::<(), CaseRefusal>(Err(StoreError::Locked));
        assert_eq!(stored, Err(Failure::Store(StoreError::Locked)));
    }
}
