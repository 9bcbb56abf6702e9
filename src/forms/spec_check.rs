//! The self-check of a form spec: what a typo in a TOML file would otherwise break at the
//! desk (a lookup that does not exist, a condition on a missing field, duplicated ids).

use std::collections::BTreeSet;

use super::condition::{Condition, Scalar, Test};
use super::spec::{Check, DatePrecision, FieldKind, FieldSpec, FormSpec, Label};
use crate::lookups;

impl FormSpec {
    /// Every problem found, as sentences for the developer; empty when the spec is sound.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !is_id(&self.id) {
            out.push(format!("bad form id `{}`", self.id));
        }
        label(&self.title, "form title", &mut out);
        if self.sections.is_empty() {
            out.push("no sections".into());
        }
        let mut section_ids = BTreeSet::new();
        let mut field_ids = BTreeSet::new();
        for s in &self.sections {
            if !is_id(&s.id) || !section_ids.insert(s.id.as_str()) {
                out.push(format!("section id `{}` is malformed or repeated", s.id));
            }
            label(&s.label, &s.id, &mut out);
            if s.fields.is_empty() {
                out.push(format!("section `{}` has no fields", s.id));
            }
            for f in &s.fields {
                if !field_ids.insert(f.id.as_str()) {
                    out.push(format!("field id `{}` is repeated", f.id));
                }
                self.field_problems(f, None, &mut out);
            }
        }
        out
    }

    fn field_problems(&self, f: &FieldSpec, group: Option<&FieldSpec>, out: &mut Vec<String>) {
        let name = match group {
            Some(g) => format!("{}.{}", g.id, f.id),
            None => f.id.clone(),
        };
        if !is_id(&f.id) {
            out.push(format!("bad field id `{name}`"));
        }
        label(&f.label, &name, out);
        if let Some(h) = &f.help {
            label(h, &name, out);
        }
        let choice = matches!(f.kind, FieldKind::Choice | FieldKind::MultiChoice);
        match (&f.lookup, choice) {
            (None, true) => out.push(format!("`{name}`: a choice needs a lookup")),
            (Some(l), true) if !l.starts_with('@') && !lookups::ids().any(|id| id == l) => {
                out.push(format!("`{name}`: no lookup `{l}`"));
            }
            (Some(_), false) => out.push(format!("`{name}`: only choices take a lookup")),
            _ => {}
        }
        if f.max_len.is_some() && (!f.kind.is_typed() || f.max_len == Some(0)) {
            out.push(format!(
                "`{name}`: max_len must be positive, on a typed field"
            ));
        }
        if f.max_rows.is_some() && (f.kind != FieldKind::Group || f.max_rows == Some(0)) {
            out.push(format!("`{name}`: max_rows must be positive, on a group"));
        }
        if f.precision != DatePrecision::Day && f.kind != FieldKind::Date {
            out.push(format!("`{name}`: precision only applies to dates"));
        }
        let numeric = matches!(f.kind, FieldKind::Number | FieldKind::Money);
        if (f.min.is_some() || f.max.is_some()) && !numeric {
            out.push(format!("`{name}`: min/max only apply to numbers and money"));
        }
        if let (Some(a), Some(b)) = (f.min, f.max)
            && a > b
        {
            out.push(format!("`{name}`: min is above max"));
        }
        match (f.kind, group) {
            (FieldKind::Group, Some(_)) => out.push(format!("`{name}`: groups do not nest")),
            (FieldKind::Group, None) => {
                if f.fields.is_empty() {
                    out.push(format!("`{name}`: a group needs sub-fields"));
                }
                let mut ids = BTreeSet::new();
                for sub in &f.fields {
                    if !ids.insert(sub.id.as_str()) {
                        out.push(format!("`{name}.{}` is repeated", sub.id));
                    }
                    self.field_problems(sub, Some(f), out);
                }
            }
            (_, _) if !f.fields.is_empty() => {
                out.push(format!("`{name}`: only groups have sub-fields"));
            }
            _ => {}
        }
        for check in &f.checks {
            self.check_problems(f, check, group, &name, out);
        }
        for c in f.required_when.iter().chain(&f.required_unless) {
            self.condition_problems(f, c, group, &name, out);
        }
    }

    fn check_problems(
        &self,
        f: &FieldSpec,
        check: &Check,
        group: Option<&FieldSpec>,
        name: &str,
        out: &mut Vec<String>,
    ) {
        let fits = match check {
            Check::NotFuture | Check::WarnIfPast => f.kind == FieldKind::Date,
            Check::NotBefore { field } => {
                let other = resolve(self, group, field).filter(|o| o.id != f.id);
                if !other.is_some_and(|o| o.kind == FieldKind::Date) {
                    out.push(format!(
                        "`{name}`: not_before names no other date `{field}`"
                    ));
                }
                f.kind == FieldKind::Date
            }
            Check::Phone | Check::Email | Check::TaxCode { .. } => f.kind == FieldKind::Text,
        };
        if !fits {
            out.push(format!(
                "`{name}`: check {} does not fit its kind",
                check.rule()
            ));
        }
        if let Check::TaxCode {
            birth_date,
            sex,
            birth_country,
        } = check
        {
            let links = [
                (birth_date, FieldKind::Date, None),
                (sex, FieldKind::Choice, Some("sex")),
                (birth_country, FieldKind::Choice, Some("countries")),
            ];
            for (id, kind, list) in links {
                let Some(id) = id else { continue };
                let ok = resolve(self, group, id)
                    .is_some_and(|t| t.kind == kind && t.lookup.as_deref() == list);
                if !ok {
                    out.push(format!(
                        "`{name}`: tax_code link `{id}` is not a {kind:?} field"
                    ));
                }
            }
        }
    }

    fn condition_problems(
        &self,
        f: &FieldSpec,
        c: &Condition,
        group: Option<&FieldSpec>,
        name: &str,
        out: &mut Vec<String>,
    ) {
        let Some(target) = resolve(self, group, &c.field).filter(|t| t.id != f.id) else {
            out.push(format!(
                "`{name}`: condition on unknown field `{}`",
                c.field
            ));
            return;
        };
        let known = |code: &str| match target.lookup.as_deref() {
            // A run-time list is not known when the form is checked.
            Some(l) if l.starts_with('@') => true,
            Some(l) => lookups::lookup(l).get(code).is_some(),
            None => true,
        };
        let ok = match &c.test {
            Test::Filled(_) => true,
            Test::Equals(Scalar::Bool(_)) => target.kind == FieldKind::YesNo,
            Test::Equals(Scalar::Int(_)) => target.kind == FieldKind::Number,
            Test::Equals(Scalar::Text(s)) => target.kind != FieldKind::YesNo && known(s),
            Test::In(list) => target.kind != FieldKind::YesNo && list.iter().all(|s| known(s)),
        };
        if !ok {
            out.push(format!("`{name}`: condition on `{}` cannot hold", c.field));
        }
    }
}

/// A field seen from `group`'s rows: a sibling sub-field first, then a top-level field.
fn resolve<'a>(
    spec: &'a FormSpec,
    group: Option<&'a FieldSpec>,
    id: &str,
) -> Option<&'a FieldSpec> {
    group.and_then(|g| g.sub(id)).or_else(|| spec.field(id))
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn label(l: &Label, whose: &str, out: &mut Vec<String>) {
    if l.it.trim().is_empty() || l.en.trim().is_empty() {
        out.push(format!("`{whose}`: a label is empty"));
    }
}
