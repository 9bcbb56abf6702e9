// Amounts are written as euros_cents (851_36 is € 851,36).
#![allow(clippy::inconsistent_digit_grouping)]

use proptest::prelude::*;

use super::*;

fn puoi() -> Budget {
    let line = |code: &str, budget| Line {
        code: code.into(),
        budget,
        committed: 0,
        paid: 0,
    };
    Budget {
        total: 594_000,
        lines: vec![
            line("trainee_allowance", 300_000),
            line("company_tutoring", 60_000),
            line("operator_services", 234_000),
        ],
    }
}

fn op(kind: OpKind, line: &str, cents: i64) -> Op {
    Op {
        kind,
        line: line.into(),
        cents,
    }
}

#[test]
fn a_line_is_committed_paid_and_released_within_its_budget() {
    let mut b = puoi();
    b.apply(&op(OpKind::Commit, "trainee_allowance", 300_000))
        .unwrap();
    b.apply(&op(OpKind::Pay, "trainee_allowance", 50_000))
        .unwrap();
    b.apply(&op(OpKind::Release, "trainee_allowance", 100_000))
        .unwrap();
    let l = b.line("trainee_allowance").unwrap();
    assert_eq!(
        (l.committed, l.paid, l.left(), l.payable()),
        (200_000, 50_000, 100_000, 150_000)
    );
    assert_eq!(
        (b.committed(), b.paid(), b.left()),
        (200_000, 50_000, 394_000)
    );
}

#[test]
fn each_refusal_carries_its_figures_and_changes_nothing() {
    let mut b = puoi();
    b.apply(&op(OpKind::Commit, "company_tutoring", 50_000))
        .unwrap();
    let before = b.clone();
    assert_eq!(
        b.apply(&op(OpKind::Commit, "company_tutoring", 22_000)),
        Err(Refusal::LineOverspend {
            line: "company_tutoring".into(),
            over: 12_000,
            left: 10_000
        })
    );
    assert_eq!(
        b.apply(&op(OpKind::Pay, "company_tutoring", 50_001)),
        Err(Refusal::BeyondCommitted {
            line: "company_tutoring".into(),
            over: 1,
            payable: 50_000
        })
    );
    b.apply(&op(OpKind::Pay, "company_tutoring", 20_000))
        .unwrap();
    let paid = b.clone();
    assert_eq!(
        b.apply(&op(OpKind::Release, "company_tutoring", 30_001)),
        Err(Refusal::ReleaseBelowPaid {
            line: "company_tutoring".into(),
            over: 1,
            payable: 30_000
        })
    );
    assert_eq!(
        b.apply(&op(OpKind::Commit, "nope", 1)),
        Err(Refusal::UnknownLine("nope".into()))
    );
    assert_eq!(
        b.apply(&op(OpKind::Commit, "company_tutoring", 0)),
        Err(Refusal::NotPositive)
    );
    assert_eq!(
        b.apply(&op(OpKind::Pay, "company_tutoring", -5)),
        Err(Refusal::NotPositive)
    );
    assert_eq!(b, paid);
    assert_ne!(b, before);
}

#[test]
fn the_total_caps_lines_that_add_up_to_more() {
    // PUOI PLUS: lines worth more than the "up to" total.
    let mut b = Budget {
        total: 100_00,
        lines: vec![
            Line {
                code: "a".into(),
                budget: 80_00,
                committed: 0,
                paid: 0,
            },
            Line {
                code: "b".into(),
                budget: 80_00,
                committed: 0,
                paid: 0,
            },
        ],
    };
    b.apply(&op(OpKind::Commit, "a", 80_00)).unwrap();
    assert_eq!(
        b.apply(&op(OpKind::Commit, "b", 30_00)),
        Err(Refusal::TotalOverspend {
            over: 10_00,
            left: 20_00
        })
    );
    b.apply(&op(OpKind::Commit, "b", 20_00)).unwrap();
    assert_eq!(b.left(), 0);
}

#[test]
fn refusals_read_as_sentences_with_euros() {
    let r = Refusal::LineOverspend {
        line: "trainee_allowance".into(),
        over: 12_000,
        left: 3_050,
    };
    let m = r.msg(crate::i18n::Lang::It, |_| "Indennità di tirocinio".into());
    assert_eq!(m.key, "plan.refused.line");
    let args: Vec<(&str, &str)> = m
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert!(args.contains(&("over", "€ 120,00")));
    assert!(args.contains(&("left", "€ 30,50")));
    assert!(args.contains(&("line", "Indennità di tirocinio")));
    let en = r.msg(crate::i18n::Lang::En, |_| "Trainee allowance".into());
    assert!(en.args.contains(&("over".into(), "€120.00".into())));
    assert!(en.args.contains(&("left".into(), "€30.50".into())));
}

#[test]
fn hours_cost_whole_cents_rounded_half_up() {
    assert_eq!(cost_of_minutes(53_21, 60), 53_21);
    assert_eq!(cost_of_minutes(53_21, 16 * 60), 851_36);
    assert_eq!(cost_of_minutes(53_21, 1), 89); // 88.68 -> 89
    assert_eq!(cost_of_minutes(100, 3), 5); // 5.0
    assert_eq!(cost_of_minutes(10, 3), 1); // 0.5 -> 1
    assert_eq!(used_percent(540, 600), 90);
    assert_eq!(used_percent(1, 0), 0);
}

fn arb_op() -> impl Strategy<Value = Op> {
    let kind = prop_oneof![
        Just(OpKind::Commit),
        Just(OpKind::Commit),
        Just(OpKind::Pay),
        Just(OpKind::Release)
    ];
    let line = prop_oneof![
        Just("trainee_allowance"),
        Just("company_tutoring"),
        Just("operator_services"),
        Just("unknown")
    ];
    (kind, line, -1_000i64..200_000).prop_map(|(kind, line, cents)| Op {
        kind,
        line: line.into(),
        cents,
    })
}

proptest! {
    #[test]
    fn no_sequence_of_operations_breaks_a_rule(
        total in 0i64..700_000,
        ops in proptest::collection::vec(arb_op(), 0..60),
    ) {
        let mut b = puoi();
        b.total = total;
        let (mut commits, mut pays) = (0i64, 0i64);
        for o in &ops {
            let before = b.clone();
            match b.apply(o) {
                Ok(()) => {
                    match o.kind {
                        OpKind::Commit => commits += o.cents,
                        OpKind::Release => commits -= o.cents,
                        OpKind::Pay => pays += o.cents,
                    }
                }
                Err(_) => prop_assert_eq!(&b, &before),
            }
            prop_assert!(b.is_consistent());
            prop_assert_eq!(b.committed(), commits);
            prop_assert_eq!(b.paid(), pays);
            prop_assert_eq!(b.left(), b.total - b.committed());
            prop_assert!(b.lines.iter().all(|l| l.left() >= 0 && l.payable() >= 0));
        }
    }
}
