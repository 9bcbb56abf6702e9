use super::*;
use crate::config::Config;
use crate::i18n::Msg;
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 23);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

fn days(n: i64) -> NaiveDate {
    shift(today(), n).unwrap()
}

fn rules() -> Rules {
    Rules::from_config(&Config::default())
}

fn subject(name: &str) -> Subject {
    Subject {
        person_id: Uuid::nil(),
        person: name.into(),
        case_id: Uuid::nil(),
        operator: "anna".into(),
    }
}

#[test]
fn due_counts_days_left_and_late() {
    let due = Due::new(days(-3), today());
    assert_eq!(due.days, -3);
    assert!(due.overdue());
    assert!(Due::new(today(), today()).is_today());
    assert!(!Due::new(days(2), today()).overdue());
}

#[test]
fn follow_up_due_today_or_before_and_not_done() {
    assert_eq!(follow_up(days(1), None, today()), None);
    assert_eq!(follow_up(today(), None, today()).unwrap().days, 0);
    assert_eq!(follow_up(days(-1), None, today()).unwrap().days, -1);
    assert_eq!(follow_up(days(-1), Some(days(-1)), today()), None);
}

#[test]
fn permit_within_warning_days_or_expired() {
    assert_eq!(permit(days(61), today(), 60), None);
    assert_eq!(permit(days(60), today(), 60).unwrap().days, 60);
    assert_eq!(permit(days(59), today(), 60).unwrap().days, 59);
    assert!(permit(days(-400), today(), 60).unwrap().overdue());
    assert_eq!(permit(days(10), today(), 5), None);
}

#[test]
fn patto_thirty_days_or_fifteen_on_benefit() {
    let did = d(2026, 11, 1);
    assert_eq!(patto(did, None, false, today()).unwrap().on, d(2026, 12, 1));
    assert_eq!(patto(did, None, true, today()).unwrap().on, d(2026, 11, 16));
    assert!(patto(did, None, true, today()).unwrap().overdue());
    assert!(!patto(did, None, false, today()).unwrap().overdue());
    assert_eq!(patto(did, Some(d(2026, 11, 10)), false, today()), None);
    // the day before, the day, the day after the deadline
    let did = days(-30);
    assert_eq!(patto(did, None, false, days(-1)).unwrap().days, 1);
    assert_eq!(patto(did, None, false, today()).unwrap().days, 0);
    assert_eq!(patto(did, None, false, days(1)).unwrap().days, -1);
}

#[test]
fn asylum_work_raised_from_fourteen_days_before_to_thirty_after() {
    let s = Some(ASYLUM_APPLICANT);
    // work allowed on applied + 60
    assert_eq!(asylum_work_from(d(2026, 1, 1)), Some(d(2026, 3, 2)));
    let applied = |from_in: i64| days(from_in - 60);
    assert_eq!(asylum_work(applied(15), s, today()), None);
    assert_eq!(asylum_work(applied(14), s, today()).unwrap().days, 14);
    assert_eq!(asylum_work(applied(13), s, today()).unwrap().days, 13);
    assert_eq!(asylum_work(applied(0), s, today()).unwrap().days, 0);
    assert_eq!(asylum_work(applied(-30), s, today()).unwrap().days, -30);
    assert_eq!(asylum_work(applied(-31), s, today()), None);
    assert_eq!(asylum_work(applied(0), Some("refugee"), today()), None);
    assert_eq!(asylum_work(applied(0), None, today()), None);
}

#[test]
fn asylum_range_matches_the_rule() {
    let (lo, hi) = asylum_applied_range(today()).unwrap();
    let s = Some(ASYLUM_APPLICANT);
    assert!(asylum_work(lo, s, today()).is_some());
    assert!(asylum_work(hi, s, today()).is_some());
    assert!(asylum_work(lo.pred_opt().unwrap(), s, today()).is_none());
    assert!(asylum_work(hi.succ_opt().unwrap(), s, today()).is_none());
}

