//! The headline of a timeline event, from the journal lines of one save, and the words
//! its detail shares (dates, statuses, partners, a created record's fields). Values typed
//! about the person are never repeated; amounts, hours, dates of the path, statuses and
//! partners are.

use serde_json::Value;

use crate::domain::date::{format_date, parse_date};
use crate::forms::amount::format_money_in;
use crate::i18n::{I18n, Msg};
use crate::service::cases::Names;
use crate::store::JournalEntry;
use crate::words::labels::{code_label, entity_name, field_name, form_of, form_title, month_name};

pub(super) fn str_of<'a>(v: Option<&'a Value>, key: &str) -> &'a str {
    v.and_then(|v| v.get(key))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The catalogue's word for a status code (`case.<list>.<code>`); an unknown code in words.
pub(super) fn status_word(list: &str, code: &str, i18n: &I18n) -> String {
    let key = format!("case.{list}.{code}");
    match i18n.t(&key) {
        t if t == key => crate::words::labels::humanise(code),
        t => t.to_string(),
    }
}

pub(super) fn as_str(v: Option<&Value>) -> &str {
    v.and_then(Value::as_str).unwrap_or("")
}

/// A `YYYY-MM-DD` of the journal as the desk writes dates.
pub(super) fn day(text: &str) -> String {
    parse_date(text)
        .map(format_date)
        .unwrap_or_else(|_| text.to_string())
}

/// What a record is called in a headline: the form it is saved with, else its name.
fn record_name(entity: &str, i18n: &I18n) -> String {
    form_of(entity)
        .and_then(|f| form_title(f, i18n))
        .unwrap_or_else(|| entity_name(entity, i18n))
}

pub(super) fn partner_of(e: &JournalEntry, names: &Names, i18n: &I18n) -> String {
    names
        .referrals
        .get(&e.entity_id)
        .map(|(p, _)| crate::text::sanitize(p).into_owned())
        .unwrap_or_else(|| i18n.t("case.event.somewhere").to_string())
}

fn host_of(e: &JournalEntry, names: &Names, i18n: &I18n) -> String {
    names
        .hosts
        .get(&e.entity_id)
        .map(|h| crate::text::sanitize(h).into_owned())
        .unwrap_or_else(|| i18n.t("case.event.somewhere").to_string())
}

fn money(e: &JournalEntry, names: &Names, i18n: &I18n) -> Msg {
    let v = e.new_value.as_ref();
    let kind = str_of(v, "kind");
    let line = str_of(v, "line");
    let cents = v
        .and_then(|v| v.get("cents"))
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let amount = format_money_in(i18n.lang, cents);
    if let (Some(month), "pay") = (names.months.get(&e.entity_id), kind) {
        return Msg::new("case.event.paid_month")
            .arg("month", month_name(month, i18n))
            .arg("amount", amount);
    }
    let label = crate::domain::programme::line_label(line, i18n.lang)
        .unwrap_or_else(|| crate::words::labels::humanise(line));
    Msg::new("case.event.money")
        .arg("kind", i18n.t(&format!("plan.kind.{kind}")))
        .arg("amount", amount)
        .arg("line", label)
}

/// The fields a created record was saved with: its form's document (`data`) when it has
/// one (a person's columns repeat what the intake form holds), else its object's keys.
pub(super) fn filled_fields(v: Option<&Value>) -> Vec<String> {
    let Some(Value::Object(outer)) = v else {
        return Vec::new();
    };
    let m = match outer.get("data") {
        Some(Value::Object(d)) if !d.is_empty() => d,
        _ => outer,
    };
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    let mut out = Vec::new();
    for (k, v) in m {
        match (k.as_str(), v) {
            ("id", _) | ("data", _) => {}
            _ if !empty(v) => out.push(k.clone()),
            _ => {}
        }
    }
    out
}

