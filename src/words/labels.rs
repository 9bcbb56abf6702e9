//! What the journal's records and fields are called in the operator's language, for the
//! timeline and the audit screen: a form's title and its fields' labels where a form
//! describes them, else the catalogue (`words.entity.*`, `words.field.*`). A table, column
//! or code never reaches the screen as it is: one nobody named yet is shown as words made
//! from its id ("birth_place" → "Birth place").

use crate::forms;
use crate::i18n::I18n;

/// The form that describes a journal entity's fields, when one does.
pub fn form_of(entity: &str) -> Option<&'static str> {
    let id = match entity {
        "person" => "intake",
        "ledger" => "ledger_entry",
        other => other,
    };
    forms::ids().find(|f| *f == id)
}

/// The catalogue's text for `key`, if the catalogue has it.
fn known(i18n: &I18n, key: &str) -> Option<String> {
    let t = i18n.t(key);
    (t != key).then(|| t.to_string())
}

/// What a journal entity (a table) is called: the catalogue's name, else its form's title.
pub fn entity_name(entity: &str, i18n: &I18n) -> String {
    known(i18n, &format!("words.entity.{entity}"))
        .or_else(|| form_of(entity).and_then(|f| form_title(f, i18n)))
        .unwrap_or_else(|| humanise(entity))
}

/// A form's title in the operator's language.
pub fn form_title(form: &str, i18n: &I18n) -> Option<String> {
    forms::form(form).map(|s| s.title.get(i18n.lang).to_string())
}

/// What a field of a journal entity is called: the label of its form's field (`data.<id>`
/// or a column named like a field), else the catalogue's name, else words from its id.
pub fn field_name(entity: &str, field: &str, i18n: &I18n) -> String {
    let id = field.strip_prefix("data.").unwrap_or(field);
    let from_form = form_of(entity)
        .and_then(forms::form)
        .and_then(|spec| spec.field(id).map(|f| f.label.get(i18n.lang).to_string()));
    from_form
        .or_else(|| known(i18n, &format!("words.field.{entity}.{id}")))
        .or_else(|| known(i18n, &format!("words.field.{id}")))
        .unwrap_or_else(|| humanise(id))
}

/// The label of a code of a lookup list; a code the list does not hold (an older list, a
/// typing slip in a file) as words made from it.
pub fn code_label(list: &str, code: &str, i18n: &I18n) -> String {
    if code.is_empty() {
        return String::new();
    }
    match crate::lookups::lookup(list).get(code) {
        Some(item) => item.label(i18n.lang).to_string(),
        None => humanise(code),
    }
}

/// A programme's name from its code ("puoi" → "PUOI – Individual endowment"), as shipped;
/// a programme a coordinator added shows its code in capitals, as an acronym.
pub fn programme_name(code: &str, i18n: &I18n) -> String {
    static ALL: std::sync::OnceLock<Vec<crate::domain::programme::Programme>> =
        std::sync::OnceLock::new();
    ALL.get_or_init(crate::domain::programme::shipped)
        .iter()
        .find(|p| p.code == code)
        .map(|p| p.name.get(i18n.lang).to_string())
        .unwrap_or_else(|| code.to_uppercase())
}

/// Words from an identifier: `birth_place` → "Birth place", `data.x` → "X".
pub fn humanise(id: &str) -> String {
    let last = id.rsplit('.').next().unwrap_or(id);
    let spaced: String = last
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect();
    let spaced = spaced.trim();
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "—".to_string(),
    }
}

/// A month `YYYY-MM` in words ("March 2026", "marzo 2026"); anything else as it came.
pub fn month_name(month: &str, i18n: &I18n) -> String {
    let parsed = month
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)));
    match parsed {
        Some((y, m)) if (1..=12).contains(&m) => i18n.tf(
            "words.month_year",
            &[
                ("month", i18n.t(&format!("words.month.{m}"))),
                ("year", &y.to_string()),
            ],
        ),
        _ => month.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn tables_and_fields_are_named_in_words() {
        let en = I18n::new(Lang::En);
        let it = I18n::new(Lang::It);
        assert_eq!(entity_name("ledger", &en), "Budget movement");
        assert_eq!(entity_name("ledger", &it), "Movimento del budget");
        assert_eq!(entity_name("person", &en), "Person");
        assert_eq!(
            field_name("person", "data.birth_place", &en),
            "Place of birth"
        );
        assert_eq!(field_name("person", "phones", &en), "Phone numbers");
        assert_eq!(field_name("internship", "attendance", &en), "Attendance");
        assert_eq!(field_name("follow_up", "outcome", &it), "Esito");
        assert_eq!(field_name("gadget", "size_max", &en), "Size max");
        assert_eq!(humanise(""), "—");
        for e in [
            "case",
            "person",
            "operator",
            "partner",
            "programme",
            "referral",
            "internship",
            "follow_up",
            "ledger",
            "orientation",
            "assessment",
            "action_plan",
            "closure",
        ] {
            for i18n in [&en, &it] {
                let name = entity_name(e, i18n);
                assert!(!name.contains('_') && name != e, "{e}: {name}");
            }
        }
    }

    #[test]
    fn programmes_by_name() {
        let en = I18n::new(Lang::En);
        assert_eq!(programme_name("puoi", &en), "PUOI – Individual endowment");
        assert_eq!(programme_name("dote_x", &en), "DOTE_X");
    }

    #[test]
    fn months_in_words() {
        assert_eq!(month_name("2026-03", &I18n::new(Lang::En)), "March 2026");
        assert_eq!(month_name("2026-03", &I18n::new(Lang::It)), "marzo 2026");
        assert_eq!(month_name("2026-13", &I18n::new(Lang::It)), "2026-13");
        assert_eq!(month_name("x", &I18n::new(Lang::It)), "x");
    }
}
