//! Who may be the same person as the one being registered: candidates found by the name
//! keys, the tax code or a phone (`store::duplicates`) are scored here with the names'
//! likeness, the birth date and the sex, each match saying why. Nothing is ever merged
//! automatically: the operator decides.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::names;
use super::person::{PersonSummary, Sex};

/// What is typed so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Probe {
    pub surname: String,
    pub given: String,
    pub birth: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub tax_code: Option<String>,
    pub phones: Vec<String>,
}

impl Probe {
    fn full_name(&self) -> String {
        format!("{} {}", self.surname, self.given)
    }

    /// Whether there is enough to look for anyone.
    pub fn is_empty(&self) -> bool {
        self.full_name().trim().chars().count() < 2
            && self.tax_code.as_deref().is_none_or(|t| t.trim().is_empty())
            && self.phones.iter().all(|p| p.trim().is_empty())
    }
}

/// A person found in a block, with what the score needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub summary: PersonSummary,
    /// Every variant as (surname, given names).
    pub names: Vec<(String, String)>,
    pub sex: Option<Sex>,
    /// Current and past tax codes, upper-case letters and digits.
    pub tax_codes: Vec<String>,
    /// Phones as digits.
    pub phones: Vec<String>,
}

/// Why a candidate is shown, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    SameTaxCode,
    SamePhone,
    SameName,
    NameAlike,
    SameBirthDate,
    SameBirthYear,
    OtherBirthDate,
    OtherSex,
}

impl Reason {
    /// The catalogue key of the reason's words.
    pub fn key(self) -> &'static str {
        match self {
            Reason::SameTaxCode => "dupes.reason.same_tax_code",
            Reason::SamePhone => "dupes.reason.same_phone",
            Reason::SameName => "dupes.reason.same_name",
            Reason::NameAlike => "dupes.reason.name_alike",
            Reason::SameBirthDate => "dupes.reason.same_birth_date",
            Reason::SameBirthYear => "dupes.reason.same_birth_year",
            Reason::OtherBirthDate => "dupes.reason.other_birth_date",
            Reason::OtherSex => "dupes.reason.other_sex",
        }
    }
}

/// A possible duplicate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    pub person: PersonSummary,
    /// Higher is likelier; comparable between matches of one probe only.
    pub score: i32,
    pub reasons: Vec<Reason>,
}

/// Names at least this alike are shown on their own (with the birth date and sex adjusting
/// the rank); below it only a same tax code or phone brings a candidate in.
pub const NAME_THRESHOLD: f64 = 0.82;

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// The national number: the last 9 digits at most (with or without +39 / 0039).
fn national(phone: &str) -> String {
    let d = digits(phone);
    let n = d.len();
    d[n.saturating_sub(9)..].to_string()
}

fn upper_alnum(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Scores one candidate; None when it is not worth showing.
pub fn score(probe: &Probe, c: &Candidate) -> Option<Match> {
    let mut reasons = Vec::new();
    let mut score = 0;
    let tax = probe
        .tax_code
        .as_deref()
        .map(upper_alnum)
        .unwrap_or_default();
    if tax.len() >= 11 && c.tax_codes.iter().any(|t| upper_alnum(t) == tax) {
        reasons.push(Reason::SameTaxCode);
        score += 200;
    }
    let phones: Vec<String> = probe
        .phones
        .iter()
        .map(|p| national(p))
        .filter(|p| p.len() >= 6)
        .collect();
    if c.phones.iter().any(|p| phones.contains(&national(p))) {
        reasons.push(Reason::SamePhone);
        score += 60;
    }
    let full = probe.full_name();
    let likeness = c
        .names
        .iter()
        .map(|(s, g)| names::similarity(&full, &format!("{s} {g}")))
        .fold(0.0, f64::max);
    let strong = !reasons.is_empty();
    if likeness < NAME_THRESHOLD && !strong {
        return None;
    }
    if likeness >= 0.999 {
        reasons.push(Reason::SameName);
    } else if likeness >= NAME_THRESHOLD {
        reasons.push(Reason::NameAlike);
    }
    score += (likeness * 100.0).round() as i32;
    if let (Some(a), Some(b)) = (probe.birth, c.summary.birth_date) {
        if a == b {
            reasons.push(Reason::SameBirthDate);
            score += 30;
        } else if a.year() == b.year() {
            reasons.push(Reason::SameBirthYear);
        } else {
            reasons.push(Reason::OtherBirthDate);
            score -= 40;
        }
    }
    if let (Some(a), Some(b)) = (probe.sex, c.sex)
        && a != b
    {
        reasons.push(Reason::OtherSex);
        score -= 30;
    }
    Some(Match {
        person: c.summary.clone(),
        score,
        reasons,
    })
}

/// The candidates worth showing, likeliest first (ties: the most recently active first, the
/// order the candidates came in).
pub fn rank(probe: &Probe, candidates: &[Candidate]) -> Vec<Match> {
    let mut v: Vec<Match> = candidates.iter().filter_map(|c| score(probe, c)).collect();
    v.sort_by_key(|m| std::cmp::Reverse(m.score));
    v
}

#[cfg(test)]
#[path = "duplicates_tests.rs"]
mod tests;
