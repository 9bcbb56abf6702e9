//! A form described as data: sections of fields, each with a kind, labels in both languages,
//! whether it is required (always or under conditions) and the checks its value must pass.
//!
//! The TOML shape (see `assets/forms/intake.toml`):
//! ```toml
//! id = "intake"
//! version = 1
//! title = { it = "Accoglienza", en = "Intake" }
//! [[sections]]
//! id = "identity"
//! label = { it = "Identità", en = "Identity" }
//! [[sections.fields]]
//! id = "birth_date"
//! kind = "date"
//! label = { it = "Data di nascita", en = "Date of birth" }
//! required = true
//! checks = ["not_future"]
//! ```

use serde::Deserialize;

use super::condition::Condition;
use crate::i18n::Lang;

/// A text in both languages of the desk.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub it: String,
    pub en: String,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
        }
    }
}

/// What a field holds and how it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines of free text (notes).
    LongText,
    /// A date typed as `dd/mm/yyyy` (other shapes accepted), stored `YYYY-MM-DD`.
    Date,
    /// One code from a lookup.
    Choice,
    /// Any number of codes from a lookup.
    MultiChoice,
    /// A whole number.
    Number,
    /// An amount in euros, stored in integer cents.
    Money,
    /// Yes, no, or not answered.
    YesNo,
    /// A repeated group of sub-fields (rows).
    Group,
}

impl FieldKind {
    /// True for the kinds the operator types as text (the focused one has a cursor).
    pub fn is_typed(self) -> bool {
        matches!(
            self,
            FieldKind::Text
                | FieldKind::LongText
                | FieldKind::Date
                | FieldKind::Number
                | FieldKind::Money
        )
    }

    /// The most rows a repeated group holds when the spec says nothing: a person has a few
    /// name variants, jobs or certificates, never thousands.
    pub const DEFAULT_MAX_ROWS: usize = 50;

    /// The longest text a field of this kind accepts when the spec says nothing.
    pub fn default_max_len(self) -> usize {
        match self {
            FieldKind::Text => 200,
            FieldKind::LongText => 4000,
            FieldKind::Date | FieldKind::Number | FieldKind::Money => 32,
            FieldKind::Choice | FieldKind::MultiChoice | FieldKind::YesNo | FieldKind::Group => 0,
        }
    }
}

/// How much of a date a date field needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// A whole date (day, month, year).
    #[default]
    Day,
    /// A year alone is enough (`2019`); a whole date is accepted too. For the dates of past
    /// jobs, which people remember by the year.
    Year,
}

/// A rule a field's value must pass beyond its kind.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawCheck")]
pub enum Check {
    /// Dates: an error when after today (birth dates, application dates).
    NotFuture,
    /// Dates: a warning when before today (expiry dates).
    WarnIfPast,
    /// Italian tax code: an error when malformed, a warning when it disagrees with the birth
    /// date, sex or birth country held in the fields named here.
    TaxCode {
        birth_date: Option<String>,
        sex: Option<String>,
        birth_country: Option<String>,
    },
    /// Dates: an error when before the date in field `field` (a sibling in a group row
    /// first): arrival before birth, a job ending before it began.
    NotBefore { field: String },
    /// Phone numbers: digits and spaces, an optional leading `+`, at least 6 digits.
    Phone,
    /// E-mail addresses.
    Email,
}

impl Check {
    /// The name used in the TOML file.
    pub fn rule(&self) -> &'static str {
        match self {
            Check::NotFuture => "not_future",
            Check::WarnIfPast => "warn_if_past",
            Check::TaxCode { .. } => "tax_code",
            Check::NotBefore { .. } => "not_before",
            Check::Phone => "phone",
            Check::Email => "email",
        }
    }
}

