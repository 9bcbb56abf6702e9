//! A person's record in words, for `person show` and `person export`.

use crate::domain::person::StoredPerson;
use crate::forms;
use crate::i18n::I18n;

/// A person as lines of text, for `person show` without `--json`.
pub fn describe(p: &StoredPerson, i18n: &I18n) -> Vec<String> {
    let mut out = vec![p.record.display_name(), format!("id: {}", p.record.id)];
    for section in forms::display::shown(&forms::intake(), &p.record.data, i18n) {
        out.push(String::new());
        out.push(format!("[{}]", section.label));
        for f in section.fields {
            out.push(format!("  {}: {}", f.label, f.value));
        }
    }
    out
}
