//! A programme (PUOI, PUOI PLUS…): its total, its budget lines and its internship rules, as
//! data a desk loads and a coordinator edits — never constants in code. The shipped ones are
//! `assets/programmes/*.toml`, compiled in.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A text in both languages of the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    pub it: String,
    pub en: String,
}

impl Names {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::It => &self.it,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// The trainee's allowance, paid month by month.
    Allowance,
    /// The host company's contribution for tutoring.
    Tutoring,
    /// The labour-market operator's services.
    Services,
}

impl LineKind {
    pub fn code(self) -> &'static str {
        match self {
            LineKind::Allowance => "allowance",
            LineKind::Tutoring => "tutoring",
            LineKind::Services => "services",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Amounts in euros.
    #[default]
    Euro,
    /// Services counted in hours at `unit_cost_cents`.
    Hour,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeLine {
    pub code: String,
    pub kind: LineKind,
    pub label: Names,
    pub budget_cents: i64,
    #[serde(default)]
    pub unit: Unit,
    #[serde(default)]
    pub unit_cost_cents: Option<i64>,
    #[serde(default)]
    pub hours: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InternshipRules {
    pub months: u32,
    pub extendable_months: u32,
    pub weekly_hours: i64,
    pub monthly_allowance_cents: i64,
}

fn strict() -> bool {
    true
}

/// What the programme asks before money moves and an internship runs (its `[rules]` table).
/// A rule the file does not name is held at its strictest: a programme stored before the
/// rules existed refuses rather than pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpendingRules {
    /// Enrolment, commitments and payments need the PAI signed by the person.
    #[serde(default = "strict")]
    pub requires_signed_pai: bool,
    /// The trainee's allowance is paid month by month, against that month's attendance.
    #[serde(default = "strict")]
    pub allowance_needs_attendance: bool,
    /// Hours of preliminary services (paid on lines counted in hours) an internship needs
    /// before it can become active; 0 when the programme asks none.
    #[serde(default)]
    pub preliminary_hours: i64,
}

impl Default for SpendingRules {
    fn default() -> SpendingRules {
        SpendingRules {
            requires_signed_pai: true,
            allowance_needs_attendance: true,
            preliminary_hours: 0,
        }
    }
}

/// A rule of the programmes that a programme's figures break (said in the operator's words
/// by `words::failure`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Breach {
    EmptyCode,
    TotalNotPositive,
    NoLines,
    /// The line in this place (from 1) has no code.
    LineWithoutCode(usize),
    /// Two lines have this code.
    LineTwice(String),
    NegativeBudget(String),
    /// A line counted in hours (its code) without a cost per hour.
    HoursWithoutCost(String),
    InternshipWithoutAllowance,
    AllowanceWithoutInternship,
    /// An internship of no months, or with a negative allowance.
    MonthsNotPositive,
    NegativePreliminaryHours,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    pub code: String,
    pub name: Names,
    pub total_cents: i64,
    #[serde(default)]
    pub rules: SpendingRules,
    #[serde(default)]
    pub internship: Option<InternshipRules>,
    pub lines: Vec<ProgrammeLine>,
}

impl Programme {
    /// Parses and checks a programme file (the shipped ones; what is wrong goes to the log).
    pub fn from_toml(text: &str) -> Result<Programme, String> {
        let p: Programme = toml::from_str(text).map_err(|e| e.to_string())?;
        p.check().map_err(|bad| format!("{bad:?}"))?;
        Ok(p)
    }

    /// Every rule a programme must keep: what it breaks, in order.
    pub fn check(&self) -> Result<(), Vec<Breach>> {
        let mut bad = Vec::new();
        if self.code.trim().is_empty() {
            bad.push(Breach::EmptyCode);
        }
        if self.total_cents <= 0 {
            bad.push(Breach::TotalNotPositive);
        }
        if self.lines.is_empty() {
            bad.push(Breach::NoLines);
        }
        for (i, l) in self.lines.iter().enumerate() {
            if l.code.trim().is_empty() {
                bad.push(Breach::LineWithoutCode(i + 1));
            }
            if self.lines[..i].iter().any(|o| o.code == l.code) {
                bad.push(Breach::LineTwice(l.code.clone()));
            }
            if l.budget_cents < 0 {
                bad.push(Breach::NegativeBudget(l.code.clone()));
            }
            if l.unit == Unit::Hour && l.unit_cost_cents.is_none_or(|c| c <= 0) {
                bad.push(Breach::HoursWithoutCost(l.code.clone()));
            }
        }
        let allowance = self.lines.iter().any(|l| l.kind == LineKind::Allowance);
        match (&self.internship, allowance) {
            (Some(_), false) => bad.push(Breach::InternshipWithoutAllowance),
            (None, true) => bad.push(Breach::AllowanceWithoutInternship),
            (Some(r), true) if r.months == 0 || r.monthly_allowance_cents < 0 => {
                bad.push(Breach::MonthsNotPositive)
            }
            _ => {}
        }
        if self.rules.preliminary_hours < 0 {
            bad.push(Breach::NegativePreliminaryHours);
        }
        if bad.is_empty() { Ok(()) } else { Err(bad) }
    }

    pub fn line(&self, code: &str) -> Option<&ProgrammeLine> {
        self.lines.iter().find(|l| l.code == code)
    }

