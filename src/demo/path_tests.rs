use std::collections::BTreeSet;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::store::bulk::CaseSeed;

pub fn puoi() -> ProgrammeInfo {
    let line = |code: &str, kind: &str, budget: i64| LineInfo {
        code: code.into(),
        kind: kind.into(),
        budget_cents: budget,
        unit_cost_cents: None,
    };
    ProgrammeInfo {
        id: Uuid::nil(),
        total_cents: 594_000,
        lines: vec![
            line("trainee_allowance", "allowance", 300_000),
            line("company_tutoring", "tutoring", 60_000),
            line("operator_services", "services", 234_000),
        ],
        monthly_allowance_cents: 50_000,
        months: 6,
    }
}

fn cases(n: usize, today: NaiveDate) -> Vec<CaseRows> {
    let network = Network {
        hosts: vec![Uuid::from_u128(1), Uuid::from_u128(2)],
        services: vec![Uuid::from_u128(3), Uuid::from_u128(4)],
    };
    let programmes = [puoi()];
    let w = World {
        today,
        network: &network,
        programmes: &programmes,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    (0..n)
        .map(|i| {
            let seed = CaseSeed {
                case_id: Uuid::from_u128(1000 + i as u128),
                person_id: Uuid::from_u128(5000 + i as u128),
                opened_at: noon(today - Duration::days((i % 700) as i64)),
                birth_date: None,
                shares: true,
            };
            case_rows(&mut rng, &seed, &w)
        })
        .collect()
}

#[test]
fn money_never_breaks_the_rules_and_every_stage_and_status_appears() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let all = cases(3000, today);
    let mut referral_states = BTreeSet::new();
    let mut internship_states = BTreeSet::new();
    let mut outcomes = BTreeSet::new();
    let mut overdue_referrals = 0;
    for c in &all {
        if let Some((_, _, lines)) = &c.programme {
            let committed: i64 = lines.iter().map(|l| l.committed_cents).sum();
            assert!(committed <= 594_000);
            for l in lines {
                assert!(0 <= l.paid_cents && l.paid_cents <= l.committed_cents);
                assert!(l.committed_cents <= l.budget_cents);
                let sum = |kind: &str| -> i64 {
                    c.ledger
                        .iter()
                        .filter(|e| e.line == l.line && e.kind == kind)
                        .map(|e| e.cents)
                        .sum()
                };
                assert_eq!(sum("commit"), l.committed_cents);
                assert_eq!(sum("pay"), l.paid_cents);
            }
        }
        for r in &c.referrals {
            let (status, on, _) = r.events.last().unwrap();
            referral_states.insert(status.clone());
            assert!(*on <= today);
            assert!(r.events.windows(2).all(|w| w[0].1 <= w[1].1));
            if status == "sent" && (today - *on).num_days() > 10 {
                overdue_referrals += 1;
            }
        }
        if let Some(i) = &c.internship {
            internship_states.insert(i.status.clone());
            assert!(i.start_on < i.planned_end_on);
        }
        if let Some((_, outcome, on)) = &c.closure {
            outcomes.insert(outcome.clone());
            assert!(*on < today);
        }
    }
    let want = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        referral_states,
        want(&[
            "accepted",
            "completed",
            "declined",
            "drafted",
            "in_progress",
            "no_show",
            "sent",
            "withdrawn"
        ])
    );
    assert_eq!(
        internship_states,
        want(&["active", "completed", "interrupted", "planned", "suspended"])
    );
    assert_eq!(outcomes.len(), 6);
    assert!(overdue_referrals > 10, "{overdue_referrals}");
}

#[test]
fn the_same_seed_gives_the_same_cases() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert_eq!(cases(200, today), cases(200, today));
}

#[test]
#[ignore = "a timing to read by hand: cargo test --release --lib generation_timing -- --ignored --nocapture"]
fn generation_timing() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let t = std::time::Instant::now();
    let n = cases(20_000, today).len();
    eprintln!("case rows: {:?} a case", t.elapsed() / n as u32);
    let t = std::time::Instant::now();
    let n = crate::demo::generate(20_000, 1, today).count();
    eprintln!("people: {:?} a person", t.elapsed() / n as u32);
}
