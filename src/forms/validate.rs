//! Validation: every problem of a form's raw inputs, in form order, each tied to its field.
//! One field's problems never hide another's: every field is checked on its own.

use chrono::NaiveDate;

use super::amount::{format_money, parse_money, parse_number};
use super::checks::{self, Lookup, TaxLinks};
use super::dates::{self, DateValue};
use super::issue::{FieldPath, Issue};
use super::spec::{Check, FieldKind, FieldSpec, FormSpec};
use super::value::{FieldInput, Row, Values, row_is_empty};
use crate::domain::date::{DateError, format_date};
use crate::i18n::Msg;
use crate::lookups::{Lookups, resolve};

/// Field lookups for conditions and linked checks: a row's siblings first, then the form.
struct Scope<'a> {
    values: &'a Values,
    row: Option<&'a Row>,
    lookups: &'a Lookups,
}

impl Lookup for Scope<'_> {
    fn input(&self, id: &str) -> Option<&FieldInput> {
        self.row
            .and_then(|r| r.get(id))
            .or_else(|| self.values.get(id))
    }
}

/// Whether `field` must be filled given the other inputs (`row`: the row it sits in, for a
/// group's sub-field).
pub fn is_required(field: &FieldSpec, values: &Values, row: Option<&Row>) -> bool {
    let lookups = Lookups::new();
    let scope = Scope {
        values,
        row,
        lookups: &lookups,
    };
    let holds = |c: &super::condition::Condition| c.holds(scope.input(&c.field));
    let when = field.required_when.iter().any(holds);
    let unless = field.required_unless.iter().any(holds);
    let base = field.required
        || when
        || (field.required_when.is_empty() && !field.required_unless.is_empty());
    base && !unless
}

/// Every issue of `values` against `spec`, in form order (section, field, row, sub-field).
pub fn validate(spec: &FormSpec, values: &Values, today: NaiveDate) -> Vec<Issue> {
    validate_with(spec, values, today, &Lookups::new())
}

/// [`validate`], with the run-time choice lists the form's `@` fields name: a code not in a
/// supplied list is an error; a list not supplied is not checked.
pub fn validate_with(
    spec: &FormSpec,
    values: &Values,
    today: NaiveDate,
    lookups: &Lookups,
) -> Vec<Issue> {
    let mut out = Vec::new();
    for field in spec.fields() {
        let empty = FieldInput::empty(field.kind);
        let input = values.get(&field.id).unwrap_or(&empty);
        let path = FieldPath::field(&field.id);
        let scope = Scope {
            values,
            row: None,
            lookups,
        };
        check_field(field, input, &scope, today, &path, &mut out);
        if let (FieldKind::Group, FieldInput::Group(rows)) = (field.kind, input) {
            // Rows past the group's limit are not looked into: the limit's issue says enough.
            for (i, row) in rows.iter().enumerate().take(field.row_limit()) {
                // A row left entirely empty is dropped on save: nothing to report.
                if row_is_empty(row) {
                    continue;
                }
                let scope = Scope {
                    values,
                    row: Some(row),
                    lookups,
                };
                for sub in &field.fields {
                    let empty = FieldInput::empty(sub.kind);
                    let input = row.get(&sub.id).unwrap_or(&empty);
                    let path = FieldPath::cell(&field.id, i, &sub.id);
                    check_field(sub, input, &scope, today, &path, &mut out);
                }
            }
        }
    }
    out
}

