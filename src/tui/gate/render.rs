//! Drawing the gate: the box of each stage (setup, the recovery code, recovery, login).

use ratatui::Frame;

use super::view::{self, Boxed};
use super::{DESK, Gate, NAME, PASS, Stage, USER, strength_style, wait_message};
use crate::i18n::Msg;
use crate::tui::widgets::progress;
use crate::vault::strength;

impl Gate {
    pub fn render(&self, f: &mut Frame) {
        let i18n = &self.i18n;
        let t = |k: &str| i18n.t(k).to_string();
        let wait_msg = self.wait_message();
        let error = wait_msg.as_ref().or(self.error.as_ref());
        let working = self
            .working
            .then(|| match (&self.pending, self.fraction()) {
                (Some(_), Some(f)) => Msg::new("jobs.encrypt.percent")
                    .arg("bar", progress::bar(Some(f), 20))
                    .arg("pct", (f * 100.0).floor()),
                (Some((_, since)), None) if since.elapsed().as_secs() >= 1 => {
                    Msg::new("jobs.gate_working").arg("secs", since.elapsed().as_secs())
                }
                _ => Msg::new("auth.gate.working"),
            });
        let error = working.as_ref().or(error);
        let b = match &self.stage {
            Stage::Setup { over_plain } => {
                let pass = self.fields.value(PASS);
                let related = [
                    self.fields.value(DESK),
                    self.fields.value(NAME),
                    self.fields.value(USER),
                ];
                let hint = (!pass.is_empty()).then(|| {
                    let s = strength(pass, &related);
                    let level = t(s.key());
                    (
                        PASS,
                        i18n.tf("auth.gate.strength", &[("level", &level)]),
                        strength_style(s),
                    )
                });
                Boxed {
                    title: t(if *over_plain {
                        "auth.gate.setup_plain_title"
                    } else {
                        "auth.gate.setup_title"
                    }),
                    note: Some(t(if *over_plain {
                        "auth.gate.setup_plain_note"
                    } else {
                        "auth.gate.setup_note"
                    })),
                    fields: Some(&self.fields),
                    hint,
                    big: None,
                    error,
                    keys: t("auth.gate.keys_setup"),
                }
            }
            Stage::ShowCode { code } => Boxed {
                title: t("auth.gate.recovery_title"),
                note: Some(t("auth.gate.recovery_note")),
                fields: None,
                hint: None,
                big: Some(code.reveal().to_string()),
                error: None,
                keys: t("auth.gate.keys_recovery"),
            },
            Stage::Recover => Boxed {
                title: t("auth.gate.recover_title"),
                note: Some(t("auth.gate.recover_note")),
                fields: Some(&self.fields),
                hint: None,
                big: None,
                error,
                keys: t("auth.gate.keys_recover"),
            },
            Stage::Login => Boxed {
                title: format!("{} · {}", t("app.name"), t("auth.gate.login_title")),
                note: self.note.as_ref().map(|m| i18n.msg(m)),
                fields: Some(&self.fields),
                hint: None,
                big: None,
                error,
                keys: t("auth.gate.keys_login"),
            },
        };
        view::draw(f, i18n, &b);
    }

    fn wait_message(&self) -> Option<Msg> {
        wait_message(self.wait_until, "auth.wait")
    }
}
