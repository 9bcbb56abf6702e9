//! `sportello person export ID [--out DIR]`: everything held about a person — the intake,
//! every case with its steps, plan, money, referrals, internships, follow-ups and timeline,
//! and who viewed or changed any of it — as JSON and as a readable document (the GDPR right
//! of access). The export itself is recorded in the audit trail.

use std::path::PathBuf;

use serde_json::{Value, json};
use uuid::Uuid;

use super::{Env, Failure};
use crate::i18n::Msg;
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
    let Some(x) = env.desk.export_person(id).map_err(|f| env.failed(f))? else {
        return Err(Failure::new(Msg::new("cli.not_found").arg("id", id)));
    };
    let (p, id, audit) = (&x.person, x.person.record.id, &x.audit);
    let mut case_values = Vec::new();
    let mut text = crate::words::people::describe(p, &env.i18n);
    for d in &x.dossiers {
        case_values.push(super::case::case_value(d, &env.i18n));
        text.push(String::new());
        text.extend(super::case::case_lines(d, &env.i18n));
    }
    // Records merged into this one are the same person's data.
    let mut merged = Vec::new();
    for m in &x.merged {
        text.push(String::new());
        text.push(format!(
            "[{}]",
            env.i18n
                .tf("cli.export.merged", &[("id", &m.id.to_string())])
        ));
        text.extend(crate::words::people::describe(&m.person, &env.i18n));
        merged.push(json!({
            "person": people::person_json(&m.person, &[]),
            "journal": m.journal,
        }));
    }
    let value = json!({
        "merged_records": merged,
        "person": people::person_json(p, &x.cases),
        "cases": case_values,
        "journal": x.journal,
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
    private_file(&json_path, body.as_bytes()).map_err(|e| write_failed(&json_path, e))?;
    let lines: Vec<String> = text.iter().map(|l| sanitize(l).into_owned()).collect();
    private_file(&text_path, (lines.join("\n") + "\n").as_bytes())
        .map_err(|e| write_failed(&text_path, e))?;
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

/// Writes a file only its owner may read (a person's whole file is in it).
fn private_file(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path)?;
    // A file written before with wider permissions is narrowed too.
    #[cfg(unix)]
    f.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    f.write_all(bytes)?;
    f.sync_all()
}

fn write_failed(path: &std::path::Path, e: std::io::Error) -> Failure {
    Failure::new(
        Msg::new("cli.export.failed")
            .arg("path", path.display())
            .arg("detail", e),
    )
}
