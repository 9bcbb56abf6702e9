use proptest::prelude::*;

use super::super::{FieldPath, FormState, intake};
use super::today;

const TYPED: &[&str] = &[
    "surname",
    "birth_date",
    "tax_code",
    "phone",
    "housing_notes",
    "permit_expiry",
    "did_date",
];

proptest! {
    #[test]
    fn anything_typed_or_pasted_is_kept_and_survives_a_draft(
        inputs in proptest::collection::vec((0..TYPED.len(), "\\PC{0,60}|[\\x00-\\x1f0-9/.,€ -]{0,30}", any::<bool>()), 1..8)
    ) {
        let mut s = FormState::new(intake(), today());
        for (i, input, paste) in &inputs {
            s.focus_path(&FieldPath::field(TYPED[*i]));
            if *paste {
                s.insert_str(input);
            } else {
                for c in input.chars() {
                    s.insert_char(c);
                }
            }
            let _ = s.issues();
        }
        let back = FormState::from_draft(intake(), &s.to_draft(), today()).unwrap();
        prop_assert_eq!(back.values(), s.values());
        prop_assert_eq!(back.to_draft(), s.to_draft());
        prop_assert_eq!(back.issues(), s.issues());
        let _ = s.document();
    }

    #[test]
    fn number_and_money_fields_never_panic_and_round_trip(
        n in "\\PC{0,30}|[0-9.,€ +-]{0,20}", m in "\\PC{0,30}|[0-9.,€ +-]{0,20}"
    ) {
        let form = super::spec(r#"
id = "t"
version = 1
title = { it = "T", en = "T" }
[[sections]]
id = "a"
label = { it = "A", en = "A" }
[[sections.fields]]
id = "n"
kind = "number"
label = { it = "N", en = "N" }
max_len = 64
[[sections.fields]]
id = "m"
kind = "money"
label = { it = "M", en = "M" }
max_len = 64
"#);
        let mut s = FormState::new(form.clone(), today());
        s.insert_str(&n);
        s.next_stop();
        s.insert_str(&m);
        let _ = s.issues();
        let back = FormState::from_draft(form.clone(), &s.to_draft(), today()).unwrap();
        prop_assert_eq!(back.values(), s.values());
        // A saved document reads back into inputs that save the same document.
        let doc = s.document();
        let again = FormState::from_document(form, &doc, today());
        prop_assert_eq!(again.document(), doc);
    }
}
