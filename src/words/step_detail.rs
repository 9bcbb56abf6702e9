//! The short text shown beside a step's status (screen and `case show`).

use crate::domain::case::StepDetail;
use crate::domain::date::format_date;
use crate::i18n::I18n;
use crate::lookups::lookup;
use crate::text;

fn code_label(area: &str, code: &str, i18n: &I18n) -> String {
    let key = format!("case.{area}.{code}");
    let t = i18n.t(&key);
    if t == key {
        text::sanitize(code).into_owned()
    } else {
        t.to_string()
    }
}

/// The short text beside a step's status.
pub fn detail_text(d: &StepDetail, i18n: &I18n) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map(format_date).unwrap_or_default();
    match d {
        StepDetail::None => String::new(),
        StepDetail::Form { saved_on } => format_date(*saved_on),
        StepDetail::Plan {
            signed_on,
            actions,
            actions_done,
        } => {
            let mut parts = Vec::new();
            if let Some(on) = signed_on {
                parts.push(i18n.tf("case.detail.signed", &[("date", &format_date(*on))]));
            }
            if *actions > 0 {
                let (n, done) = (actions.to_string(), actions_done.to_string());
                parts.push(i18n.tf("case.detail.actions", &[("done", &done), ("n", &n)]));
            }
            parts.join(" · ")
        }
        StepDetail::Referrals { by_status } => by_status
            .iter()
            .map(|(s, n)| format!("{n} {}", code_label("referral_status", s, i18n)))
            .collect::<Vec<_>>()
            .join(" · "),
        StepDetail::Internship { status, status_on } => {
            let label = code_label("internship_status", status, i18n);
            format!("{label} {}", date(*status_on))
                .trim_end()
                .to_string()
        }
        StepDetail::FollowUps {
            pending, next_due, ..
        } => match next_due {
            Some(due) if *pending > 0 => i18n.tf(
                "case.detail.next_follow_up",
                &[("date", &format_date(*due)), ("n", &pending.to_string())],
            ),
            _ => String::new(),
        },
        StepDetail::Closure {
            outcome,
            outcome_on,
        } => match outcome {
            Some(o) => {
                let label = lookup("closure_outcomes").label_of(o, i18n.lang);
                format!("{} {}", text::sanitize(label), date(*outcome_on))
                    .trim_end()
                    .to_string()
            }
            None => String::new(),
        },
    }
}
