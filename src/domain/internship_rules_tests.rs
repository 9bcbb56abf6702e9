use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn span() -> Span {
    Span {
        start: d(2026, 3, 16),
        end: d(2026, 9, 15),
        weekly_hours: 20,
    }
}

#[test]
fn a_month_holds_the_weekly_hours_over_its_days_so_far() {
    // March from the 16th: 16 days, 20 h a week: at most 46 hours.
    assert_eq!(month_capacity("2026-03", span(), d(2026, 11, 1)), Ok(46));
    // A whole month of 30 days: 86 hours.
    assert_eq!(month_capacity("2026-04", span(), d(2026, 11, 1)), Ok(86));
    // On the third day of May, three days have happened: 9 hours.
    assert_eq!(month_capacity("2026-05", span(), d(2026, 5, 3)), Ok(9));
    // September ends on the 15th.
    assert_eq!(month_capacity("2026-09", span(), d(2026, 12, 1)), Ok(43));
}

#[test]
fn eighty_hours_on_the_third_day_of_a_month_are_refused_with_the_figures() {
    let r = check_attendance("2026-05", 80, 0, span(), d(2026, 5, 3));
    assert_eq!(
        r,
        Err(Refusal::TooManyHours {
            month: "2026-05".into(),
            hours: 80,
            max: 9,
            days: 3,
            weekly: 20
        })
    );
    assert!(check_attendance("2026-05", 9, 0, span(), d(2026, 5, 3)).is_ok());
    assert_eq!(
        check_attendance("2026-05", 9, 4, span(), d(2026, 5, 3)),
        Err(Refusal::TooManyAbsences {
            month: "2026-05".into(),
            absent: 4,
            days: 3
        })
    );
    assert_eq!(
        check_attendance("2026-05", -1, 0, span(), d(2026, 5, 3)),
        Err(Refusal::NegativeAttendance)
    );
}

#[test]
fn attendance_is_never_recorded_for_days_to_come_nor_outside_the_internship() {
    assert_eq!(
        check_attendance("2026-06", 1, 0, span(), d(2026, 5, 31)),
        Err(Refusal::MonthNotBegun {
            month: "2026-06".into(),
            from: d(2026, 6, 1)
        })
    );
    // March begins for this internship on the 16th.
    assert_eq!(
        check_attendance("2026-03", 1, 0, span(), d(2026, 3, 10)),
        Err(Refusal::MonthNotBegun {
            month: "2026-03".into(),
            from: d(2026, 3, 16)
        })
    );
    assert!(matches!(
        check_attendance("2026-10", 1, 0, span(), d(2026, 12, 1)),
        Err(Refusal::OutsideInternship { .. })
    ));
    assert_eq!(
        check_attendance("2026-13", 1, 0, span(), d(2026, 12, 1)),
        Err(Refusal::BadMonth("2026-13".into()))
    );
    assert_eq!(parse_month(" 2026-03 "), Some(d(2026, 3, 1)));
    assert_eq!(parse_month("2026-3"), None);
}

fn facts(paid: &[String], attendance: Option<i64>) -> PayFacts<'_> {
    PayFacts {
        span: span(),
        monthly_allowance: 50_000,
        attendance,
        paid_months: paid,
        needs_attendance: true,
    }
}

#[test]
fn a_month_is_paid_once_after_it_began_against_its_attendance() {
    let today = d(2026, 6, 10);
    let none: Vec<String> = vec![];
    assert!(check_payment("2026-05", 50_000, today, today, &facts(&none, Some(80))).is_ok());
    let paid = vec!["2026-05".to_string()];
    assert_eq!(
        check_payment("2026-05", 50_000, today, today, &facts(&paid, Some(80))),
        Err(Refusal::AlreadyPaid {
            month: "2026-05".into()
        })
    );
    assert_eq!(
        check_payment("2026-05", 50_000, today, today, &facts(&none, None)),
        Err(Refusal::NoAttendance {
            month: "2026-05".into()
        })
    );
    // In advance: July has not begun, neither by today nor by the payment's date.
    assert!(matches!(
        check_payment("2026-07", 50_000, today, today, &facts(&none, Some(1))),
        Err(Refusal::MonthNotBegun { .. })
    ));
    assert!(matches!(
        check_payment(
            "2026-06",
            50_000,
            d(2026, 5, 31),
            today,
            &facts(&none, Some(1))
        ),
        Err(Refusal::MonthNotBegun { .. })
    ));
    assert_eq!(
        check_payment(
            "2026-05",
            50_000,
            d(2026, 6, 11),
            today,
            &facts(&none, Some(1))
        ),
        Err(Refusal::InFuture)
    );
    assert_eq!(
        check_payment("2026-05", 100_000, today, today, &facts(&none, Some(80))),
        Err(Refusal::OverMonthly {
            month: "2026-05".into(),
            cents: 100_000,
            monthly: 50_000
        })
    );
    let loose = PayFacts {
        needs_attendance: false,
        ..facts(&none, None)
    };
    assert!(check_payment("2026-05", 50_000, today, today, &loose).is_ok());
}

#[test]
fn an_internship_is_active_on_or_after_its_start_and_after_its_preliminary_hours() {
    let start = d(2026, 3, 16);
    assert_eq!(
        check_activation(start, d(2026, 3, 15), 0, 0),
        Err(Refusal::BeforeStart {
            start,
            on: d(2026, 3, 15)
        })
    );
    assert!(check_activation(start, start, 0, 0).is_ok());
    assert_eq!(
        check_activation(start, start, 19 * 60, 20),
        Err(Refusal::PreliminaryHours {
            done_minutes: 19 * 60,
            needed: 20
        })
    );
    assert!(check_activation(start, start, 20 * 60, 20).is_ok());
    assert_eq!(month_of(start), "2026-03");
}

#[test]
fn refusals_speak_the_operators_language_with_their_figures() {
    use crate::i18n::{I18n, Lang};
    let r = Refusal::OverMonthly {
        month: "2026-05".into(),
        cents: 100_000,
        monthly: 50_000,
    };
    let en = I18n::new(Lang::En).msg(&r.msg(Lang::En));
    assert!(en.contains("€1,000.00") && en.contains("€500.00"), "{en}");
    assert!(en.contains("05/2026"), "{en}");
    let it = I18n::new(Lang::It).msg(&r.msg(Lang::It));
    assert!(it.contains("€ 1.000,00") && it.contains("€ 500,00"), "{it}");
    let moved = Refusal::NotAllowed {
        from: super::super::Status::Planned,
        to: super::super::Status::Completed,
    };
    let en = I18n::new(Lang::En).msg(&moved.msg(Lang::En));
    assert!(!en.contains("completat"), "{en}");
}
