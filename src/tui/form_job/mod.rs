//! A form's job: what a form saves into, as data. The form screen holds one, a draft stores
//! it (serde, tagged by the form's id) and gives it back after a crash, and a route carries
//! it to the router. Adding a form that saves somewhere new is one variant here, one arm in
//! [`save`] and, when it offers run-time lists, one in [`lists`].

mod lists;
mod save;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::case::Step;
use crate::domain::money::OpKind;
use crate::domain::person::StoredPerson;
use crate::forms::{FieldPath, FormState};
use crate::i18n::I18n;
use crate::store::Draft;

pub use save::Saved;

/// What a form saves into. The tag is the form's id, so a job names its form.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum FormJob {
    /// A person: the one this intake creates or changes (its id allocated when a new intake
    /// opens, so a second Ctrl+S can never make a second person). `opened` is when the
    /// record being edited was last saved as this form opened it (`None`: a new person).
    Intake {
        person: Uuid,
        #[serde(default)]
        opened: Option<DateTime<Utc>>,
    },
    Orientation {
        case: Uuid,
        #[serde(skip)]
        opened: OpenedAt,
    },
    Assessment {
        case: Uuid,
        #[serde(skip)]
        opened: OpenedAt,
    },
    Closure {
        case: Uuid,
    },
    Reopen {
        case: Uuid,
    },
    ActionPlan {
        case: Uuid,
        #[serde(skip)]
        opened: OpenedAt,
    },
    Enrol {
        case: Uuid,
    },
    LedgerEntry {
        case: Uuid,
        #[serde(with = "op_kind")]
        kind: OpKind,
    },
    Programme {
        #[serde(default)]
        programme: Option<Uuid>,
        #[serde(skip)]
        opened: OpenedAt,
    },
    Referral {
        case: Uuid,
    },
    ReferralStatus {
        case: Uuid,
        referral: Uuid,
    },
    Partner {
        partner: Uuid,
        #[serde(skip)]
        opened: OpenedAt,
    },
    FollowUp {
        case: Uuid,
    },
    FollowUpOutcome {
        case: Uuid,
        follow_up: Uuid,
    },
    Internship {
        case: Uuid,
        internship: Uuid,
        #[serde(skip)]
        opened: OpenedAt,
    },
    InternshipStatus {
        case: Uuid,
        internship: Uuid,
    },
    InternshipExtend {
        case: Uuid,
        internship: Uuid,
    },
    Attendance {
        case: Uuid,
        internship: Uuid,
    },
    AllowancePayment {
        case: Uuid,
        internship: Uuid,
    },
    Backup,
}

/// When a form was opened, for the saves that refuse to go over someone else's later save:
/// the first refusal (`form.conflict`) moves it to now, so a second Ctrl+S saves
/// deliberately over the newer version. Not kept in drafts: a resumed form starts now.
#[derive(Debug, Clone, Copy)]
pub struct OpenedAt(DateTime<Utc>);

impl Default for OpenedAt {
    fn default() -> OpenedAt {
        OpenedAt(Utc::now())
    }
}

impl OpenedAt {
    /// Runs `save` with the time the form was opened.
    fn checked<T>(
        &mut self,
        save: impl FnOnce(DateTime<Utc>) -> crate::service::outcome::Outcome<T>,
    ) -> crate::service::outcome::Outcome<T> {
        let result = save(self.0);
        if let Err(f) = &result
            && f.is_conflict()
        {
            self.0 = Utc::now();
        }
        result
    }
}

mod op_kind {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::money::OpKind;

