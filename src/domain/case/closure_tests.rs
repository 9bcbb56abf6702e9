use super::*;

fn work() -> OpenWork {
    OpenWork {
        internship: Some((Uuid::nil(), InternshipStatus::Active)),
        referrals: vec![OpenReferral {
            id: Uuid::nil(),
            partner: "CPIA Lecco".into(),
            status: ReferralStatus::Sent,
        }],
        actions: vec!["Corso A2".into()],
        unpaid: vec![("company_tutoring".into(), 35_000)],
    }
}

#[test]
fn open_work_is_settled_item_by_item_or_confirmed_with_a_reason() {
    let open = work();
    let none = Settlement::default();
    assert_eq!(
        check(&open, &none),
        Err(ClosureRefusal::Unsettled(open.clone()))
    );
    // Settling all but the PAI actions still leaves them.
    let most = Settlement {
        internship_completed: true,
        settle_referrals: true,
        release_unpaid: true,
        ..Settlement::default()
    };
    let left = OpenWork {
        actions: vec!["Corso A2".into()],
        ..OpenWork::default()
    };
    assert_eq!(check(&open, &most), Err(ClosureRefusal::Unsettled(left)));
    let confirmed = Settlement {
        reason: "Trasferita a Milano".into(),
        ..Settlement::default()
    };
    assert_eq!(check(&open, &confirmed), Ok(()));
    // The internship then ends interrupted, with the closure's reason.
    assert_eq!(
        internship_end(&confirmed),
        (InternshipStatus::Interrupted, "Trasferita a Milano".into())
    );
    assert!(check(&OpenWork::default(), &none).is_ok());
}

#[test]
fn the_open_work_reads_in_both_languages_with_its_figures() {
    let en = work().lines(Lang::En).join("\n");
    assert!(en.contains("€350.00") && en.contains("CPIA Lecco"), "{en}");
    let it = work().lines(Lang::It).join("\n");
    assert!(it.contains("€ 350,00") && it.contains("In corso"), "{it}");
    let m = ClosureRefusal::Unsettled(work()).msg(Lang::En);
    assert_eq!(m.key, "closure.refused.open");
}
