//! `sportello person export ID [--out DIR]`: everything held about a person — the intake,
//! every case with its steps, plan, money, referrals, internships, follow-ups and timeline,
//! and who viewed or changed any of it — as JSON and as a readable document (the GDPR right
//! of access). The export itself is recorded in the audit trail.

use std::path::PathBuf;

use serde_json::{Value, json};
use uuid::Uuid;

use super::{Env, Failure};
use crate::i18n::Msg;
use crate::service::desk::{Access, OpenedPerson};
use crate::service::people;
use crate::store::audit::AuditEntry;
use crate::text::sanitize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The person's id (as printed by `search`)
    pub id: String,
    /// The folder to write `person-ID.json` and `person-ID.txt` into
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
}

/// One audit entry in words: when, who, what was done to which record and field (named by
/// the forms' labels and the catalogue, never by table or column).
fn who(e: &AuditEntry, i18n: &crate::i18n::I18n) -> String {
    use crate::words::labels;
    let field = e
        .field
        .as_deref()
        .map(|f| format!(" · {}", labels::field_name(&e.entity, f, i18n)))
        .unwrap_or_default();
    format!(
        "{} · {} · {} {}{}",
        e.at,
        e.operator,
        i18n.t(&format!("audit.action.{}", e.action)),
        labels::entity_name(&e.entity, i18n),
        field
    )
}

pub fn run(mut env: Env, a: Args) -> Result<(), Failure> {
    let id = Uuid::parse_str(a.id.trim())
        .map_err(|_| Failure::new(Msg::new("cli.bad_id").arg("value", &a.id)))?;
    let Some(OpenedPerson { person: p, cases }) = env.desk.open_person(id, Access::Export)? else {
        return Err(Failure::new(Msg::new("cli.not_found").arg("id", id)));
    };
    let id = p.record.id;
    let mut audit = env.desk.store.audit_for("person", id)?;
    let mut case_values = Vec::new();
    let mut text = crate::words::people::describe(&p, &env.i18n);
    for c in &cases {
        let d = super::case::dossier(&env, c.id)?;
        case_values.push(super::case::case_value(&d, &env.i18n));
        text.push(String::new());
        text.extend(super::case::case_lines(&d, &env.i18n));
        // Everything recorded on the case's timeline: the case and each of its records.
        let mut records: Vec<(String, Uuid)> = env
            .desk
            .store
            .changes_by_case(c.id, u32::MAX)?
            .into_iter()
            .map(|j| (j.entity, j.entity_id))
            .collect();
        records.sort();
        records.dedup();
        for (entity, rid) in records {
            audit.extend(env.desk.store.audit_for(&entity, rid)?);
        }
    }
    // Records merged into this one are the same person's data.
    let mut merged = Vec::new();
    for m in env.desk.store.merged_into(id)? {
        if let Some(r) = env.desk.store.merged_record(m)? {
            text.push(String::new());
            text.push(format!(
                "[{}]",
                env.i18n.tf("cli.export.merged", &[("id", &m.to_string())])
            ));
            text.extend(crate::words::people::describe(&r, &env.i18n));
            audit.extend(env.desk.store.audit_for("person", m)?);
            merged.push(json!({
                "person": people::person_json(&r, &[]),
                "journal": env.desk.store.journal_for("person", m)?,
            }));
        }
    }
    audit.sort_by_key(|e| e.seq);
    audit.dedup_by_key(|e| e.seq);
    let value = json!({
        "merged_records": merged,
        "person": people::person_json(&p, &cases),
        "cases": case_values,
        "journal": env.desk.store.journal_for("person", id)?,
        "audit": audit.iter().map(|e| json!({
            "seq": e.seq, "at": e.at, "operator": e.operator, "action": e.action,
            "entity": e.entity, "entity_id": e.entity_id, "field": e.field,
        })).collect::<Vec<Value>>(),
    });
    text.push(String::new());
    text.push(format!("[{}]", env.i18n.t("cli.export.audit")));
    text.extend(audit.iter().map(|e| format!("  {}", who(e, &env.i18n))));
    std::fs::create_dir_all(&a.out).map_err(|e| write_failed(&a.out, e))?;
    let json_path = a.out.join(format!("person-{id}.json"));
    let text_path = a.out.join(format!("person-{id}.txt"));
    let body = serde_json::to_string_pretty(&value).unwrap_or_default();
    std::fs::write(&json_path, body).map_err(|e| write_failed(&json_path, e))?;
    let lines: Vec<String> = text.iter().map(|l| sanitize(l).into_owned()).collect();
    std::fs::write(&text_path, lines.join("\n") + "\n").map_err(|e| write_failed(&text_path, e))?;
    println!(
        "{}",
        env.i18n.tf(
            "cli.export.done",
            &[
                ("json", &json_path.display().to_string()),
                ("text", &text_path.display().to_string()),
            ],
        )
    );
    Ok(())
}

fn write_failed(path: &std::path::Path, e: std::io::Error) -> Failure {
    Failure::new(
        Msg::new("cli.export.failed")
            .arg("path", path.display())
            .arg("detail", e),
    )
}
