//! Demo data: a register of made-up people, deterministic for `(n, seed, today)`, with the
//! names, variants, tax codes, permits and intake documents a real desk meets.

mod money;
mod names;
pub mod partners;
pub mod path;
mod path_steps;
mod person;
mod status;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use names::{CountryNames, countries};

use crate::domain::person::PersonRecord;
use crate::store::{Store, StoreResult};

/// Demo people were taken in over this many days before `today`.
const SPAN_DAYS: i64 = 730;

/// The operator recorded in the journal for demo data.
pub const DEMO_OPERATOR: &str = "demo";

/// An 11-digit provisional tax code from its first ten digits: the check digit is computed
/// as `domain::taxcode` verifies it (Luhn-style: digits in even positions, counted from 1,
/// doubled, minus 9 above 9).
pub fn provisional(first10: &str) -> String {
    let sum: u32 = first10
        .bytes()
        .filter(u8::is_ascii_digit)
        .enumerate()
        .map(|(i, c)| {
            let d = u32::from(c - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    format!("{first10}{}", (10 - sum % 10) % 10)
}

/// When the `i`-th of `n` demo people was last active: spread evenly over the last two
/// years, the last one at 16:00 UTC on `today`.
pub fn activity_time(i: u64, n: u64, today: NaiveDate) -> DateTime<Utc> {
    let end = today
        .and_time(NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default())
        .and_utc();
    let span_ms = i128::from(SPAN_DAYS) * 86_400_000;
    let back = span_ms * i128::from(n.saturating_sub(i + 1)) / i128::from(n.max(1));
    end - Duration::milliseconds(i64::try_from(back).unwrap_or_default())
}

/// The demo people with the time of their last activity, oldest activity first.
pub struct Generator {
    rng: ChaCha8Rng,
    picker: names::WeightedCountries,
    next: u64,
    n: u64,
    today: NaiveDate,
}

impl Iterator for Generator {
    type Item = (PersonRecord, DateTime<Utc>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.n {
            return None;
        }
        let country = self.picker.pick(&mut self.rng)?;
        let at = activity_time(self.next, self.n, self.today);
        self.next += 1;
        Some((person::person(&mut self.rng, country, self.today, at), at))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.n - self.next).unwrap_or(usize::MAX);
        (left, Some(left))
    }
}

/// `n` demo people with their activity times.
pub fn generate_with_activity(n: u64, seed: u64, today: NaiveDate) -> Generator {
    let all = countries();
    Generator {
        rng: ChaCha8Rng::seed_from_u64(seed),
        picker: names::WeightedCountries::new(all),
        next: 0,
        n: if all.is_empty() { 0 } else { n },
        today,
    }
}

/// `n` demo people, the same ones for the same `(n, seed, today)`.
pub fn generate(n: u64, seed: u64, today: NaiveDate) -> impl Iterator<Item = PersonRecord> {
    generate_with_activity(n, seed, today).map(|(p, _)| p)
}

/// Loads `n` demo people into the store (one transaction). Returns how many were added
/// (people already there, from the same seed, are skipped).
pub fn run(store: &mut Store, n: u64, seed: u64, today: NaiveDate) -> StoreResult<u64> {
    store.import_people_at(generate_with_activity(n, seed, today), DEMO_OPERATOR)
}

/// The programmes of a store as the path generator needs them, by code (PUOI, the default,
/// first).
pub fn programme_infos(store: &Store) -> StoreResult<Vec<path::ProgrammeInfo>> {
    Ok(store
        .programmes()?
        .into_iter()
        .map(|p| {
            let rules = p.programme.internship.clone();
            path::ProgrammeInfo {
                id: p.id,
                total_cents: p.programme.total_cents,
                lines: p
                    .programme
                    .lines
                    .iter()
                    .map(|l| path::LineInfo {
                        code: l.code.clone(),
                        kind: l.kind.code().to_string(),
                        budget_cents: l.budget_cents,
                        unit_cost_cents: l.unit_cost_cents,
                    })
                    .collect(),
                monthly_allowance_cents: rules.as_ref().map_or(0, |r| r.monthly_allowance_cents),
                months: rules.map_or(6, |r| r.months),
            }
        })
        .collect())
}

/// Gives the demo desk its network and its cases a path: the partners (once), then each case
/// still at intake taken to a stage its age allows (see [`path`]). Returns partners added and
/// cases written.
pub fn run_path(
    store: &mut Store,
    seed: u64,
    today: NaiveDate,
    programmes: &[path::ProgrammeInfo],
) -> StoreResult<(u64, u64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5e_ed_ca_5e);
    let partners = partners::partners(&mut rng);
    let added = store.import_partners(&partners, DEMO_OPERATOR, Utc::now())?;
    let network = partners::Network::new(&store.partner_kinds()?);
    let world = path::World {
        today,
        network: &network,
        programmes,
    };
    let seeds = store.fresh_cases()?;
    // Each case draws from its own generator, seeded by its person (whose id is itself
    // deterministic), so a second run over new people never repeats an id.
    let rows = seeds.iter().map(|s| {
        let mix = s.person_id.as_u128() as u64 ^ (s.person_id.as_u128() >> 64) as u64;
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ mix);
        path::case_rows(&mut rng, s, &world)
    });
    let n = store.import_case_rows(rows, DEMO_OPERATOR)?;
    Ok((added, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::taxcode::{TaxCode, parse};

    #[test]
    fn provisional_codes_pass_the_domain_check() {
        for first in ["0000001021", "1234567890", "9999999999", "0000000000"] {
            let code = provisional(first);
            assert!(
                matches!(parse(&code), Ok(TaxCode::Provisional(_))),
                "{code}"
            );
        }
        assert_eq!(provisional("0000001021"), "00000010215");
    }

    #[test]
    fn activity_is_spread_over_two_years_ending_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let last = activity_time(99, 100, today);
        let first = activity_time(0, 100, today);
        assert_eq!(last.date_naive(), today);
        assert!(last - first > Duration::days(720));
        assert!(activity_time(50, 100, today) > first);
    }
}