#[test]
fn eighteenth_birthday_of_a_leap_day_is_first_of_march() {
    assert_eq!(eighteenth_birthday(d(2008, 2, 29)), Some(d(2026, 3, 1)));
    assert_eq!(eighteenth_birthday(d(2006, 2, 28)), Some(d(2024, 2, 28)));
    assert_eq!(
        eighteenth_birthday(d(2010, 2, 29 - 1)),
        Some(d(2028, 2, 28))
    );
    // agrees with age_on
    let b = d(2008, 2, 29);
    assert_eq!(crate::domain::date::age_on(b, d(2026, 2, 28)), 17);
    assert_eq!(crate::domain::date::age_on(b, d(2026, 3, 1)), 18);
}

#[test]
fn uam_window_ninety_days_before_to_sixty_after() {
    let birth = d(2008, 11, 23); // 18 today
    assert_eq!(uam_conversion(birth, today()).unwrap().days, 0);
    let eighteen = d(2026, 11, 23);
    let at = |n: i64| shift(eighteen, n).unwrap();
    assert_eq!(uam_conversion(birth, at(-91)), None);
    assert_eq!(uam_conversion(birth, at(-90)).unwrap().days, 90);
    assert_eq!(uam_conversion(birth, at(-89)).unwrap().days, 89);
    assert_eq!(uam_conversion(birth, at(-1)).unwrap().days, 1);
    assert_eq!(uam_conversion(birth, at(1)).unwrap().days, -1);
    assert_eq!(uam_conversion(birth, at(60)).unwrap().days, -60);
    assert_eq!(uam_conversion(birth, at(61)), None);
}

#[test]
fn uam_leap_day_birthday() {
    let birth = d(2008, 2, 29);
    assert_eq!(uam_conversion(birth, d(2026, 2, 28)).unwrap().days, 1);
    assert_eq!(uam_conversion(birth, d(2026, 3, 1)).unwrap().days, 0);
    assert_eq!(uam_conversion(birth, d(2026, 3, 2)).unwrap().days, -1);
}

#[test]
fn uam_birth_range_covers_the_window() {
    for offset in -200..200 {
        let t = shift(d(2026, 2, 20), offset).unwrap();
        let (lo, hi) = uam_birth_range(t).unwrap();
        for b in [
            d(2008, 2, 29),
            d(2008, 3, 1),
            d(2007, 12, 31),
            d(2008, 6, 15),
        ] {
            if uam_conversion(b, t).is_some() {
                assert!(
                    lo <= b && b <= hi,
                    "{b} in window on {t} but not in {lo}..{hi}"
                );
            }
        }
    }
}

#[test]
fn referral_overdue_after_answer_days() {
    assert_eq!(referral(days(-10), today(), 10), None);
    assert_eq!(referral(days(-11), today(), 10).unwrap().days, -1);
    assert_eq!(referral(days(-12), today(), 10).unwrap().on, days(-2));
    assert_eq!(referral(days(-9), today(), 10), None);
}

#[test]
fn internship_ending_within_days_when_running() {
    assert_eq!(internship("active", days(15), today(), 14), None);
    assert_eq!(
        internship("active", days(14), today(), 14).unwrap().days,
        14
    );
    assert_eq!(
        internship("suspended", days(13), today(), 14).unwrap().days,
        13
    );
    assert!(
        internship("active", days(-1), today(), 14)
            .unwrap()
            .overdue()
    );
    assert_eq!(internship("planned", days(3), today(), 14), None);
    assert_eq!(internship("ended", days(3), today(), 14), None);
}

#[test]
fn plan_action_overdue_the_day_after() {
    assert_eq!(plan_action("planned", today(), today()), None);
    assert_eq!(plan_action("planned", days(1), today()), None);
    assert_eq!(
        plan_action("in_progress", days(-1), today()).unwrap().days,
        -1
    );
    assert_eq!(plan_action("done", days(-1), today()), None);
    assert_eq!(plan_action("cancelled", days(-5), today()), None);
}

