//! One demo person: identity, names and their variants, tax code, contacts.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;
use serde_json::{Map, Value, json};

use super::names::{CountryNames, is_latin};
use super::{provisional, status};
use crate::domain::person::{PersonName, PersonRecord, Sex};
use crate::domain::taxcode;
use crate::lookups::lookup;

/// Belfiore codes of some Italian municipalities, for the Italy-born.
const MUNICIPALITIES: &[&str] = &[
    "H501", "F205", "F839", "L219", "G273", "D969", "A944", "D612", "A662", "E507", "A794", "B157",
];

fn pick<'a>(rng: &mut impl Rng, list: &'a [String]) -> &'a str {
    list.choose(rng).map(String::as_str).unwrap_or_default()
}

fn birth_date(rng: &mut impl Rng, today: NaiveDate) -> (NaiveDate, i32) {
    let age = if rng.random_bool(0.6) {
        rng.random_range(18..=30)
    } else {
        rng.random_range(16..=60)
    };
    let anniversary = today
        .checked_sub_months(Months::new(12 * age as u32))
        .unwrap_or(today);
    (anniversary - Duration::days(rng.random_range(0..365)), age)
}

/// Other ways the name is written, from the country's `variants`: a Latin spelling and,
/// sometimes, the name in its own script.
fn variants(
    rng: &mut impl Rng,
    c: &CountryNames,
    surname: &str,
    given: &[&str],
) -> Vec<PersonName> {
    let first = given.first().copied().unwrap_or_default();
    let alts = |name: &str, latin: bool| -> Vec<String> {
        c.variants
            .get(name)
            .map(|v| v.iter().filter(|a| is_latin(a) == latin).cloned().collect())
            .unwrap_or_default()
    };
    let with_first = |g: &str| {
        let mut all = vec![g.to_string()];
        all.extend(given.iter().skip(1).map(|s| s.to_string()));
        all.join(" ")
    };
    let mut out = Vec::new();
    let (ls, lg) = (alts(surname, true), alts(first, true));
    if !ls.is_empty() || !lg.is_empty() {
        let s = if ls.is_empty() {
            surname
        } else {
            pick(rng, &ls)
        };
        let g = if lg.is_empty() { first } else { pick(rng, &lg) };
        out.push(PersonName {
            surname: s.to_string(),
            given: with_first(g),
            kind: "variant".into(),
        });
    }
    let (ss, sg) = (alts(surname, false), alts(first, false));
    if (!ss.is_empty() || !sg.is_empty()) && rng.random_bool(0.6) {
        let s = if ss.is_empty() {
            surname
        } else {
            pick(rng, &ss)
        };
        let g = if sg.is_empty() { first } else { pick(rng, &sg) };
        out.push(PersonName {
            surname: s.to_string(),
            given: g.to_string(),
            kind: "script".into(),
        });
    }
    out
}

fn tax_code(
    rng: &mut impl Rng,
    c: &CountryNames,
    surname: &str,
    given: &str,
    birth: NaiveDate,
    sex: Sex,
) -> Option<String> {
    let place = if c.code == "IT" {
        MUNICIPALITIES.choose(rng).map(|s| s.to_string())
    } else {
        lookup("countries")
            .get(&c.code)
            .and_then(|i| i.belfiore.clone())
    };
    let roll: f64 = rng.random();
    match place {
        Some(place) if roll < 0.7 => {
            let sex = match sex {
                Sex::X if rng.random_bool(0.5) => Sex::F,
                Sex::X => Sex::M,
                s => s,
            };
            let code = taxcode::encode(surname, given, birth, sex, &place);
            Some(if rng.random_bool(0.04) {
                taxcode::omocode(&code, rng.random_range(1..=3))
            } else {
                code
            })
        }
        _ if roll < 0.8 => {
            let first: String = (0..10)
                .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
                .collect();
            Some(provisional(&first))
        }
        _ => None,
    }
}

fn languages(rng: &mut impl Rng, c: &CountryNames) -> Vec<String> {
    let mut out: Vec<String> = c.languages.iter().take(1).cloned().collect();
    for l in c.languages.iter().skip(1) {
        if rng.random_bool(0.3) {
            out.push(l.clone());
        }
    }
    if !out.iter().any(|l| l == "it") && rng.random_bool(0.4) {
        out.push("it".into());
    }
    out
}

/// A whole person born in `c`, taken in on `intake`.
pub(crate) fn person(
    rng: &mut impl Rng,
    c: &CountryNames,
    today: NaiveDate,
    intake: DateTime<Utc>,
) -> PersonRecord {
    let sex = match rng.random_range(0..100) {
        0..55 => Sex::M,
        55..99 => Sex::F,
        _ => Sex::X,
    };
    let pool = match sex {
        Sex::M if !c.male.is_empty() => &c.male,
        Sex::F if !c.female.is_empty() => &c.female,
        _ if c.female.is_empty() || (!c.male.is_empty() && rng.random_bool(0.5)) => &c.male,
        _ => &c.female,
    };
    let surname = pick(rng, &c.surnames).to_string();
    let mut given = vec![pick(rng, pool)];
    if rng.random_bool(0.15) {
        let second = pick(rng, pool);
        if second != given[0] {
            given.push(second);
        }
    }
    let given_names = given.join(" ");
    let (birth, age) = birth_date(rng, today);
    let mut names = vec![PersonName {
        surname: surname.clone(),
        given: given_names.clone(),
        kind: "document".into(),
    }];
    if rng.random_bool(0.3) {
        names.extend(variants(rng, c, &surname, &given));
    }
    let tax = tax_code(rng, c, &surname, &given_names, birth, sex);
    let phone = rng.random_bool(0.9).then(|| status::mobile(rng));
    let permit = status::permit(rng, &c.code, age, today);

    let mut data = Map::new();
    data.insert("surname".into(), json!(surname));
    data.insert("given_names".into(), json!(given_names));
    if names.len() > 1 {
        let v: Vec<Value> = names[1..]
            .iter()
            .map(|n| json!({"surname": n.surname, "given": n.given, "kind": n.kind}))
            .collect();
        data.insert("name_variants".into(), Value::Array(v));
    }
    data.insert("sex".into(), json!(sex.code()));
    data.insert(
        "birth_date".into(),
        json!(birth.format("%Y-%m-%d").to_string()),
    );
    data.insert("birth_country".into(), json!(c.code));
    data.insert("citizenship".into(), json!(c.code));
    if let Some(t) = &tax {
        data.insert("tax_code".into(), json!(t));
    }
    if let Some(p) = &phone {
        data.insert("phone".into(), json!(p));
    }
    data.insert("languages".into(), json!(languages(rng, c)));
    status::fill_rest(rng, &mut data, &permit, intake.date_naive(), today);

    let mut random = [0u8; 10];
    rng.fill(&mut random);
    let millis = u64::try_from(intake.timestamp_millis()).unwrap_or_default();
    PersonRecord {
        id: uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid(),
        names,
        birth_date: Some(birth),
        sex: Some(sex),
        birth_country: Some(c.code.clone()),
        tax_code: tax,
        phones: phone.into_iter().collect(),
        permit_number: permit.number,
        permit_expiry: permit.expiry,
        data,
    }
}