/// The issues of one field's own value (a group's rows are checked by the caller).
fn check_field(
    field: &FieldSpec,
    input: &FieldInput,
    scope: &Scope,
    today: NaiveDate,
    path: &FieldPath,
    out: &mut Vec<Issue>,
) {
    if input.is_empty() {
        if is_required(field, scope.values, scope.row) {
            out.push(Issue::error(path.clone(), Msg::new("forms.required")));
        }
        return;
    }
    let err = |msg: Msg| Issue::error(path.clone(), msg);
    let error = |key: &str| err(Msg::new(key));
    if let FieldInput::Text(t) = input {
        let limit = field.limit();
        if limit > 0 && t.chars().nth(limit).is_some() {
            out.push(err(Msg::new("forms.too_long").arg("max", limit)));
            return;
        }
        // What the keyboard cannot type is refused here too, so that a file or an old record
        // is held to the form's rule: no control characters (a new line only in long text).
        let newline_ok = field.kind == FieldKind::LongText;
        if t.chars()
            .any(|c| c.is_control() && !(newline_ok && c == '\n'))
        {
            out.push(error("forms.input.control_char"));
            return;
        }
    }
    if let FieldInput::Group(rows) = input {
        let filled = rows.iter().filter(|r| !row_is_empty(r)).count();
        if filled > field.row_limit() {
            let msg = Msg::new("forms.input.too_many_rows").arg("max", field.row_limit());
            out.push(err(msg));
        }
    }
    match (field.kind, input) {
        (FieldKind::Text | FieldKind::LongText, FieldInput::Text(t)) => {
            for check in &field.checks {
                match check {
                    Check::Phone if !checks::phone_ok(t) => out.push(error("forms.phone")),
                    Check::Email if !checks::email_ok(t) => out.push(error("forms.email")),
                    Check::TaxCode {
                        birth_date,
                        sex,
                        birth_country,
                    } => {
                        let links = TaxLinks {
                            birth_date: birth_date.as_deref(),
                            sex: sex.as_deref(),
                            birth_country: birth_country.as_deref(),
                        };
                        out.extend(checks::tax_code(t, &links, scope, path));
                    }
                    _ => {}
                }
            }
        }
        (FieldKind::Date, FieldInput::Text(t)) => match dates::parse(field, t) {
            Err(e) => {
                let mut msg = Msg::new(e.message_key());
                if let DateError::Impossible { .. } = e {
                    msg = msg.arg("date", t.trim());
                }
                out.push(Issue::error(path.clone(), msg));
            }
            Ok(d) => date_checks(field, d, scope, today, path, out),
        },
        (FieldKind::Number, FieldInput::Text(t)) => match parse_number(t) {
            None => out.push(error("forms.number.invalid")),
            Some(n) => bounds(field, n, 1, "forms.number", path, out, |v| v.to_string()),
        },
        (FieldKind::Money, FieldInput::Text(t)) => match parse_money(t) {
            None => out.push(error("forms.money.invalid")),
            Some(c) => bounds(field, c, 100, "forms.money", path, out, format_money),
        },
        (
            FieldKind::Choice | FieldKind::MultiChoice,
            FieldInput::Choice(_) | FieldInput::Multi(_),
        ) => {
            let codes: Vec<&String> = match input {
                FieldInput::Choice(c) => c.iter().collect(),
                FieldInput::Multi(v) => v.iter().collect(),
                _ => Vec::new(),
            };
            if let Some(list) = field
                .lookup
                .as_deref()
                .and_then(|l| resolve(l, scope.lookups))
            {
                for code in codes.into_iter().filter(|c| list.get(c).is_none()) {
                    out.push(err(Msg::new("forms.choice.unknown").arg("code", code)));
                }
            }
        }
        _ => {}
    }
}

/// The checks of a date that parsed.
fn date_checks(
    field: &FieldSpec,
    d: DateValue,
    scope: &Scope,
    today: NaiveDate,
    path: &FieldPath,
    out: &mut Vec<Issue>,
) {
    let error = |key: &str| Issue::error(path.clone(), Msg::new(key));
    for check in &field.checks {
        match check {
            Check::NotFuture if dates::future(d, today) => out.push(error("forms.date.future")),
            Check::WarnIfPast if dates::past(d, today) => {
                out.push(Issue::warning(path.clone(), Msg::new("forms.date.past")))
            }
            Check::NotBefore { field: other } => {
                let Some(o) = scope.input(other).and_then(|i| dates::parse_any(i.text())) else {
                    continue;
                };
                if dates::before(d, o) {
                    let shown = match o {
                        DateValue::Day(day) => format_date(day),
                        DateValue::Year(y) => y.to_string(),
                    };
                    let msg = Msg::new("forms.input.date_before").arg("date", shown);
                    out.push(Issue::error(path.clone(), msg));
                }
            }
            _ => {}
        }
    }
}

/// `min`/`max` of a number (`unit` 1) or an amount in cents (`unit` 100, bounds in euros).
fn bounds(
    field: &FieldSpec,
    value: i64,
    unit: i64,
    prefix: &str,
    path: &FieldPath,
    out: &mut Vec<Issue>,
    show: fn(i64) -> String,
) {
    let scaled = |b: i64| b.saturating_mul(unit);
    if let Some(min) = field.min.map(scaled).filter(|m| value < *m) {
        let msg = Msg::new(format!("{prefix}.min")).arg("min", show(min));
        out.push(Issue::error(path.clone(), msg));
    }
    if let Some(max) = field.max.map(scaled).filter(|m| value > *m) {
        let msg = Msg::new(format!("{prefix}.max")).arg("max", show(max));
        out.push(Issue::error(path.clone(), msg));
    }
}
