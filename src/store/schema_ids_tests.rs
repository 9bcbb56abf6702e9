//! Step 17 on a file of the step before: a demo desk with rows in every table is written
//! back into step 16's shape (text ids and times, the old tables and indexes), then opened:
//! everything the store reads back is the same, and the audit chain still verifies.

use chrono::{NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use rusqlite::types::{Value, ValueRef};
use serde_json::{Map, json};
use uuid::Uuid;

use super::super::Store;
use super::super::codec::ts;
use super::super::migrations::{migrate, version};
use crate::store::Role;

/// The tables step 17 rewrites.
const TABLES: &[&str] = &[
    "people",
    "person_names",
    "person_phones",
    "person_tax_codes",
    "person_merges",
    "programmes",
    "cases",
    "case_steps",
    "case_forms",
    "plan_actions",
    "case_budget",
    "ledger",
    "partners",
    "referrals",
    "referral_events",
    "internships",
    "internship_months",
    "follow_ups",
    "drafts",
    "operators",
    "changes",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A demo desk with its paths, a draft, an operator and a merge.
fn desk(path: &std::path::Path) -> Vec<Uuid> {
    let mut s = Store::open(path).unwrap();
    crate::demo::run(&mut s, 300, 7, today()).unwrap();
    crate::service::plan::ensure_programmes(&mut s, "demo").unwrap();
    let programmes = crate::demo::programme_infos(&s).unwrap();
    crate::demo::run_path(&mut s, 7, today(), &programmes).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap();
    s.add_operator("bruno", "Bruno", Role::Operator, "demo", now)
        .unwrap();
    let people = people(&s);
    let subject = people[3];
    s.put_draft(&crate::store::Draft {
        id: Uuid::now_v7(),
        form: "intake".into(),
        subject: Some(subject),
        data: json!({"surname": "ROSSI"}),
        updated_at: now,
    })
    .unwrap();
    // A merge: the merged record's case closed first (one open case between the two).
    let (survivor, merged) = (people[0], people[1]);
    for c in s.cases_for(merged).unwrap() {
        if c.is_open() {
            s.close_case(c.id, &Map::new(), "other", today(), "demo", now)
                .unwrap()
                .unwrap();
        }
    }
    let rec = s.person(survivor).unwrap().unwrap().record;
    s.merge_people(&rec, merged, "demo", now).unwrap().unwrap();
    people
}

fn people(s: &Store) -> Vec<Uuid> {
    let mut st = s
        .conn
        .prepare("SELECT id FROM people ORDER BY rowid")
        .unwrap();
    st.query_map([], |r| r.get::<_, super::super::codec::Id>(0))
        .unwrap()
        .map(|r| r.unwrap().0)
        .collect()
}

/// Everything the store reads back about the desk, as text.
fn read_all(s: &Store, people: &[Uuid]) -> String {
    let mut out = Vec::new();
    let mut put = |what: &str, v: String| out.push(format!("{what}: {v}"));
    for &p in people {
        put("person", format!("{:?}", s.merged_record(p).unwrap()));
        put("tax codes", format!("{:?}", s.tax_code_history(p).unwrap()));
        put(
            "journal",
            format!("{:?}", s.journal_for("person", p).unwrap()),
        );
        put("audit", format!("{:?}", s.audit_for("person", p).unwrap()));
        put("resolved", format!("{:?}", s.resolve_person(p).unwrap()));
        for c in s.cases_for(p).unwrap() {
            put("case", format!("{:?}", s.case_facts(c.id).unwrap()));
            put("forms", format!("{:?}", s.case_forms(c.id).unwrap()));
            put("plan", format!("{:?}", s.plan_actions(c.id).unwrap()));
            put("budget", format!("{:?}", s.budget(c.id).unwrap()));
            put("ledger", format!("{:?}", s.ledger(c.id, 1000).unwrap()));
            put(
                "timeline",
                format!("{:?}", s.changes_by_case(c.id, 1000).unwrap()),
            );
            put(
                "follow-ups",
                format!("{:?}", s.follow_ups_for(c.id).unwrap()),
            );
            for r in s.referrals_for(c.id).unwrap() {
                put("events", format!("{:?}", s.referral_events(r.id).unwrap()));
                put("referral", format!("{r:?}"));
            }
            for i in s.internships_for(c.id).unwrap() {
                put(
                    "months",
                    format!("{:?}", s.internship_months(i.id).unwrap()),
                );
                put("internship", format!("{i:?}"));
            }
        }
    }
    put("drafts", format!("{:?}", s.drafts().unwrap()));
    put("operators", format!("{:?}", s.operators().unwrap()));
    put("programmes", format!("{:?}", s.programmes().unwrap()));
    put("merge", format!("{:?}", s.last_merge().unwrap()));
    put(
        "partners",
        format!("{:?}", s.find_partners("", &[], 1000).unwrap()),
    );
    let mut figures: Vec<_> = s.network_figures().unwrap().into_iter().collect();
    figures.sort_by_key(|(id, _)| *id);
    put("network", format!("{figures:?}"));
    put("funder", format!("{:?}", s.funder_counts().unwrap()));
    let cut = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    put(
        "retention",
        format!("{:?}", s.closed_before(cut, 1000).unwrap()),
    );
    put("fresh", format!("{:?}", s.fresh_cases().unwrap()));
    out.join("\n")
}

/// An id or a time as step 16 stored them.
fn register_old_forms(c: &Connection) {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    c.create_scalar_function("old_id", 1, flags, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Blob(b) => Value::Text(Uuid::from_slice(b).unwrap().to_string()),
            other => Value::from(other.as_str().ok().map(str::to_string)),
        })
    })
    .unwrap();
    c.create_scalar_function("old_entity", 1, flags, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Integer(_) => {
                let word: super::super::codec::Entity =
                    rusqlite::types::FromSql::column_result(ctx.get_raw(0)).unwrap();
                Value::Text(word.0)
            }
            other => Value::from(other.as_str().ok().map(str::to_string)),
        })
    })
    .unwrap();
    c.create_scalar_function("old_at", 1, flags, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Integer(ms) => {
                Value::Text(ts(chrono::DateTime::from_timestamp_millis(ms).unwrap()))
            }
            other => Value::from(other.as_str().ok().map(str::to_string)),
        })
    })
    .unwrap();
}