/// A check as written: a bare name (`"not_future"`) or a table with `rule` and its links.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawCheck {
    Name(String),
    Table(CheckTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckTable {
    rule: String,
    birth_date: Option<String>,
    sex: Option<String>,
    birth_country: Option<String>,
    field: Option<String>,
}

impl TryFrom<RawCheck> for Check {
    type Error = String;

    fn try_from(raw: RawCheck) -> Result<Check, String> {
        let t = match raw {
            RawCheck::Name(rule) => CheckTable {
                rule,
                birth_date: None,
                sex: None,
                birth_country: None,
                field: None,
            },
            RawCheck::Table(t) => t,
        };
        let links = t.birth_date.is_some() || t.sex.is_some() || t.birth_country.is_some();
        if t.rule == "not_before" {
            return match (t.field, links) {
                (Some(field), false) => Ok(Check::NotBefore { field }),
                _ => Err("check `not_before` takes one `field`".into()),
            };
        }
        if t.field.is_some() {
            return Err(format!("check `{}` takes no `field`", t.rule));
        }
        let check = match t.rule.as_str() {
            "not_future" => Check::NotFuture,
            "warn_if_past" => Check::WarnIfPast,
            "phone" => Check::Phone,
            "email" => Check::Email,
            "tax_code" => {
                return Ok(Check::TaxCode {
                    birth_date: t.birth_date,
                    sex: t.sex,
                    birth_country: t.birth_country,
                });
            }
            other => return Err(format!("unknown check `{other}`")),
        };
        if links {
            return Err(format!("check `{}` takes no linked fields", t.rule));
        }
        Ok(check)
    }
}

/// One condition or a list of them, as the TOML file prefers.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Condition),
    Many(Vec<Condition>),
}

fn conditions<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Condition>, D::Error> {
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(c) => vec![c],
        OneOrMany::Many(v) => v,
    })
}

/// One field of a form, or one sub-field of a repeated group.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub id: String,
    pub label: Label,
    pub kind: FieldKind,
    /// Always required (for a group: at least one row).
    #[serde(default)]
    pub required: bool,
    /// Required when any of these holds.
    #[serde(default, deserialize_with = "conditions")]
    pub required_when: Vec<Condition>,
    /// Required unless one of these holds (a field with only this is otherwise required).
    #[serde(default, deserialize_with = "conditions")]
    pub required_unless: Vec<Condition>,
    /// A hint shown beside the field.
    #[serde(default)]
    pub help: Option<Label>,
    /// The lookup (`assets/lookups/<id>.toml`) that choices come from.
    #[serde(default)]
    pub lookup: Option<String>,
    /// The longest text accepted; see [`FieldSpec::limit`] for the default.
    #[serde(default)]
    pub max_len: Option<usize>,
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Sub-fields of a repeated group.
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
    /// Numbers: the smallest value accepted (money: in whole euros).
    #[serde(default)]
    pub min: Option<i64>,
    /// Numbers: the largest value accepted (money: in whole euros).
    #[serde(default)]
    pub max: Option<i64>,
    /// Groups: the most rows accepted; see [`FieldSpec::row_limit`] for the default.
    #[serde(default)]
    pub max_rows: Option<usize>,
    /// Dates: how much of the date is needed.
    #[serde(default)]
    pub precision: DatePrecision,
}

impl FieldSpec {
    /// The longest text the field takes, in characters.
    pub fn limit(&self) -> usize {
        self.max_len.unwrap_or_else(|| self.kind.default_max_len())
    }

    /// The most rows the group takes (the form and the command line both refuse more).
    pub fn row_limit(&self) -> usize {
        self.max_rows.unwrap_or(FieldKind::DEFAULT_MAX_ROWS)
    }

    /// The sub-field `id` of a group.
    pub fn sub(&self, id: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.id == id)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub id: String,
    pub label: Label,
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSpec {
    pub id: String,
    /// Bumped when fields change meaning; drafts record it.
    pub version: u32,
    pub title: Label,
    pub sections: Vec<SectionSpec>,
}

impl FormSpec {
    /// Parses a form and runs its self-check (see [`FormSpec::problems`]).
    pub fn from_toml(text: &str) -> Result<FormSpec, String> {
        let spec: FormSpec = toml::from_str(text).map_err(|e| e.to_string())?;
        let problems = spec.problems();
        if problems.is_empty() {
            Ok(spec)
        } else {
            Err(format!("form {}: {}", spec.id, problems.join("; ")))
        }
    }

    /// Every top-level field in form order.
    pub fn fields(&self) -> impl Iterator<Item = &FieldSpec> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    /// The top-level field `id`.
    pub fn field(&self, id: &str) -> Option<&FieldSpec> {
        self.fields().find(|f| f.id == id)
    }

    /// The index of the section holding top-level field `id`.
    pub fn section_of(&self, id: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.fields.iter().any(|f| f.id == id))
    }
}