#[test]
fn budget_alert_at_the_percentage() {
    assert!(!budget_alert(100_000, 89_999, 90));
    assert!(budget_alert(100_000, 90_000, 90));
    assert!(budget_alert(100_000, 100_000, 90));
    assert!(!budget_alert(0, 0, 90));
    assert!(budget_alert(1000, 500, 50));
    assert_eq!(budget(100_000, 95_000, 90, today()).unwrap().days, 0);
}

#[test]
fn evaluate_builds_reason_with_dates_and_amounts() {
    let item = evaluate(
        subject("Rossi Mario"),
        &Fact::Budget {
            line: "allowance".into(),
            budget_cents: 200_000,
            committed_cents: 190_000,
        },
        today(),
        &rules(),
    )
    .unwrap();
    assert_eq!(item.kind, Kind::Budget);
    assert_eq!(item.reason.key, "agenda.reason.budget");
    let arg = |k: &str| {
        item.reason
            .args
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(arg("committed:cents"), "190000");
    assert_eq!(arg("budget:cents"), "200000");
    assert_eq!(arg("percent"), "95");
    // Money and the line's name are put into words in the operator's language.
    let en = crate::i18n::I18n::new(crate::i18n::Lang::En).msg(&item.reason);
    let it = crate::i18n::I18n::new(crate::i18n::Lang::It).msg(&item.reason);
    assert!(en.contains("€1,900.00 of €2,000.00"), "{en}");
    assert!(it.contains("€ 1.900,00 su € 2.000,00"), "{it}");
    let item = evaluate(
        subject("x"),
        &Fact::Referral {
            sent_on: d(2026, 11, 1),
            partner: "Caritas".into(),
        },
        today(),
        &rules(),
    )
    .unwrap();
    assert!(
        item.reason
            .args
            .contains(&("partner".into(), "Caritas".into()))
    );
    assert!(
        item.reason
            .args
            .contains(&("date".into(), "11/11/2026".into()))
    );
    assert!(
        item.reason
            .args
            .contains(&("sent".into(), "01/11/2026".into()))
    );
    let none = evaluate(
        subject("x"),
        &Fact::Permit { expiry: days(200) },
        today(),
        &rules(),
    );
    assert_eq!(none, None);
}

#[test]
fn permit_reason_says_expired_or_expiring() {
    let e = |n| {
        evaluate(
            subject("x"),
            &Fact::Permit { expiry: days(n) },
            today(),
            &rules(),
        )
        .unwrap()
        .reason
        .key
    };
    assert_eq!(e(-1), "agenda.reason.permit_expired");
    assert_eq!(e(0), "agenda.reason.permit_expiring");
}

#[test]
fn urgency_overdue_most_late_first_then_due_then_kind() {
    let item = |kind: Kind, n: i64| Item {
        kind,
        person_id: Uuid::nil(),
        person: "p".into(),
        case_id: Uuid::nil(),
        operator: String::new(),
        due: Due::new(days(n), today()),
        reason: Msg::new("k"),
    };
    let mut v = [
        item(Kind::Budget, 0),
        item(Kind::Permit, 5),
        item(Kind::Referral, -2),
        item(Kind::FollowUp, 0),
        item(Kind::PlanAction, -9),
    ];
    v.sort_by(urgency);
    let got: Vec<(Kind, i64)> = v.iter().map(|i| (i.kind, i.due.days)).collect();
    assert_eq!(
        got,
        vec![
            (Kind::PlanAction, -9),
            (Kind::Referral, -2),
            (Kind::FollowUp, 0),
            (Kind::Budget, 0),
            (Kind::Permit, 5),
        ]
    );
}

#[test]
fn kind_codes_round_trip() {
    for k in Kind::ALL {
        assert_eq!(Kind::from_code(k.code()), Some(k));
    }
    assert_eq!(Kind::from_code("nope"), None);
}