/// (name, declared type) of a table's stored columns.
fn columns(c: &Connection, table: &str) -> Vec<(String, String)> {
    let mut st = c
        .prepare(&format!(
            "SELECT name, type FROM pragma_table_info('{table}')"
        ))
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Writes the tables of step 17 back as step 16 had them (their SQL taken from a file made
/// to step 16), and marks the file as being at step 16.
fn back_to_step_16(path: &std::path::Path) {
    let old = Connection::open_in_memory().unwrap();
    let mut old = old;
    migrate(&mut old, 16).unwrap();
    let c = Connection::open(path).unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF; BEGIN").unwrap();
    register_old_forms(&c);
    for t in TABLES {
        let sql: String = old
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [t],
                |r| r.get(0),
            )
            .unwrap();
        let indexes: Vec<String> = old
            .prepare(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1
                 AND sql IS NOT NULL",
            )
            .unwrap()
            .query_map([t], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let (new_cols, old_cols) = (columns(&c, t), columns(&old, t));
        let select: Vec<String> = old_cols
            .iter()
            .map(|(name, old_type)| {
                let new_type = &new_cols.iter().find(|(n, _)| n == name).unwrap().1;
                match (name.as_str(), new_type.as_str(), old_type.as_str()) {
                    (_, "BLOB", "TEXT") => format!("old_id({name})"),
                    (_, "INTEGER", "TEXT") => format!("old_at({name})"),
                    ("entity", "", "TEXT") => format!("old_entity({name})"),
                    _ => name.clone(),
                }
            })
            .collect();
        let names: Vec<&str> = old_cols.iter().map(|(n, _)| n.as_str()).collect();
        let rowid = if sql.contains("WITHOUT ROWID") {
            ""
        } else {
            "rowid, "
        };
        let create = sql
            .replacen(&format!("CREATE TABLE \"{t}\""), "CREATE TABLE step16", 1)
            .replacen(&format!("CREATE TABLE {t} "), "CREATE TABLE step16 ", 1);
        c.execute_batch(&format!(
            "{create};
             INSERT INTO step16 ({rowid}{}) SELECT {rowid}{} FROM {t};
             DROP TABLE {t};
             ALTER TABLE step16 RENAME TO {t};",
            names.join(", "),
            select.join(", ")
        ))
        .unwrap();
        for i in indexes {
            c.execute_batch(&i).unwrap();
        }
    }
    c.execute_batch("PRAGMA user_version = 16; COMMIT").unwrap();
}

#[test]
fn step_17_reads_back_every_row_the_same_and_keeps_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let people = desk(&path);
    let (before, entries) = {
        let s = Store::open(&path).unwrap();
        (read_all(&s, &people), s.verify_audit().unwrap().entries)
    };
    assert!(entries > 100);
    back_to_step_16(&path);
    {
        let c = Connection::open(&path).unwrap();
        assert_eq!(version(&c).unwrap(), 16);
        for (table, column, kind) in [
            ("people", "id", "text"),
            ("people", "created_at", "text"),
            ("ledger", "case_id", "text"),
            ("referral_events", "at", "text"),
            ("changes", "entity", "text"),
        ] {
            let n: i64 = c
                .query_row(
                    &format!("SELECT count(*) FROM {table} WHERE typeof({column}) = ?1"),
                    [kind],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(n > 0, "{table}.{column} as step 16 stored it");
        }
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(version(&s.conn).unwrap(), super::super::migrations::LATEST);
    let after = read_all(&s, &people);
    assert_eq!(after.lines().count(), before.lines().count());
    for (a, b) in before.lines().zip(after.lines()) {
        assert_eq!(a, b);
    }
    let v = s.verify_audit().unwrap();
    assert_eq!(v.entries, entries);
    assert_eq!(v.first_break, None);
    for t in TABLES {
        let counts: (i64, i64) = s
            .conn
            .query_row(
                &format!(
                    "SELECT count(*), count(*) FILTER (WHERE typeof({}) = 'text') FROM {t}",
                    columns(&s.conn, t)[0].0
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert!(counts.0 > 0, "{t} has rows");
        assert_eq!(counts.1, 0, "{t}: its first column rewritten");
    }
    let times: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM people WHERE typeof(created_at) <> 'integer'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(times, 0);
    let coded: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM changes WHERE typeof(entity) <> 'integer'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(coded, 0, "every kind of record the demo writes has a code");
    let mut fk = s.conn.prepare("PRAGMA foreign_key_check").unwrap();
    assert!(fk.query([]).unwrap().next().unwrap().is_none());
}
