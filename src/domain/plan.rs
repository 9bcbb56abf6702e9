//! The Individual Action Plan (PAI): its actions as the agenda and the plan screen read them,
//! projected from the plan's document (`assets/forms/action_plan.toml`).

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

/// One action of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanAction {
    pub kind: String,
    pub title: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub status: String,
}

/// Statuses of an action still to be done.
pub const OPEN_STATUSES: [&str; 2] = ["planned", "in_progress"];

impl PlanAction {
    /// Still to be done and past its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        OPEN_STATUSES.contains(&self.status.as_str()) && self.due_on.is_some_and(|d| d < today)
    }
}

fn text(doc: &Map<String, Value>, key: &str) -> String {
    doc.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default()
        .to_string()
}

fn date(doc: &Map<String, Value>, key: &str) -> Option<NaiveDate> {
    doc.get(key)
        .and_then(Value::as_str)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// The actions of a plan document, in the order the operator gave them.
pub fn actions(doc: &Map<String, Value>) -> Vec<PlanAction> {
    doc.get("actions")
        .and_then(Value::as_array)
        .map(|rows| {
            rows.iter()
                .filter_map(Value::as_object)
                .map(|r| PlanAction {
                    kind: text(r, "kind"),
                    title: text(r, "title"),
                    owner: text(r, "owner"),
                    due_on: date(r, "due"),
                    status: Some(text(r, "status"))
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| "planned".into()),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The date the person signed, when the plan says it was signed.
pub fn signed_on(doc: &Map<String, Value>) -> Option<NaiveDate> {
    let signed = doc.get("signed").and_then(Value::as_bool).unwrap_or(false);
    date(doc, "signed_on").filter(|_| signed)
}

/// The plan's goals as written.
pub fn goals(doc: &Map<String, Value>) -> Option<String> {
    Some(text(doc, "goals")).filter(|g| !g.is_empty())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn actions_and_signature_come_from_the_document() {
        let doc: Map<String, Value> = serde_json::from_value(json!({
            "goals": " Lavoro in magazzino ",
            "actions": [
                {"kind": "language_course", "title": "Corso A2", "owner": "anna",
                 "due": "2026-10-01", "status": "planned"},
                {"kind": "internship", "title": "Tirocinio", "due": "2026-12-01",
                 "status": "in_progress"},
                {"kind": "training", "title": "HACCP", "due": "2026-09-01", "status": "done"}
            ],
            "signed": true, "signed_on": "2026-09-15"
        }))
        .unwrap();
        let a = actions(&doc);
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(
            a.iter().map(|x| x.is_overdue(today)).collect::<Vec<_>>(),
            [true, false, false]
        );
        assert_eq!(a[1].owner, "");
        assert_eq!(signed_on(&doc), NaiveDate::from_ymd_opt(2026, 9, 15));
        assert_eq!(goals(&doc).as_deref(), Some("Lavoro in magazzino"));
        let mut unsigned = doc.clone();
        unsigned.insert("signed".into(), json!(false));
        assert_eq!(signed_on(&unsigned), None);
    }
}
