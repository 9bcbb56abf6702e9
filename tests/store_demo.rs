//! The demo generator: deterministic, valid people, loaded through the store.

// Test code: a failed unwrap is a failed test (helpers are not `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;

use chrono::NaiveDate;
use serde_json::{Value, json};
use sportello::demo;
use sportello::domain::taxcode::{self, TaxCode};
use sportello::store::Store;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn one_of(v: Option<&Value>, allowed: &[&str]) -> bool {
    v.and_then(Value::as_str)
        .is_some_and(|s| allowed.contains(&s))
}

#[test]
fn the_same_seed_gives_the_same_people() {
    let a: Vec<_> = demo::generate(300, 7, today()).collect();
    let b: Vec<_> = demo::generate(300, 7, today()).collect();
    assert_eq!(a.len(), 300);
    assert_eq!(a, b);
    let c: Vec<_> = demo::generate(300, 8, today()).collect();
    assert_ne!(a, c);
}

#[test]
fn a_thousand_people_are_valid_and_varied() {
    let people: Vec<_> = demo::generate(1000, 42, today()).collect();
    let ids: HashSet<_> = people.iter().map(|p| p.id).collect();
    assert_eq!(ids.len(), 1000);
    let (mut personal, mut provisional, mut omocodic) = (0, 0, 0);
    let (mut variants, mut scripts, mut renewals, mut soon, mut expired) = (0, 0, 0, 0, 0);
    for p in &people {
        let d = &p.data;
        assert_eq!(p.id.get_version_num(), 7);
        let first = &p.names[0];
        assert!(!first.surname.trim().is_empty() && !first.given.trim().is_empty());
        assert_eq!(first.kind, "document");
        assert_eq!(d["surname"], json!(first.surname));
        assert_eq!(d["given_names"], json!(first.given));
        assert_eq!(d["sex"], json!(p.sex.unwrap().code()));
        let birth = p.birth_date.unwrap();
        assert_eq!(d["birth_date"], json!(birth.format("%Y-%m-%d").to_string()));
        let age = today().years_since(birth).unwrap();
        assert!((16..=60).contains(&age), "age {age}");
        let country = p.birth_country.clone().unwrap();
        assert_eq!(d["birth_country"], json!(country));
        assert_eq!(d["citizenship"], json!(country));
        assert_eq!(
            d.get("tax_code").and_then(Value::as_str),
            p.tax_code.as_deref()
        );
        assert_eq!(
            d.get("phone").and_then(Value::as_str),
            p.phones.first().map(String::as_str)
        );
        assert_eq!(
            d.get("permit_number").and_then(Value::as_str),
            p.permit_number.as_deref()
        );
        assert_eq!(
            d.get("permit_expiry").and_then(Value::as_str),
            p.permit_expiry
                .map(|e| e.format("%Y-%m-%d").to_string())
                .as_deref()
        );
        if let Some(code) = &p.tax_code {
            match taxcode::parse(code) {
                Ok(TaxCode::Personal(c)) => {
                    personal += 1;
                    let dec = taxcode::decode(&TaxCode::Personal(c.clone())).unwrap();
                    assert_eq!(dec.place.starts_with('Z'), country != "IT", "{c}");
                    let b = c.as_bytes();
                    if [6, 7, 9, 10, 12, 13, 14]
                        .iter()
                        .any(|&i| b[i].is_ascii_alphabetic())
                    {
                        omocodic += 1;
                    }
                }
                Ok(TaxCode::Provisional(_)) => provisional += 1,
                Err(e) => panic!("{code}: {e:?}"),
            }
        }
        for n in &p.names[1..] {
            assert!(n.kind == "variant" || n.kind == "script");
            scripts += usize::from(n.kind == "script");
        }
        if p.names.len() > 1 {
            variants += 1;
            assert_eq!(
                d["name_variants"].as_array().unwrap().len(),
                p.names.len() - 1
            );
        }
        if let Some(p) = &p.phones.first() {
            assert!(p.starts_with("+39 3") && p.len() == 15, "{p}");
        }
        assert!(d["languages"].as_array().is_some_and(|l| !l.is_empty()));
        let citizen = ["italian_citizen", "eu_citizen"];
        assert!(one_of(
            d.get("legal_status"),
            &[
                "refugee",
                "subsidiary_protection",
                "humanitarian_protection",
                "special_cases",
                "special_protection",
                "asylum_applicant",
                "former_uam",
                "eu_citizen",
                "italian_citizen",
                "other_permit",
            ]
        ));
        if one_of(d.get("legal_status"), &citizen) {
            assert!(p.permit_number.is_none() && d.get("permit_type").is_none());
        } else {
            assert!(one_of(
                d.get("permit_type"),
                &[
                    "asylum",
                    "refugee",
                    "subsidiary",
                    "special_protection",
                    "special_cases",
                    "minor_age",
                    "work",
                    "study",
                    "family",
                    "eu_long_term",
                    "other",
                ]
            ));
            match d["permit_status"].as_str() {
                Some("in_renewal") => {
                    renewals += 1;
                    assert!(p.permit_expiry.is_none() && p.permit_number.is_some());
                }
                Some(s) => {
                    let e = p.permit_expiry.unwrap();
                    assert_eq!(s == "expired", e < today());
                    expired += usize::from(e < today());
                    soon += usize::from(e >= today() && (e - today()).num_days() <= 60);
                    assert!(
                        (e - today()).num_days() >= -366 && (e - today()).num_days() <= 3 * 366
                    );
                }
                None => panic!("no permit status"),
            }
        }
        assert!(one_of(
            d.get("employment_status"),
            &[
                "unemployed",
                "never_employed",
                "irregular_work",
                "employed",
                "student",
                "other",
            ]
        ));
        assert!(d["cpi_registered"].is_boolean());
        assert!(one_of(
            d.get("reach_channel"),
            &[
                "self",
                "partner_referral",
                "outreach",
                "word_of_mouth",
                "other",
            ]
        ));
        assert_eq!(d["consent_given"], json!(true));
        assert!(
            d["consent_date"]
                .as_str()
                .is_some_and(|s| s <= "2026-11-22")
        );
        assert!(
            d["consent_scopes"]
                .as_array()
                .is_some_and(|s| s.contains(&json!("processing")))
        );
    }
    let share = |n: usize| n as f64 / 1000.0;
    assert!((0.6..0.8).contains(&share(personal)), "personal {personal}");
    assert!(
        (0.05..0.16).contains(&share(provisional)),
        "provisional {provisional}"
    );
    assert!(omocodic > 5, "omocodic {omocodic}");
    assert!(variants > 50 && scripts > 10, "{variants} {scripts}");
    assert!(
        renewals > 30 && soon > 20 && expired > 50,
        "{renewals} {soon} {expired}"
    );
}

#[test]
fn run_loads_the_people_once_and_they_can_be_found() {
    let mut store = Store::open_memory().unwrap();
    assert_eq!(demo::run(&mut store, 500, 3, today()).unwrap(), 500);
    assert_eq!(demo::run(&mut store, 500, 3, today()).unwrap(), 0);
    assert_eq!(store.count_people().unwrap(), 500);
    let people: Vec<_> = demo::generate(500, 3, today()).collect();
    let last = people.last().unwrap();
    let page = store.search("", 0, 1, true).unwrap();
    assert_eq!(page.rows[0].id, last.id);
    assert_eq!(page.rows[0].last_activity_at.date_naive(), today());
    let coded = people.iter().find(|p| p.tax_code.is_some()).unwrap();
    let code = coded.tax_code.as_deref().unwrap();
    let hits = store.search(code, 0, 10, false).unwrap();
    assert!(hits.rows.iter().any(|r| r.id == coded.id));
    let stored = store.person(coded.id).unwrap().unwrap();
    assert_eq!(stored.record, *coded);
}
