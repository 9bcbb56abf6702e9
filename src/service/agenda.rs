//! The agenda: every rule's facts from the store, judged by `domain::agenda`, merged and
//! sorted by urgency. Used by the first screen and by `sportello agenda`.

use chrono::NaiveDate;

use crate::config::Config;
use crate::domain::agenda::{self, Group, Item, Kind, Rules};
use crate::store::{FactQuery, Store, StoreResult, Window};

/// At most this many facts per kind and window are read (the store still counts them all):
/// enough for any screen, and a register of a million people still builds in a frame.
pub const LIMIT_PER_KIND: usize = 200;

/// Rows per kind and window of a first screen: more than a tall terminal shows of one kind.
pub const FIRST_ROWS: usize = 40;

/// What the operator asked to see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgendaFilter {
    /// Only these kinds; empty: every kind.
    pub kinds: Vec<Kind>,
    /// Only the cases of this operator.
    pub operator: Option<String>,
    /// Only items due within this many days from today (overdue ones always show).
    pub horizon_days: Option<i64>,
    /// Also list the records to check (overdue for more than a month); otherwise they are
    /// only counted.
    pub to_check: bool,
    /// Rows read per kind and window; 0: [`LIMIT_PER_KIND`].
    pub limit_per_kind: usize,
    /// Only what a first screen needs: [`FIRST_ROWS`] per kind and window, and nothing
    /// counted past them nor among the records to check (the agenda says it is not
    /// [`complete`](Agenda::complete)). Drawn while the whole agenda is built.
    pub first_rows: bool,
}

/// The agenda of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agenda {
    pub today: NaiveDate,
    /// The items of the kinds asked for, by group and urgency (see [`agenda::urgency`]);
    /// the records to check only when asked for.
    pub items: Vec<Item>,
    /// Items per kind, every kind (so a kind filter can show what it hides), in kind order,
    /// the records to check left out.
    pub counts: Vec<(Kind, usize)>,
    /// Records to check (overdue for more than a month), of the kinds asked for.
    pub to_check: usize,
    /// The operators owning open cases.
    pub operators: Vec<String>,
    /// Some kind had more facts than the limit: only the most urgent are listed.
    pub truncated: bool,
    /// False for a first screen's agenda: its counts are of the rows read so far.
    pub complete: bool,
}

