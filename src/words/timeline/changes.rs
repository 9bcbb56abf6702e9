//! The detail of a timeline event: what changed, one line each, in words. A field typed
//! about the person is named, never repeated; amounts, hours, dates of the path, statuses
//! and partners are said.

use serde_json::Value;

use super::TimelineChange;
use super::headline::{as_str, day, filled_fields, partner_of, status_word, str_of};
use crate::forms::amount::format_money_in;
use crate::i18n::{I18n, Msg};
use crate::service::cases::Names;
use crate::store::JournalEntry;
use crate::words::labels::{code_label, field_name, month_name};

fn line(field: Option<&str>, text: String) -> TimelineChange {
    TimelineChange {
        field: field.map(str::to_string),
        text,
    }
}

fn valued(i18n: &I18n, entity: &str, field: &str, value: String) -> TimelineChange {
    let label = field_name(entity, field, i18n);
    line(
        Some(field),
        i18n.msg(
            &Msg::new("case.change.value")
                .arg("field", label)
                .arg("value", value),
        ),
    )
}

/// The facts of a created record that are not about the person.
fn created_facts(e: &JournalEntry, names: &Names, i18n: &I18n) -> Vec<TimelineChange> {
    let v = e.new_value.as_ref();
    let en = e.entity.as_str();
    match en {
        "referral" => {
            let service = code_label("partner_services", str_of(v, "service"), i18n);
            vec![
                valued(i18n, en, "partner_id", partner_of(e, names, i18n)),
                valued(i18n, en, "service", service.to_string()),
            ]
        }
        "follow_up" => vec![
            valued(i18n, en, "due_on", day(str_of(v, "due_on"))),
            valued(
                i18n,
                en,
                "kind",
                code_label("follow_up_kinds", str_of(v, "kind"), i18n),
            ),
        ],
        "ledger" => {
            let cents = v
                .and_then(|v| v.get("cents"))
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let line_code = str_of(v, "line");
            let mut out = vec![
                valued(
                    i18n,
                    en,
                    "line",
                    crate::domain::programme::line_label(line_code, i18n.lang)
                        .unwrap_or_else(|| crate::words::labels::humanise(line_code)),
                ),
                valued(i18n, en, "cents", format_money_in(i18n.lang, cents)),
                valued(i18n, en, "on_date", day(str_of(v, "on_date"))),
            ];
            if let Some(m) = names.months.get(&e.entity_id) {
                out.push(valued(i18n, en, "month", month_name(m, i18n)));
            }
            out
        }
        "case" => Vec::new(),
        _ => filled_fields(v)
            .iter()
            .map(|f| {
                let label = field_name(en, f, i18n);
                line(
                    Some(f),
                    i18n.msg(&Msg::new("case.change.added").arg("field", label)),
                )
            })
            .collect(),
    }
}

/// The detail of one line that changed a field.
fn changed(e: &JournalEntry, i18n: &I18n) -> Vec<TimelineChange> {
    let en = e.entity.as_str();
    let field = e.field.as_deref().unwrap_or("");
    let v = e.new_value.as_ref();
    let status = |list: &str, code: &str| status_word(list, code, i18n);
    match (en, field) {
        ("referral", "status") => {
            let from = status("referral_status", as_str(e.old_value.as_ref()));
            let to = status("referral_status", as_str(v));
            vec![valued(i18n, en, field, format!("{from} → {to}"))]
        }
        ("internship", "status") => {
            let mut out = vec![
                valued(
                    i18n,
                    en,
                    field,
                    status("internship_status", str_of(v, "status")),
                ),
                valued(i18n, en, "on", day(str_of(v, "on"))),
            ];
            if !str_of(v, "reason").is_empty() {
                let label = field_name(en, "reason", i18n);
                out.push(line(
                    Some("reason"),
                    i18n.msg(&Msg::new("case.change.added").arg("field", label)),
                ));
            }
            out
        }
        ("internship", "extended") => {
            vec![valued(
                i18n,
                en,
                "planned_end_on",
                day(str_of(v, "planned_end_on")),
            )]
        }
        ("internship", "attendance") => {
            let n = |k: &str| {
                v.and_then(|v| v.get(k))
                    .and_then(Value::as_i64)
                    .unwrap_or(0)
            };
            let label = field_name(en, field, i18n);
            vec![line(
                Some(field),
                i18n.msg(
                    &Msg::new("case.change.hours")
                        .arg(
                            "field",
                            format!("{label} — {}", month_name(str_of(v, "month"), i18n)),
                        )
                        .arg("hours", n("hours"))
                        .arg("days", n("days_absent")),
                ),
            )]
        }
        ("case", "closed") => {
            let outcome = code_label("closure_outcomes", str_of(v, "outcome"), i18n);
            let mut out = vec![valued(i18n, "closure", "outcome", outcome.to_string())];
            let on = str_of(v, "outcome_on");
            if !on.is_empty() {
                out.push(valued(i18n, "closure", "outcome_on", day(on)));
            }
            out
        }
        ("follow_up", "outcome") => vec![valued(
            i18n,
            en,
            field,
            code_label("follow_up_outcomes", as_str(v), i18n),
        )],
        _ => {
            let key = match (&e.old_value, &e.new_value) {
                (None, Some(_)) => "case.change.added",
                (Some(_), None) => "case.change.removed",
                _ => "case.change.changed",
            };
            let label = field_name(en, field, i18n);
            vec![line(
                Some(field),
                i18n.msg(&Msg::new(key).arg("field", label)),
            )]
        }
    }
}

/// The detail of one save: what changed, one line each, in words (a fact the journal
/// left blank is not listed).
pub(super) fn changes(g: &[JournalEntry], names: &Names, i18n: &I18n) -> Vec<TimelineChange> {
    let blank = i18n.msg(
        &Msg::new("case.change.value")
            .arg("field", "")
            .arg("value", ""),
    );
    g.iter()
        .flat_map(|e| match e.field {
            None => created_facts(e, names, i18n),
            Some(_) => changed(e, i18n),
        })
        .filter(|c| !c.text.ends_with(blank.trim_start()))
        .collect()
}
