//! Which internship form a key opens (set-up, state, extension, attendance, payment) and
//! the job each saves.

use uuid::Uuid;

use crate::tui::form_job::FormJob;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Edit,
    Status,
    Extend,
    Attendance,
    Pay,
}

impl Kind {
    /// The job of this form for internship `internship` of `case`.
    pub(super) fn job(self, case: Uuid, internship: Uuid) -> FormJob {
        match self {
            Kind::Edit => FormJob::Internship {
                case,
                internship,
                opened: Default::default(),
            },
            Kind::Status => FormJob::InternshipStatus { case, internship },
            Kind::Extend => FormJob::InternshipExtend { case, internship },
            Kind::Attendance => FormJob::Attendance { case, internship },
            Kind::Pay => FormJob::AllowancePayment { case, internship },
        }
    }
}