    pub fn serialize<S: Serializer>(k: &OpKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(k.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OpKind, D::Error> {
        let code = String::deserialize(d)?;
        OpKind::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown movement {code}")))
    }
}

impl FormJob {
    /// The id of the form this job saves.
    pub fn form(&self) -> String {
        match serde_json::to_value(self) {
            Ok(Value::Object(m)) => m
                .get("form")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            _ => String::new(),
        }
    }

    /// The step form of a case (orientation, assessment); `None` for other steps.
    pub fn step_form(case: Uuid, step: Step) -> Option<FormJob> {
        let opened = OpenedAt::default();
        match step {
            Step::Orientation => Some(FormJob::Orientation { case, opened }),
            Step::Assessment => Some(FormJob::Assessment { case, opened }),
            _ => None,
        }
    }

    /// A new intake: a person not saved yet, with their id allocated now.
    pub fn new_intake() -> FormJob {
        FormJob::Intake {
            person: Uuid::now_v7(),
            opened: None,
        }
    }

    /// The person a new intake creates: the duplicate check looks for them as typed.
    pub fn new_person(&self) -> Option<Uuid> {
        match self {
            FormJob::Intake {
                person,
                opened: None,
            } => Some(*person),
            _ => None,
        }
    }

    /// The record a draft of this job is about, when it is saved already.
    pub fn subject(&self) -> Option<Uuid> {
        match self {
            FormJob::Intake {
                person,
                opened: Some(_),
            } => Some(*person),
            _ => None,
        }
    }

    /// What a draft holds to give this job back.
    pub fn to_draft(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The job of a draft left by an earlier run. Drafts written before jobs were tagged
    /// hold the form's id beside their target, and a new intake's person as the draft's
    /// own id: both are filled in here. `Err` when the draft names nothing this build saves.
    pub fn from_draft(d: &Draft) -> Result<FormJob, String> {
        let mut target = match d.data.get("target") {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        target
            .entry("form")
            .or_insert_with(|| Value::String(d.form.clone()));
        if d.form == "intake" {
            let person = d.subject.unwrap_or(d.id);
            target
                .entry("person")
                .or_insert_with(|| Value::String(person.to_string()));
        }
        let job = FormJob::deserialize(Value::Object(target))
            .map_err(|e| format!("form {} cannot be resumed: {e}", d.form))?;
        if job.form() != d.form {
            return Err(format!("draft of {} holds a job of {}", d.form, job.form()));
        }
        Ok(job)
    }

    /// A draft's name in the recovery list: the names typed so far for a person, else the
    /// form's title; nothing when the draft cannot be read.
    pub fn draft_label(d: &Draft, today: NaiveDate, i18n: &I18n) -> String {
        let state = crate::forms::form(&d.form)
            .and_then(|spec| FormState::from_draft(spec, d.data.get("state")?, today).ok());
        match (state, FormJob::from_draft(d)) {
            (Some(state), Ok(job)) => job.label(&state, i18n),
            _ => String::new(),
        }
    }

    fn label(&self, state: &FormState, i18n: &I18n) -> String {
        if let FormJob::Intake { .. } = self {
            let get = |k: &str| state.text(&FieldPath::field(k)).trim().to_string();
            return format!("{} {}", get("surname").to_uppercase(), get("given_names"))
                .trim()
                .to_string();
        }
        state.spec().title.get(i18n.lang).to_string()
    }
}

/// What a route opens a form with: its job, the document that pre-fills it (editing, or a
/// proposal such as today's date), whether it makes something new even so, and text to hold
/// in some fields as if typed.
#[derive(Debug, Clone)]
pub struct FormOpen {
    pub job: FormJob,
    pub doc: Option<Map<String, Value>>,
    pub as_new: bool,
    /// Field ids and the text typed into them when the form opens.
    pub inputs: Vec<(String, String)>,
}

impl FormOpen {
    pub fn new(job: FormJob, doc: Option<Map<String, Value>>) -> FormOpen {
        FormOpen {
            job,
            doc,
            as_new: false,
            inputs: Vec::new(),
        }
    }

    /// A form that creates something even though `doc` pre-fills some of it.
    pub fn fresh(job: FormJob, doc: Option<Map<String, Value>>) -> FormOpen {
        FormOpen {
            job,
            doc,
            as_new: true,
            inputs: Vec::new(),
        }
    }

    /// A new intake holding what the register's search held (see
    /// [`crate::forms::prefill::intake_from_search`]).
    pub fn new_intake(query: &str) -> FormOpen {
        let mut f = FormOpen::new(FormJob::new_intake(), None);
        f.inputs = crate::forms::prefill::intake_from_search(query)
            .into_iter()
            .map(|(id, text)| (id.to_string(), text))
            .collect();
        f
    }

    /// The intake form editing a saved person.
    pub fn edit_person(p: &StoredPerson) -> FormOpen {
        let job = FormJob::Intake {
            person: p.record.id,
            opened: Some(p.updated_at),
        };
        FormOpen::new(job, Some(p.record.data.clone()))
    }
}

#[cfg(test)]
mod tests;
