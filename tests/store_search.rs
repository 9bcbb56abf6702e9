//! The register's search: matching, folding, ranking, paging, counting, hostile input.

// Test code: a failed unwrap is a failed test (helpers are not `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use sportello::domain::person::{Count, PersonName, PersonRecord};
use sportello::store::Store;
use uuid::Uuid;

fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap() + Duration::minutes(minutes)
}

fn person(names: &[(&str, &str)]) -> PersonRecord {
    PersonRecord {
        id: Uuid::now_v7(),
        names: names
            .iter()
            .enumerate()
            .map(|(i, (s, g))| PersonName {
                surname: s.to_string(),
                given: g.to_string(),
                kind: if i == 0 { "document" } else { "variant" }.into(),
            })
            .collect(),
        birth_date: None,
        sex: None,
        birth_country: None,
        tax_code: None,
        phones: Vec::new(),
        permit_number: None,
        permit_expiry: None,
        data: serde_json::Map::new(),
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    clock: i64,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db")).unwrap();
        Fixture {
            _dir: dir,
            store,
            clock: 0,
        }
    }

    fn save(&mut self, rec: &PersonRecord) -> Uuid {
        self.clock += 1;
        self.store
            .save_person(rec, "op", t(self.clock), None)
            .unwrap();
        rec.id
    }

    fn add(&mut self, names: &[(&str, &str)]) -> Uuid {
        self.save(&person(names))
    }

    fn ids(&self, q: &str) -> Vec<Uuid> {
        let page = self.store.search(q, 0, 100, false).unwrap();
        page.rows.iter().map(|r| r.id).collect()
    }
}

#[test]
fn whole_words_come_before_prefixes_then_the_most_recent() {
    let mut f = Fixture::new();
    let a = f.add(&[("Ali", "Mohamed")]);
    let b = f.add(&[("Farah", "Mo")]);
    let c = f.add(&[("Mohammed", "Sara")]);
    let d = f.add(&[("Rossi", "Mario")]);
    assert_eq!(f.ids("mo"), [b, c, a]);
    assert_eq!(f.ids(""), [d, c, b, a]);
    // Saving an old person again is activity: they come first within their pass.
    let rec = f.store.person(a).unwrap().unwrap().record;
    f.save(&rec);
    assert_eq!(f.ids("mo"), [b, a, c]);
    assert_eq!(f.ids("")[0], a);
}

#[test]
fn accents_and_case_do_not_matter_either_way() {
    let mut f = Fixture::new();
    let s = f.add(&[("Işık", "Şükrü")]);
    let j = f.add(&[("Garcia", "José")]);
    let n = f.add(&[("Nguyen", "Thi")]);
    for q in [
        "sukru", "SUKRU", "Şükrü", "isik", "Işık", "IŞIK", "işik", "isi",
    ] {
        assert_eq!(f.ids(q), [s], "{q}");
    }
    for q in ["jose", "José", "JOSE", "josé garcía"] {
        assert_eq!(f.ids(q), [j], "{q}");
    }
    assert_eq!(f.ids("Nguyễn"), [n]);
}

#[test]
fn words_match_name_starts_in_any_order_across_variants() {
    let mut f = Fixture::new();
    let p = f.add(&[("Nguyễn", "Thị Minh Khai")]);
    f.add(&[("Minh", "Tran")]);
    let y = f.add(&[("Tesfaye", "Yonas"), ("Tesfai", "Yonatan"), ("ተስፋዬ", "ዮናስ")]);
    for q in [
        "minh nguyen",
        "nguyen minh",
        "khai ng",
        "NGUYEN THI MINH KHAI",
    ] {
        assert_eq!(f.ids(q), [p], "{q}");
    }
    assert!(f.ids("minh xyz").is_empty());
    for q in ["tesfai", "yonatan tesfaye", "ዮናስ", "ተስፋ"] {
        assert_eq!(f.ids(q), [y], "{q}");
    }
    let page = f.store.search("yonas", 0, 10, false).unwrap();
    assert_eq!(
        page.rows[0].names,
        ["TESFAYE Yonas", "TESFAI Yonatan", "ተስፋዬ ዮናስ"]
    );
}

#[test]
fn codes_phones_and_permits_are_found() {
    let mut f = Fixture::new();
    let mut rec = person(&[("Rossi", "Mario")]);
    rec.tax_code = Some("RSSMRA80A01H501U".into());
    rec.phones = vec!["+39 333 123 4567".into()];
    rec.permit_number = Some("I-0123 4567".into());
    let id = f.save(&rec);
    let mut other = person(&[("Bianchi", "Luca")]);
    other.phones = vec!["3471234567".into()];
    let o = f.save(&other);
    for q in [
        "RSSMRA80A01H501U",
        "rssmra",
        "RSSMRA8",
        "333 123 4567",
        "+39 333 1234567",
        "0039 333 1234567",
        "3331234",
        "333-123",
        "i01234567",
        "I0123",
        "rossi 333",
    ] {
        assert_eq!(f.ids(q), [id], "{q}");
    }
    for q in ["+39 347 123 4567", "347 1234567", "0039 347 123 4567"] {
        assert_eq!(f.ids(q), [o], "{q}");
    }
    assert!(f.ids("3339").is_empty());
}

#[test]
fn soft_deleted_people_are_never_listed() {
    let mut f = Fixture::new();
    let a = f.add(&[("Traoré", "Awa")]);
    let b = f.add(&[("Traoré", "Adama")]);
    f.store.soft_delete_person(a, "op", t(100)).unwrap();
    assert_eq!(f.ids("traore"), [b]);
    assert_eq!(f.ids(""), [b]);
    let page = f.store.search("traore", 0, 10, true).unwrap();
    assert_eq!(page.total, Some(Count::Exact(1)));
}

