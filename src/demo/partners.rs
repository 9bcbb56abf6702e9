//! The demo's local network (`assets/demo/partners.toml`), compiled in.

use rand::Rng;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::store::bulk::PartnerRow;
use crate::text::fold;

const PARTNERS: &str = include_str!("../../assets/demo/partners.toml");

#[derive(Debug, Deserialize)]
struct Entry {
    name: String,
    kind: String,
    territory: String,
    services: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    partners: Vec<Entry>,
}

/// The demo partners, ids drawn from `rng` (the same for the same seed).
pub fn partners(rng: &mut impl Rng) -> Vec<PartnerRow> {
    let file: File = match toml::from_str(PARTNERS) {
        Ok(f) => f,
        Err(e) => {
            tracing::error!("demo partners are broken: {e}");
            return Vec::new();
        }
    };
    file.partners
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let id = uuid::Builder::from_random_bytes(rng.random()).into_uuid();
            PartnerRow {
                id,
                name_key: crate::store::partners::key_of(&e.name, &e.territory),
                data: data(&e, i),
                name: e.name,
                kind: e.kind,
                territory: e.territory,
            }
        })
        .collect()
}

/// The partner form's document for an entry: made-up contacts on reserved numbers.
fn data(e: &Entry, i: usize) -> Map<String, Value> {
    let slug: String = fold(&e.name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(16)
        .collect();
    let doc = json!({
        "name": e.name,
        "kind": e.kind,
        "services": e.services,
        "territory": e.territory,
        "phone": format!("+39 0341 {:06}", 100_000 + i * 137),
        "email": format!("{slug}@example.org"),
        "contact_person": CONTACTS[i % CONTACTS.len()],
    });
    match doc {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

const CONTACTS: &[&str] = &[
    "Laura Bonacina",
    "Paolo Crippa",
    "Silvia Mauri",
    "Davide Valsecchi",
    "Chiara Rusconi",
    "Matteo Corti",
];

/// Partner ids fit for a referral or an internship, by kind.
pub struct Network {
    pub hosts: Vec<Uuid>,
    pub services: Vec<Uuid>,
}

impl Network {
    pub fn new(all: &[(Uuid, String)]) -> Network {
        let (hosts, services): (Vec<_>, Vec<_>) = all.iter().partition(|(_, k)| k == "company");
        Network {
            hosts: hosts.into_iter().map(|(id, _)| *id).collect(),
            services: services.into_iter().map(|(id, _)| *id).collect(),
        }
    }
}
