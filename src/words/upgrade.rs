//! An older register's upgrade in the operator's words: the step running and the parts of
//! the register it rewrites.

use crate::i18n::{I18n, Lang, Msg};
use crate::store::upgrade::Stage;

/// What the upgrade is doing at `s`, with its tables named in `lang`.
pub fn doing(s: &Stage, lang: Lang) -> Msg {
    if s.tables.is_empty() {
        return Msg::new("jobs.upgrade.step_plain")
            .arg("step", s.step)
            .arg("last", s.last);
    }
    let i18n = I18n::new(lang);
    let tables: Vec<String> = s
        .tables
        .split(", ")
        .map(|t| {
            let key = format!("jobs.upgrade.table.{t}");
            match i18n.t(&key) {
                said if said == key => t.to_string(),
                said => said.to_string(),
            }
        })
        .collect();
    Msg::new("jobs.upgrade.step")
        .arg("step", s.step)
        .arg("last", s.last)
        .arg("tables", tables.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_and_its_tables_are_said_in_each_language() {
        let s = Stage {
            step: 13,
            last: 15,
            tables: "changes, audit_log, odd_one".into(),
            fraction: 0.5,
        };
        let it = I18n::new(Lang::It).msg(&doing(&s, Lang::It));
        let en = I18n::new(Lang::En).msg(&doing(&s, Lang::En));
        assert_eq!(
            it,
            "passo 13 di 15: registro delle modifiche, registro di controllo, odd_one"
        );
        assert_eq!(
            en,
            "step 13 of 15: journal of changes, audit trail, odd_one"
        );
        let plain = Stage {
            tables: String::new(),
            ..s
        };
        assert_eq!(
            I18n::new(Lang::En).msg(&doing(&plain, Lang::En)),
            "step 13 of 15"
        );
    }
}