#[test]
fn counts_are_exact_up_to_the_cap() {
    let mut f = Fixture::new();
    let many: Vec<_> = (0..1005)
        .map(|i| person(&[("Rossi", &format!("N{i}"))]))
        .collect();
    f.store.import_people(many, "demo", t(0)).unwrap();
    for i in 0..3 {
        f.add(&[("Rossa", &format!("M{i}"))]);
    }
    let count = |q: &str| f.store.search(q, 0, 10, true).unwrap().total;
    assert_eq!(count("rossi"), Some(Count::AtLeast(1000)));
    assert_eq!(count("ross"), Some(Count::AtLeast(1000)));
    assert_eq!(count(""), Some(Count::AtLeast(1000)));
    assert_eq!(count("rossa"), Some(Count::Exact(3)));
    assert_eq!(count("rossi n100"), Some(Count::Exact(6)));
    assert_eq!(count("rossi n1004"), Some(Count::Exact(1)));
    assert_eq!(count("nobody"), Some(Count::Exact(0)));
    assert_eq!(f.store.search("rossa", 0, 10, false).unwrap().total, None);
    assert_eq!(f.store.count_people().unwrap(), 1008);
}

#[test]
fn pages_cross_the_two_passes_and_return_every_match_once() {
    let mut f = Fixture::new();
    let mut whole = Vec::new();
    let mut prefix = Vec::new();
    for i in 0..23 {
        // Interleave so both passes are spread over the activity order.
        if i % 3 == 0 {
            whole.push(f.add(&[("Al", &format!("W{i}"))]));
        } else {
            prefix.push(f.add(&[("Alemu", &format!("P{i}"))]));
        }
        f.add(&[("Other", &format!("X{i}"))]);
    }
    let mut expected: Vec<Uuid> = whole.iter().rev().copied().collect();
    expected.extend(prefix.iter().rev());
    assert_eq!(f.ids("al"), expected);
    for limit in [1, 2, 3, 5, 7, 8, 50] {
        let mut got = Vec::new();
        let mut offset = 0;
        loop {
            let page = f.store.search("al", offset, limit, offset == 0).unwrap();
            assert_eq!(page.offset, offset);
            if offset == 0 {
                assert_eq!(page.total, Some(Count::Exact(23)));
            }
            if page.rows.is_empty() {
                break;
            }
            assert!(page.rows.len() as u64 <= limit);
            offset += page.rows.len() as u64;
            got.extend(page.rows.iter().map(|r| r.id));
        }
        assert_eq!(got, expected, "limit {limit}");
        let unique: HashSet<_> = got.iter().collect();
        assert_eq!(unique.len(), got.len());
    }
    // A page starting beyond pass 1.
    let page = f.store.search("al", 10, 3, false).unwrap();
    let ids: Vec<_> = page.rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, expected[10..13]);
    assert!(f.store.search("al", 23, 5, false).unwrap().rows.is_empty());
}

const HOSTILE: &[&str] = &[
    "\"",
    "\"\"",
    "'",
    "*",
    "a*",
    "*a",
    "NEAR",
    "NEAR(a b)",
    "a AND b",
    "a OR",
    "NOT",
    "a NOT b",
    "^a",
    "names:x",
    "codes : 1",
    "(",
    ")",
    "{a b}",
    "-",
    "+",
    "/",
    "😀",
    "😀 mo",
    "\u{0}",
    "\u{1b}[31m",
    "\u{202e}abc",
    "²",
    "ⅷ",
    "a\u{301}",
    "\u{301}",
    "ﷺ",
    "𝔞𝔟",
    "　",
];

#[test]
fn hostile_queries_never_fail() {
    let mut f = Fixture::new();
    f.add(&[("Near", "And")]);
    f.add(&[("Or", "Not")]);
    for q in HOSTILE {
        assert!(f.store.search(q, 0, 50, true).is_ok(), "{q:?}");
        assert!(f.store.search(q, 3, 50, true).is_ok(), "{q:?}");
    }
    let big = "ab\"* NEAR(".repeat(1000);
    assert!(f.store.search(&big, 0, 50, true).is_ok());
    assert!(f.store.search(&"9 ".repeat(5000), 0, 50, true).is_ok());
    assert_eq!(f.ids("near and"), f.ids("Near"));
    assert_eq!(f.ids("or not").len(), 1);
    assert!(f.store.search("mo", u64::MAX, u64::MAX, true).is_ok());
}

mod prop {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn shared() -> &'static std::sync::Mutex<Fixture> {
        static F: OnceLock<std::sync::Mutex<Fixture>> = OnceLock::new();
        F.get_or_init(|| {
            let mut f = Fixture::new();
            f.add(&[("Işık", "Şükrü")]);
            f.add(&[("Nguyễn", "Thị Minh")]);
            f.add(&[("ተስፋዬ", "ዮናስ")]);
            std::sync::Mutex::new(f)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn any_input_is_answered(q in "\\PC{0,40}|[\"*()^:+\\- a-zA-Z0-9]{0,40}|\\PC{0,2000}",
                                 offset in 0u64..5, limit in 0u64..60) {
            let f = shared().lock().unwrap();
            let r = f.store.search(&q, offset, limit, true);
            prop_assert!(r.is_ok(), "{:?}: {:?}", q, r.err());
        }
    }
}
