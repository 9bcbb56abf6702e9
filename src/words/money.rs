//! Words for the money the plan screen and `case show` list.

use crate::i18n::Lang;
use crate::service::plan::BudgetView;

/// The label of a budget line in `lang` (its code when the programme lost it).
pub fn budget_line(view: &BudgetView, code: &str, lang: Lang) -> String {
    view.programme
        .programme
        .line(code)
        .map_or_else(|| code.to_string(), |l| l.label.get(lang).to_string())
}