impl Agenda {
    pub fn count(&self, kind: Kind) -> usize {
        self.counts
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    /// Items in each group, in group order.
    pub fn group_counts(&self) -> Vec<(Group, usize)> {
        Group::ALL
            .iter()
            .map(|g| {
                let n = if *g == Group::ToCheck {
                    self.to_check
                } else {
                    self.items.iter().filter(|i| i.due.group() == *g).count()
                };
                (*g, n)
            })
            .collect()
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
    let limit = match filter.limit_per_kind {
        _ if filter.first_rows => FIRST_ROWS,
        0 => LIMIT_PER_KIND,
        n => n,
    };
    let last_day = filter
        .horizon_days
        .and_then(|n| agenda::shift(today, n.max(0)));
    let wanted = |k: Kind| filter.kinds.is_empty() || filter.kinds.contains(&k);
    let mut items = Vec::new();
    let mut counts = Vec::with_capacity(Kind::ALL.len());
    let mut to_check = 0;
    let mut truncated = false;
    for kind in Kind::ALL {
        let mut n = 0;
        for window in [Window::Recent, Window::Upcoming, Window::Stale] {
            let stale = window == Window::Stale;
            let q = FactQuery {
                today,
                rules,
                operator: filter.operator.clone(),
                // Stale records are only counted unless they are asked for.
                limit: if stale && !filter.to_check { 0 } else { limit },
                window,
                count: !filter.first_rows,
            };
            let facts = store.agenda_facts(kind, &q)?;
            let cut = facts.total > facts.rows.len();
            if stale {
                if wanted(kind) {
                    to_check += facts.total;
                    truncated |= cut && filter.to_check;
                }
            } else {
                truncated |= cut;
            }
            let mut counted = 0;
            for (subject, fact) in facts.rows {
                let Some(item) = agenda::evaluate(subject, &fact, today, &rules) else {
                    continue;
                };
                if last_day.is_some_and(|last| item.due.on > last) {
                    continue;
                }
                let checking = item.due.group() == Group::ToCheck;
                if checking && !stale && wanted(kind) {
                    // Read with the recent ones (a rule whose due date trails its column).
                    to_check += 1;
                }
                if !checking {
                    counted += 1;
                }
                if wanted(kind) && (!checking || filter.to_check) {
                    items.push(item);
                }
            }
            if !stale {
                n += if cut {
                    counted.max(facts.total)
                } else {
                    counted
                };
            }
        }
        counts.push((kind, n));
    }
    items.sort_by(agenda::urgency);
    Ok(Agenda {
        today,
        items,
        counts,
        to_check,
        operators: store.open_case_operators()?,
        truncated,
        complete: !filter.first_rows,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};
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
        assert_eq!(
            names,
            vec!["PATTO Test", "SOON Test"],
            "expired 53 days ago: to check"
        );
        assert_eq!(all.to_check, 1);
        assert_eq!(all.count(Kind::Permit), 1);
        assert_eq!(all.count(Kind::Patto), 1);
        assert_eq!(all.count(Kind::Budget), 0);
        assert!(!all.truncated);
        let checking = AgendaFilter {
            to_check: true,
            ..AgendaFilter::default()
        };
        let a = build(&s, today, &cfg, &checking).unwrap();
        let names: Vec<&str> = a.items.iter().map(|i| i.person.as_str()).collect();
        assert_eq!(names, vec!["PATTO Test", "SOON Test", "LATE Test"]);
        assert_eq!(a.items[2].due.group(), Group::ToCheck);
        let only = AgendaFilter {
            kinds: vec![Kind::Patto],
            ..AgendaFilter::default()
        };
        let a = build(&s, today, &cfg, &only).unwrap();
        assert_eq!(a.items.len(), 1);
        assert_eq!(a.count(Kind::Permit), 1, "counts ignore the kind filter");
        assert_eq!(a.to_check, 0, "the records to check follow the kind filter");
        let near = AgendaFilter {
            horizon_days: Some(7),
            ..AgendaFilter::default()
        };
        let a = build(&s, today, &cfg, &near).unwrap();
        let names: Vec<&str> = a.items.iter().map(|i| i.person.as_str()).collect();
        assert_eq!(names, vec!["PATTO Test"]);
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
            &AgendaFilter {
                to_check: true,
                ..AgendaFilter::default()
            },
        )
        .unwrap();
        use crate::words::agenda::{item_json, item_line};
        let i18n = crate::i18n::I18n::new(crate::i18n::Lang::En);
        assert_eq!(
            item_line(&a.items[0], &i18n),
            "01/10/2026  Permit  LATE Test — permit expired on 01/10/2026"
        );
        let j = item_json(&a.items[0], &i18n);
        assert_eq!(j["kind"], "permit");
        assert_eq!(j["days"], -53);
        assert_eq!(j["case_id"], a.items[0].case_id.to_string());
    }

    #[test]
    fn a_first_screen_lists_the_same_first_items_without_counting() {
        let mut s = Store::open_memory().unwrap();
        for i in 0..(FIRST_ROWS + 30) {
            let d = day(2026, 11, 23) + chrono::Days::new((i % 10) as u64);
            add(
                &mut s,
                &format!("P{i}"),
                json!({"permit_expiry": d.format("%Y-%m-%d").to_string()}),
            );
        }
        let today = day(2026, 11, 23);
        let whole = build(&s, today, &Config::default(), &AgendaFilter::default()).unwrap();
        let first = AgendaFilter {
            first_rows: true,
            ..AgendaFilter::default()
        };
        let quick = build(&s, today, &Config::default(), &first).unwrap();
        assert!(whole.complete && !quick.complete);
        assert!(quick.items.len() < whole.items.len());
        assert!(quick.items.len() >= FIRST_ROWS);
        assert_eq!(quick.items[..FIRST_ROWS], whole.items[..FIRST_ROWS]);
        assert_eq!(whole.count(Kind::Permit), FIRST_ROWS + 30);
    }

    #[test]
    fn old_records_never_crowd_out_what_is_due_soon() {
        let mut s = Store::open_memory().unwrap();
        for i in 0..(LIMIT_PER_KIND + 50) {
            let d = day(2025, 11, 1) + chrono::Days::new((i % 200) as u64);
            add(
                &mut s,
                &format!("Old{i}"),
                json!({"permit_expiry": d.format("%Y-%m-%d").to_string()}),
            );
        }
        add(&mut s, "Soon", json!({"permit_expiry": "2026-12-13"}));
        add(&mut s, "Recent", json!({"permit_expiry": "2026-11-13"}));
        add(&mut s, "Today", json!({"permit_expiry": "2026-11-23"}));
        add(&mut s, "Week", json!({"permit_expiry": "2026-11-27"}));
        let today = day(2026, 11, 23);
        let a = build(&s, today, &Config::default(), &AgendaFilter::default()).unwrap();
        let names: Vec<&str> = a.items.iter().map(|i| i.person.as_str()).collect();
        assert_eq!(
            names,
            vec!["RECENT Test", "TODAY Test", "WEEK Test", "SOON Test"],
            "grouped: overdue within a month, today, this week, later"
        );
        let groups: Vec<Group> = a.items.iter().map(|i| i.due.group()).collect();
        assert_eq!(
            groups,
            vec![Group::Overdue, Group::Today, Group::Week, Group::Later]
        );
        assert_eq!(a.to_check, LIMIT_PER_KIND + 50);
        assert_eq!(a.count(Kind::Permit), 4);
        let month = AgendaFilter {
            horizon_days: Some(30),
            to_check: true,
            ..AgendaFilter::default()
        };
        let a = build(&s, today, &Config::default(), &month).unwrap();
        assert!(a.items.iter().any(|i| i.person == "SOON Test"));
        let last = a.items.last().unwrap();
        assert_eq!(last.due.group(), Group::ToCheck);
        assert!(
            a.items[4].due.on > last.due.on,
            "records to check: the most recent first"
        );
    }
}
