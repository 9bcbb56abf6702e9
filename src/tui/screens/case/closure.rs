//! Before the closure form: the case's open work (internship running, referrals not
//! concluded, PAI actions open, money committed and not paid), so the operator sees what the
//! form asks them to settle. Enter goes on to the form; a case with nothing open goes there
//! directly.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use uuid::Uuid;

use crate::domain::case::closure::OpenWork;

use crate::text;
use crate::tui::ctx::Ctx;
use crate::tui::form_job::{FormJob, FormOpen};
use crate::tui::keymap::{Action, Binding, key};
use crate::tui::router::Route;
use crate::tui::screen::{Screen, Transition};
use crate::tui::theme;

static KEYS: &[Binding] = &[
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Edit,
        help: "closure.keys.go_on",
        bar: true,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "keys.back",
        bar: true,
    },
];

/// The open work of a case, listed before its closure form.
pub struct ClosureScreen {
    case: Uuid,
    open: OpenWork,
}

impl ClosureScreen {
    pub fn new(case: Uuid, open: OpenWork) -> ClosureScreen {
        ClosureScreen { case, open }
    }
}

impl ClosureScreen {
    /// The open work of a case: `Some(None)` when there is none (the closure step goes
    /// straight to the form), `None` with the reason said when it cannot be read.
    pub fn load(case: Uuid, ctx: &mut Ctx) -> Option<Option<ClosureScreen>> {
        match ctx.desk.open_work(case) {
            Ok(open) if open.is_empty() => Some(None),
            Ok(open) => Some(Some(ClosureScreen::new(case, open))),
            Err(f) => {
                ctx.failed(&f);
                None
            }
        }
    }
}

impl Screen for ClosureScreen {
    fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS]
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Transition {
        match action {
            Action::Back => Transition::Pop,
            // A fresh form: after a reopening, the old outcome must not be saved again by
            // mistake (the old document stays on file and in the timeline).
            Action::Edit => Transition::Replace(Route::Form(Box::new(FormOpen::new(
                FormJob::Closure { case: self.case },
                None,
            )))),
            _ => Transition::None,
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let i18n = ctx.i18n;
        let mut lines = vec![Line::styled(
            i18n.t("closure.intro").to_string(),
            theme::dim(),
        )];
        lines.push(Line::raw(""));
        for l in self.open.lines(i18n.lang) {
            lines.push(Line::styled(
                format!("• {}", text::sanitize(&l)),
                theme::warn(),
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::raw(i18n.t("closure.go_on").to_string()));
        lines.push(Line::raw(i18n.t("closure.back").to_string()));
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    }

    fn title(&self, ctx: &Ctx) -> String {
        ctx.i18n.t("closure.title").to_string()
    }
}
