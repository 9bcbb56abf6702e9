//! Legal status, permit and the rest of the intake document of a demo person.

use chrono::{Duration, NaiveDate};
use rand::Rng;
use serde_json::{Map, Value, json};

/// EU member states other than Italy (their citizens need no permit).
const EU: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "LV", "LT",
    "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// Picks from `(value, weight)` pairs.
pub(crate) fn weighted<'a>(rng: &mut impl Rng, items: &[(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total.max(1));
    for (v, w) in items {
        if x < *w {
            return v;
        }
        x -= w;
    }
    items.first().map(|(v, _)| *v).unwrap_or_default()
}

fn digits(rng: &mut impl Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

/// The permit part of a person.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Permit {
    pub legal_status: &'static str,
    pub permit_type: Option<&'static str>,
    pub permit_status: Option<&'static str>,
    pub number: Option<String>,
    pub expiry: Option<NaiveDate>,
}

pub(crate) fn permit(rng: &mut impl Rng, country: &str, age: i32, today: NaiveDate) -> Permit {
    let none = |legal_status| Permit {
        legal_status,
        permit_type: None,
        permit_status: None,
        number: None,
        expiry: None,
    };
    if country == "IT" {
        return none("italian_citizen");
    }
    if EU.contains(&country) {
        return none("eu_citizen");
    }
    let legal_status = weighted(
        rng,
        &[
            ("refugee", 12),
            ("subsidiary_protection", 10),
            ("humanitarian_protection", 3),
            ("special_cases", 5),
            ("special_protection", 12),
            ("asylum_applicant", 20),
            ("former_uam", 15),
            ("other_permit", 23),
        ],
    );
    let permit_type = match legal_status {
        "refugee" => "refugee",
        "subsidiary_protection" => "subsidiary",
        "humanitarian_protection" | "special_cases" => "special_cases",
        "special_protection" => "special_protection",
        "asylum_applicant" => "asylum",
        "former_uam" if age < 18 => "minor_age",
        "former_uam" => weighted(rng, &[("work", 3), ("study", 1)]),
        _ => weighted(
            rng,
            &[
                ("work", 5),
                ("study", 1),
                ("family", 3),
                ("eu_long_term", 2),
                ("other", 1),
            ],
        ),
    };
    if rng.random_bool(0.12) {
        // In renewal: the number is the post-office receipt's, the expiry unknown.
        return Permit {
            legal_status,
            permit_type: Some(permit_type),
            permit_status: Some("in_renewal"),
            number: Some(digits(rng, 12)),
            expiry: None,
        };
    }
    let days = if rng.random_bool(0.1) {
        rng.random_range(0..=60)
    } else {
        rng.random_range(-365..=3 * 365)
    };
    let expiry = today + Duration::days(days);
    Permit {
        legal_status,
        permit_type: Some(permit_type),
        permit_status: Some(if expiry < today { "expired" } else { "valid" }),
        number: Some(format!("I{}", digits(rng, 8))),
        expiry: Some(expiry),
    }
}

/// An Italian mobile number as people write it: `+39 3xx xxxxxxx`.
pub(crate) fn mobile(rng: &mut impl Rng) -> String {
    format!(
        "+39 3{}{} {}",
        rng.random_range(2..10u8),
        digits(rng, 1),
        digits(rng, 7)
    )
}

/// The fields of the intake document that are not identity: status, work, consent.
pub(crate) fn fill_rest(
    rng: &mut impl Rng,
    data: &mut Map<String, Value>,
    permit: &Permit,
    intake: NaiveDate,
    today: NaiveDate,
) {
    data.insert("legal_status".into(), json!(permit.legal_status));
    if let Some(t) = permit.permit_type {
        data.insert("permit_type".into(), json!(t));
    }
    if let Some(s) = permit.permit_status {
        data.insert("permit_status".into(), json!(s));
    }
    if let Some(n) = &permit.number {
        data.insert("permit_number".into(), json!(n));
    }
    if let Some(e) = permit.expiry {
        data.insert(
            "permit_expiry".into(),
            json!(e.format("%Y-%m-%d").to_string()),
        );
    }
    let employment = weighted(
        rng,
        &[
            ("unemployed", 35),
            ("never_employed", 15),
            ("irregular_work", 15),
            ("employed", 15),
            ("student", 10),
            ("other", 10),
        ],
    );
    data.insert("employment_status".into(), json!(employment));
    let registered = rng.random_bool(0.5);
    data.insert("cpi_registered".into(), json!(registered));
    let day = |d: NaiveDate| json!(d.format("%Y-%m-%d").to_string());
    // Registered at the job centre: the DID, then (usually) the Patto di servizio, 15 days
    // later at most on unemployment benefit, 30 otherwise; some still missing it.
    if registered && matches!(employment, "unemployed" | "never_employed") {
        let did = intake - Duration::days(rng.random_range(0..30));
        let benefit = employment == "unemployed" && rng.random_bool(0.3);
        data.insert("did_date".into(), day(did));
        data.insert("on_unemployment_benefit".into(), json!(benefit));
        // A Patto still missing is a recent DID's (an old one was signed long ago).
        let recent = did > today - Duration::days(45);
        if !recent || rng.random_bool(0.6) {
            let limit = if benefit { 15 } else { 30 };
            data.insert(
                "patto_date".into(),
                day(did + Duration::days(rng.random_range(2..=limit))),
            );
        }
    }
    if permit.legal_status == "asylum_applicant" {
        let applied = intake - Duration::days(rng.random_range(5..120));
        data.insert("asylum_application_date".into(), day(applied));
    }
    if permit.legal_status == "former_uam" {
        data.insert("arrived_as_uam".into(), json!(true));
    }
    let reach = weighted(
        rng,
        &[
            ("self", 25),
            ("partner_referral", 35),
            ("outreach", 15),
            ("word_of_mouth", 20),
            ("other", 5),
        ],
    );
    data.insert("reach_channel".into(), json!(reach));
    data.insert("consent_given".into(), json!(true));
    data.insert(
        "consent_date".into(),
        json!(intake.format("%Y-%m-%d").to_string()),
    );
    let mut scopes = vec!["processing"];
    if rng.random_bool(0.7) {
        scopes.push("network_sharing");
    }
    if rng.random_bool(0.8) {
        scopes.push("contact");
    }
    data.insert("consent_scopes".into(), json!(scopes));
}
