//! The agenda: every rule's facts from the store, judged by `domain::agenda`, merged and
//! sorted by urgency. Used by the first screen and by `sportello agenda`.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::config::Config;
use crate::domain::agenda::{self, Item, Kind, Rules};
use crate::domain::date::format_date;
use crate::i18n::I18n;
use crate::store::{FactQuery, Store, StoreResult};

/// At most this many facts per kind are read (the store still counts them all).
pub const LIMIT_PER_KIND: usize = 200;

/// What the operator asked to see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgendaFilter {
    /// Only these kinds; empty: every kind.
    pub kinds: Vec<Kind>,
    /// Only the cases of this operator.
    pub operator: Option<String>,
    /// Only items due within this many days from today (overdue ones always show).
    pub horizon_days: Option<i64>,
}

/// The agenda of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agenda {
    pub today: NaiveDate,
    /// The items of the kinds asked for, the most urgent first.
    pub items: Vec<Item>,
    /// Items per kind, every kind (so a kind filter can show what it hides), in kind order.
    pub counts: Vec<(Kind, usize)>,
    /// The operators owning open cases.
    pub operators: Vec<String>,
    /// Some kind had more facts than [`LIMIT_PER_KIND`]: only the most urgent are listed.
    pub truncated: bool,
}

impl Agenda {
    pub fn count(&self, kind: Kind) -> usize {
        self.counts
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }
}

/// Builds the agenda of `today` with the thresholds of `config`.
pub fn build(
    store: &Store,
    today: NaiveDate,
    config: &Config,
    filter: &AgendaFilter,
) -> StoreResult<Agenda> {
    let rules = Rules::from_config(config);
    let q = FactQuery {
        today,
        rules,
        operator: filter.operator.clone(),
        limit: LIMIT_PER_KIND,
    };
    let last_day = filter
        .horizon_days
        .and_then(|n| agenda::shift(today, n.max(0)));
    let mut items = Vec::new();
    let mut counts = Vec::with_capacity(Kind::ALL.len());
    let mut truncated = false;
    for kind in Kind::ALL {
        let facts = store.agenda_facts(kind, &q)?;
        let cut = facts.total > facts.rows.len();
        truncated |= cut;
        let mut n = 0;
        for (subject, fact) in facts.rows {
            let Some(item) = agenda::evaluate(subject, &fact, today, &rules) else {
                continue;
            };
            if last_day.is_some_and(|last| item.due.on > last) {
                continue;
            }
            n += 1;
            if filter.kinds.is_empty() || filter.kinds.contains(&kind) {
                items.push(item);
            }
        }
        counts.push((kind, if cut { n.max(facts.total) } else { n }));
    }
    items.sort_by(agenda::urgency);
    Ok(Agenda {
        today,
        items,
        counts,
        operators: store.open_case_operators()?,
        truncated,
    })
}

/// One item as JSON, with its ids and its reason in the operator's language.
pub fn item_json(item: &Item, i18n: &I18n) -> Value {
    json!({
        "kind": item.kind.code(),
        "due_on": item.due.on.format("%Y-%m-%d").to_string(),
        "days": item.due.days,
        "overdue": item.due.overdue(),
        "person_id": item.person_id.to_string(),
        "person": item.person,
        "case_id": item.case_id.to_string(),
        "operator": item.operator,
        "reason_key": item.reason.key,
        "reason": i18n.msg(&item.reason),
    })
}

/// One item as a line of text: `dd/mm/yyyy  kind  person — reason`.
pub fn item_line(item: &Item, i18n: &I18n) -> String {
    format!(
        "{}  {}  {} — {}",
        format_date(item.due.on),
        i18n.t(&item.kind.label_key()),
        crate::text::sanitize(&item.person),
        crate::text::sanitize(&i18n.msg(&item.reason)),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, json};
    use uuid::Uuid;

    use super::*;
    use crate::service::people::save_intake;

    fn add(store: &mut Store, surname: &str, extra: Value) {
        let mut doc: Map<String, Value> = json!({"surname": surname, "given_names": "Test"})
            .as_object()
            .cloned()
            .unwrap();
        doc.extend(extra.as_object().cloned().unwrap());
        save_intake(store, Uuid::now_v7(), doc, "anna", None).unwrap();
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn build_sorts_counts_and_filters() {
        let mut s = Store::open_memory().unwrap();
        add(&mut s, "Late", json!({"permit_expiry": "2026-10-01"}));
        add(&mut s, "Soon", json!({"permit_expiry": "2026-12-20"}));
        add(
            &mut s,
            "Patto",
            json!({"did_date": "2026-11-10", "on_unemployment_benefit": true}),
        );
        add(&mut s, "Far", json!({"permit_expiry": "2027-12-20"}));
        let today = day(2026, 11, 23);
        let cfg = Config::default();
        let all = build(&s, today, &cfg, &AgendaFilter::default()).unwrap();
        let names: Vec<&str> = all.items.iter().map(|i| i.person.as_str()).collect();
        assert_eq!(names, vec!["LATE Test", "PATTO Test", "SOON Test"]);
        assert_eq!(all.count(Kind::Permit), 2);
        assert_eq!(all.count(Kind::Patto), 1);
        assert_eq!(all.count(Kind::Budget), 0);
        assert!(!all.truncated);
        let only = AgendaFilter {
            kinds: vec![Kind::Patto],
            ..AgendaFilter::default()
        };
        let a = build(&s, today, &cfg, &only).unwrap();
        assert_eq!(a.items.len(), 1);
        assert_eq!(a.count(Kind::Permit), 2, "counts ignore the kind filter");
        let near = AgendaFilter {
            horizon_days: Some(7),
            ..AgendaFilter::default()
        };
        let a = build(&s, today, &cfg, &near).unwrap();
        let names: Vec<&str> = a.items.iter().map(|i| i.person.as_str()).collect();
        assert_eq!(names, vec!["LATE Test", "PATTO Test"]);
        let nobody = AgendaFilter {
            operator: Some("bruno".into()),
            ..AgendaFilter::default()
        };
        assert!(build(&s, today, &cfg, &nobody).unwrap().items.is_empty());
    }

    #[test]
    fn line_and_json_carry_dates_and_ids() {
        let mut s = Store::open_memory().unwrap();
        add(&mut s, "Late", json!({"permit_expiry": "2026-10-01"}));
        let a = build(
            &s,
            day(2026, 11, 23),
            &Config::default(),
            &AgendaFilter::default(),
        )
        .unwrap();
        let i18n = I18n::new(crate::i18n::Lang::En);
        assert_eq!(
            item_line(&a.items[0], &i18n),
            "01/10/2026  Permit  LATE Test — permit expired on 01/10/2026"
        );
        let j = item_json(&a.items[0], &i18n);
        assert_eq!(j["kind"], "permit");
        assert_eq!(j["days"], -53);
        assert_eq!(j["case_id"], a.items[0].case_id.to_string());
    }
}
