//! The plan's forms and what saving each does: the PAI, enrolment, and movements of money.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::domain::money::OpKind;
use crate::forms::Lookups;
use crate::i18n::money;
use crate::i18n::{Lang, Msg};
use crate::lookups::{Lookup, LookupItem};
use crate::service::plan::PlanOverview;
use crate::store::Store;
use crate::tui::ctx::Ctx;
use crate::tui::screen::{AppEvent, Screen};
use crate::tui::screens::form::FormScreen;
use crate::tui::screens::form::target::{FormTarget, OpenedAt, Restored};
use crate::words::Said;
use crate::words::refusals::budget_line;

fn case_of(saved: &Value) -> Option<Uuid> {
    saved
        .get("case")
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

fn screen(
    form: &str,
    doc: Option<&Map<String, Value>>,
    lookups: Lookups,
    target: Box<dyn FormTarget>,
    ctx: &mut Ctx,
) -> Option<Box<dyn Screen>> {
    match FormScreen::for_target(form, doc, lookups, target, ctx) {
        Some(s) => Some(Box::new(s)),
        None => {
            ctx.error(Msg::new("case.not_available"));
            None
        }
    }
}

/// Saves the PAI.
struct PlanTarget {
    case: Uuid,
    /// A save over someone else's later one is refused once.
    opened: OpenedAt,
}

impl FormTarget for PlanTarget {
    fn save(&mut self, doc: &Map<String, Value>, ctx: &mut Ctx) -> Result<AppEvent, Msg> {
        let case = self.case;
        self.opened
            .checked(|opened| ctx.desk.save_plan(case, doc, Some(opened)))?;
        Ok(AppEvent::CaseChanged(self.case))
    }

    fn draft(&self) -> Value {
        json!({ "case": self.case })
    }
}

pub fn plan_form(
    case: Uuid,
    doc: Option<&Map<String, Value>>,
    ctx: &mut Ctx,
) -> Option<Box<dyn Screen>> {
    screen(
        "action_plan",
        doc,
        Lookups::new(),
        Box::new(PlanTarget {
            case,
            opened: OpenedAt::now(),
        }),
        ctx,
    )
}

/// Enrols the case in the programme chosen.
struct EnrolTarget {
    case: Uuid,
}

impl FormTarget for EnrolTarget {
    fn save(&mut self, doc: &Map<String, Value>, ctx: &mut Ctx) -> Result<AppEvent, Msg> {
        let code = doc
            .get("programme")
            .and_then(Value::as_str)
            .unwrap_or_default();
        ctx.desk
            .enrol(self.case, code)
            .map_err(|e| e.msg(ctx.i18n.lang))?;
        Ok(AppEvent::CaseChanged(self.case))
    }

    fn draft(&self) -> Value {
        json!({ "case": self.case })
    }
}

fn item(code: &str, it: String, en: String) -> LookupItem {
    LookupItem {
        code: code.to_string(),
        it,
        en,
        belfiore: None,
    }
}

fn programmes(store: &Store) -> Lookups {
    let items = store
        .programmes()
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let total = |l: Lang| money(p.programme.total_cents, l);
            let name = |l: Lang| format!("{} ({})", p.programme.name.get(l), total(l));
            item(&p.programme.code, name(Lang::It), name(Lang::En))
        })
        .collect();
    Lookups::from([("programmes".to_string(), Lookup { items })])
}

pub fn enrol_form(case: Uuid, ctx: &mut Ctx) -> Option<Box<dyn Screen>> {
    let lookups = programmes(&ctx.desk.store);
    screen("enrol", None, lookups, Box::new(EnrolTarget { case }), ctx)
}

/// Records a commitment, payment or release.
struct MoneyTarget {
    case: Uuid,
    kind: OpKind,
}

impl FormTarget for MoneyTarget {
    fn save(&mut self, doc: &Map<String, Value>, ctx: &mut Ctx) -> Result<AppEvent, Msg> {
        ctx.desk
            .record_movement(self.case, self.kind, doc)
            .map_err(|e| e.msg(ctx.i18n.lang))?;
        Ok(AppEvent::CaseChanged(self.case))
    }

    fn draft(&self) -> Value {
        json!({ "case": self.case, "kind": self.kind.code() })
    }
}

/// The case's budget lines, each with what is left (or payable) beside its name.
fn budget_lines(plan: &PlanOverview, kind: OpKind) -> Lookups {
    let Some(view) = &plan.budget else {
        return Lookups::new();
    };
    let items = view
        .budget
        .lines
        .iter()
        .map(|l| {
            let room = match kind {
                OpKind::Commit => l.left().min(view.budget.left()),
                OpKind::Pay | OpKind::Release => l.payable(),
            };
            let label = |lang: Lang| {
                format!(
                    "{} ({})",
                    budget_line(view, &l.code, lang),
                    money(room, lang)
                )
            };
            item(&l.code, label(Lang::It), label(Lang::En))
        })
        .collect();
    Lookups::from([("budget_lines".to_string(), Lookup { items })])
}

pub fn money_form(
    case: Uuid,
    kind: OpKind,
    plan: &PlanOverview,
    ctx: &mut Ctx,
) -> Option<Box<dyn Screen>> {
    let lookups = budget_lines(plan, kind);
    let today = ctx.desk.today().format("%Y-%m-%d").to_string();
    let doc: Map<String, Value> = [("on_date".to_string(), json!(today))]
        .into_iter()
        .collect();
    let target = Box::new(MoneyTarget { case, kind });
    let form = match FormScreen::for_target("ledger_entry", Some(&doc), lookups, target, ctx) {
        Some(s) => Some(Box::new(s.as_new()) as Box<dyn Screen>),
        None => {
            ctx.error(Msg::new("case.not_available"));
            None
        }
    };
    ctx.info(Msg::new(format!("plan.movement.{}", kind.code())));
    form
}

/// Rebuilds a plan form's target from a draft (see `form::target::restore`).
pub fn restore(form: &str, saved: &Value, ctx: &Ctx) -> Option<Restored> {
    let case = case_of(saved)?;
    match form {
        "action_plan" => Some((
            Box::new(PlanTarget {
                case,
                opened: OpenedAt::now(),
            }),
            Lookups::new(),
        )),
        "enrol" => Some((Box::new(EnrolTarget { case }), programmes(&ctx.desk.store))),
        "ledger_entry" => {
            let kind = saved
                .get("kind")
                .and_then(Value::as_str)
                .and_then(OpKind::from_code)?;
            let plan = ctx
                .desk
                .plan_overview(case)
                .map_err(|e| ctx.problem(e.msg()))
                .ok()
                .flatten()?;
            Some((
                Box::new(MoneyTarget { case, kind }),
                budget_lines(&plan, kind),
            ))
        }
        _ => None,
    }
}