    /// The line the trainee's allowance is paid from.
    pub fn allowance_line(&self) -> Option<&ProgrammeLine> {
        self.lines.iter().find(|l| l.kind == LineKind::Allowance)
    }
}

const SHIPPED: &[&str] = &[
    include_str!("../../assets/programmes/puoi.toml"),
    include_str!("../../assets/programmes/puoi_plus.toml"),
];

/// The programmes shipped with the app, PUOI (the default) first. A broken file is logged
/// and left out.
pub fn shipped() -> Vec<Programme> {
    SHIPPED
        .iter()
        .filter_map(|t| match Programme::from_toml(t) {
            Ok(p) => Some(p),
            Err(e) => {
                tracing::error!("a shipped programme is broken: {e}");
                None
            }
        })
        .collect()
}

/// The label of a budget line code of the shipped programmes (the timeline names lines with
/// it; a line a coordinator added shows its code).
pub fn line_label(code: &str, lang: Lang) -> Option<String> {
    static ALL: std::sync::OnceLock<Vec<Programme>> = std::sync::OnceLock::new();
    ALL.get_or_init(shipped)
        .iter()
        .find_map(|p| p.line(code))
        .map(|l| l.label.get(lang).to_string())
}

#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)] // euros_cents
mod tests {
    use super::*;

    #[test]
    fn the_shipped_programmes_carry_the_published_figures() {
        let all = shipped();
        assert_eq!(all.len(), 2);
        let puoi = &all[0];
        assert_eq!(puoi.code, "puoi");
        assert_eq!(puoi.total_cents, 5_940_00);
        let sum: i64 = puoi.lines.iter().map(|l| l.budget_cents).sum();
        assert_eq!(sum, puoi.total_cents);
        let rules = puoi.internship.as_ref().unwrap();
        assert_eq!(
            i64::from(rules.months) * rules.monthly_allowance_cents,
            puoi.allowance_line().unwrap().budget_cents
        );
        assert_eq!(puoi.line("company_tutoring").unwrap().budget_cents, 600_00);
        assert_eq!(
            puoi.line("operator_services").unwrap().budget_cents,
            2_340_00
        );
        let plus = &all[1];
        assert_eq!(plus.total_cents, 6_781_42);
        assert_eq!(plus.allowance_line().unwrap().budget_cents, 3_375_00);
        assert_eq!(plus.line("company_tutoring").unwrap().budget_cents, 639_04);
        assert_eq!(
            plus.line("specialised_orientation").unwrap().hours,
            Some(16)
        );
        assert_eq!(plus.line("job_search").unwrap().hours, Some(36));
        for l in plus.lines.iter().filter(|l| l.unit == Unit::Hour) {
            let cost = crate::domain::money::cost_of_minutes(
                l.unit_cost_cents.unwrap(),
                l.hours.unwrap() * 60,
            );
            assert_eq!(cost, l.budget_cents, "{}", l.code);
        }
        let lines: i64 = plus.lines.iter().map(|l| l.budget_cents).sum();
        assert!(lines <= plus.total_cents);
        // The rules sit beside the figures, and the two calls differ.
        assert!(puoi.rules.requires_signed_pai && puoi.rules.allowance_needs_attendance);
        assert_eq!(puoi.rules.preliminary_hours, 0);
        assert!(plus.rules.requires_signed_pai && plus.rules.allowance_needs_attendance);
        assert_eq!(plus.rules.preliminary_hours, 20);
    }

    #[test]
    fn a_programme_without_rules_is_held_to_the_strictest() {
        let text = r#"
code = "x"
name = { it = "X", en = "X" }
total_cents = 100
[[lines]]
code = "a"
kind = "services"
label = { it = "A", en = "A" }
budget_cents = 100
"#;
        let p = Programme::from_toml(text).unwrap();
        assert_eq!(p.rules, SpendingRules::default());
        assert!(p.rules.requires_signed_pai);
        // A stored programme (JSON) from before the rules reads the same way.
        let mut json = serde_json::to_value(&p).unwrap();
        json.as_object_mut().unwrap().remove("rules");
        let back: Programme = serde_json::from_value(json).unwrap();
        assert!(back.rules.requires_signed_pai && back.rules.allowance_needs_attendance);
        let relaxed = Programme::from_toml(&text.replace(
            "[[lines]]",
            "[rules]\nrequires_signed_pai = false\npreliminary_hours = 5\n[[lines]]",
        ))
        .unwrap();
        assert!(!relaxed.rules.requires_signed_pai);
        assert!(relaxed.rules.allowance_needs_attendance);
        assert_eq!(relaxed.rules.preliminary_hours, 5);
        assert!(
            Programme::from_toml(&text.replace("[[lines]]", "[rules]\nno_such = true\n[[lines]]"))
                .is_err()
        );
    }

    #[test]
    fn a_broken_programme_says_everything_that_is_wrong() {
        let text = r#"
code = "x"
name = { it = "X", en = "X" }
total_cents = 0
[[lines]]
code = "a"
kind = "services"
label = { it = "A", en = "A" }
budget_cents = -1
unit = "hour"
[[lines]]
code = "a"
kind = "allowance"
label = { it = "A", en = "A" }
budget_cents = 1
"#;
        let p: Programme = toml::from_str(text).unwrap();
        assert_eq!(
            p.check(),
            Err(vec![
                Breach::TotalNotPositive,
                Breach::NegativeBudget("a".into()),
                Breach::HoursWithoutCost("a".into()),
                Breach::LineTwice("a".into()),
                Breach::AllowanceWithoutInternship,
            ])
        );
        assert!(Programme::from_toml(text).is_err());
        assert!(Programme::from_toml("code = 1").is_err());
    }
}