/// The headline of a record created in one line.
fn created(e: &JournalEntry, names: &Names, i18n: &I18n) -> Msg {
    let v = e.new_value.as_ref();
    match e.entity.as_str() {
        "case" => Msg::new("case.event.opened"),
        "person" => Msg::new("case.event.registered")
            .arg("form", record_name("person", i18n))
            .arg("n", filled_fields(v).len()),
        "referral" => {
            let service = names
                .referrals
                .get(&e.entity_id)
                .map(|(_, s)| s.as_str())
                .unwrap_or_else(|| str_of(v, "service"));
            Msg::new("case.event.referral_new")
                .arg("partner", partner_of(e, names, i18n))
                .arg("service", code_label("partner_services", service, i18n))
        }
        "internship" => {
            Msg::new("case.event.internship_saved").arg("host", host_of(e, names, i18n))
        }
        "follow_up" => Msg::new("case.event.follow_up_new")
            .arg("date", day(str_of(v, "due_on")))
            .arg(
                "kind",
                code_label("follow_up_kinds", str_of(v, "kind"), i18n),
            ),
        "ledger" => money(e, names, i18n),
        other => match (form_of(other), filled_fields(v).len()) {
            (Some(_), n) if n > 0 => Msg::new("case.event.form_new")
                .arg("form", record_name(other, i18n))
                .arg("n", n)
                .arg("field", ""),
            _ => Msg::new("case.event.created").arg("what", entity_name(other, i18n)),
        },
    }
}

/// The headline of one line that changed one field, when the field says more than
/// "changed".
fn special(e: &JournalEntry, names: &Names, i18n: &I18n) -> Option<Msg> {
    let v = e.new_value.as_ref();
    let field = e.field.as_deref()?;
    let msg = match (e.entity.as_str(), field) {
        ("case", "closed") => {
            let outcome = code_label("closure_outcomes", str_of(v, "outcome"), i18n);
            Msg::new("case.event.closed").arg("outcome", outcome)
        }
        ("case", "reopened") => Msg::new("case.event.reopened")
            .arg("reason", crate::text::sanitize(str_of(v, "reason"))),
        ("case", "programme") => {
            let code = as_str(v);
            let name = names
                .programmes
                .get(code)
                .map(|n| n.get(i18n.lang).to_string())
                .unwrap_or_else(|| crate::words::labels::programme_name(code, i18n));
            Msg::new("case.event.programme").arg("programme", name)
        }
        ("case", "operator") => {
            Msg::new("case.event.operator").arg("operator", crate::text::sanitize(as_str(v)))
        }
        ("referral", "status") => Msg::new("case.event.referral_status")
            .arg("partner", partner_of(e, names, i18n))
            .arg("status", status_word("referral_status", as_str(v), i18n)),
        ("internship", "status") => Msg::new("case.event.internship_status")
            .arg("host", host_of(e, names, i18n))
            .arg(
                "status",
                status_word("internship_status", str_of(v, "status"), i18n),
            ),
        ("internship", "extended") => Msg::new("case.event.internship_extended")
            .arg("host", host_of(e, names, i18n))
            .arg("date", day(str_of(v, "planned_end_on"))),
        ("internship", "attendance") => {
            let hours = v
                .and_then(|v| v.get("hours"))
                .and_then(Value::as_i64)
                .unwrap_or(0);
            Msg::new("case.event.attendance")
                .arg("month", month_name(str_of(v, "month"), i18n))
                .arg("hours", hours)
        }
        ("follow_up", "outcome") => Msg::new("case.event.follow_up_done")
            .arg("outcome", code_label("follow_up_outcomes", as_str(v), i18n)),
        ("person", "erased") => Msg::new("case.event.erased"),
        ("person", "deleted_at") => Msg::new("case.event.restored"),
        _ => return None,
    };
    Some(msg)
}

/// The headline of one save.
pub(super) fn headline(g: &[JournalEntry], names: &Names, i18n: &I18n) -> String {
    let Some(first) = g.first() else {
        return String::new();
    };
    if first.field.is_none() {
        return i18n.msg(&created(first, names, i18n));
    }
    if let Some(m) = special(first, names, i18n) {
        return i18n.msg(&m);
    }
    let form = record_name(&first.entity, i18n);
    let all_new = g.iter().all(|e| e.old_value.is_none());
    let key = match (all_new, g.len()) {
        (true, 1) => "case.event.form_new_field",
        (true, _) => "case.event.form_new",
        (false, 1) => "case.event.form_changed_field",
        (false, _) => "case.event.form_changed",
    };
    let field = field_name(&first.entity, first.field.as_deref().unwrap_or(""), i18n);
    i18n.msg(
        &Msg::new(key)
            .arg("form", form)
            .arg("n", g.len())
            .arg("field", field),
    )
}

/// The words of one journal line alone (the detail of an event says the same, field by
/// field).
pub fn timeline_text(e: &JournalEntry, i18n: &I18n) -> String {
    headline(std::slice::from_ref(e), &Names::default(), i18n)
}
