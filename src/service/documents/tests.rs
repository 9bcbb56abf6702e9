use serde_json::{Map, json};

use super::*;
use crate::forms::{self, FieldKind, FieldSpec};

fn fits(read: Read, kind: FieldKind) -> bool {
    match read {
        Read::Text => matches!(
            kind,
            FieldKind::Text | FieldKind::LongText | FieldKind::Choice
        ),
        Read::Date => kind == FieldKind::Date,
        Read::Int => matches!(kind, FieldKind::Number | FieldKind::Money),
        Read::Flag => kind == FieldKind::YesNo,
        Read::Rows => kind == FieldKind::Group,
    }
}

/// Every field `T` reads exists in its form file with a kind that fits.
fn matches_its_form<T: FromDoc>() -> Vec<String> {
    let Some(spec) = forms::form(T::FORM) else {
        return vec![format!("{}: no such form", T::FORM)];
    };
    let empty = Map::new();
    let doc = Doc::new(&empty);
    T::read(&doc);
    let reads = doc.reads();
    assert!(!reads.is_empty(), "{} reads nothing", T::FORM);
    let mut wrong = Vec::new();
    for (name, how) in reads {
        let field: Option<&FieldSpec> = match name.split_once('.') {
            Some((group, sub)) => spec.field(group).and_then(|g| g.sub(sub)),
            None => spec.field(&name),
        };
        match field {
            None => wrong.push(format!("{}: no field {name}", T::FORM)),
            Some(f) if !fits(how, f.kind) => wrong.push(format!(
                "{}: {name} is {:?}, read as {how:?}",
                T::FORM,
                f.kind
            )),
            Some(_) => {}
        }
    }
    wrong
}

#[test]
fn every_typed_document_matches_its_form_file() {
    let wrong: Vec<String> = [
        matches_its_form::<IntakeDoc>(),
        matches_its_form::<InternshipDoc>(),
        matches_its_form::<InternshipStatusDoc>(),
        matches_its_form::<ExtendDoc>(),
        matches_its_form::<AttendanceDoc>(),
        matches_its_form::<AllowancePaymentDoc>(),
        matches_its_form::<ReferralDoc>(),
        matches_its_form::<ReferralStatusDoc>(),
        matches_its_form::<PartnerDoc>(),
        matches_its_form::<FollowUpDoc>(),
        matches_its_form::<FollowUpOutcomeDoc>(),
        matches_its_form::<ClosureDoc>(),
        matches_its_form::<ReopenDoc>(),
        matches_its_form::<LedgerEntryDoc>(),
        matches_its_form::<crate::service::programmes::ProgrammeDoc>(),
    ]
    .concat();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_field_the_form_lacks_or_reads_as_another_kind_is_caught() {
    struct Typo;
    impl FromDoc for Typo {
        const FORM: &'static str = "reopen";
        fn read(d: &Doc<'_>) -> Typo {
            d.text("reasons");
            d.int("date");
            Typo
        }
    }
    assert_eq!(matches_its_form::<Typo>().len(), 2);
}

#[test]
fn blank_and_unreadable_values_decode_as_missing() {
    let map = json!({
        "start_on": "not a date", "tutor": "  Rossi ", "host": "x",
        "weekly_hours": "20", "monthly_allowance": 50000
    });
    let d: InternshipDoc = decode(map.as_object().unwrap());
    assert_eq!(d.start_on, None);
    assert_eq!(d.tutor, "Rossi");
    assert_eq!(d.host, None);
    assert_eq!(d.weekly_hours, None);
    assert_eq!(d.monthly_allowance, Some(50000));
    let rows = json!({ "surname": "A", "name_variants": [
        { "surname": "B", "given": "C" }, "not a row", { "surname": " ", "given": "", "kind": "alias" }
    ]});
    let i: IntakeDoc = decode(rows.as_object().unwrap());
    assert_eq!(
        i.name_variants,
        [
            ("B".into(), "C".into(), None),
            (String::new(), String::new(), Some("alias".into()))
        ]
    );
}
