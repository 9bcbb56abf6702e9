//! A person's whole record for the right of access (`person export`): read by the desk,
//! the export written in the audit trail first, so the export itself is in what it lists.

use uuid::Uuid;

use super::{Access, Desk, OpenedPerson};
use crate::domain::case::CaseSummary;
use crate::domain::person::StoredPerson;
use crate::service::cases::{self, CaseDossier};
use crate::service::outcome::Outcome;
use crate::store::audit::AuditEntry;
use crate::store::{JournalEntry, StoreResult};

/// A record merged into the exported one: the same person's data.
#[derive(Debug, Clone)]
pub struct MergedRecord {
    pub id: Uuid,
    pub person: StoredPerson,
    pub journal: Vec<JournalEntry>,
}

/// Everything held about a person.
#[derive(Debug, Clone)]
pub struct PersonExport {
    pub person: StoredPerson,
    pub cases: Vec<CaseSummary>,
    /// Each case whole, in the order of `cases`.
    pub dossiers: Vec<CaseDossier>,
    pub journal: Vec<JournalEntry>,
    pub merged: Vec<MergedRecord>,
    /// Who viewed or changed the person, their merged records or anything on their cases,
    /// oldest first, each entry once.
    pub audit: Vec<AuditEntry>,
}

impl Desk {
    /// Opens the person for export (audited) and reads everything held about them; `None`:
    /// no such person.
    pub fn export_person(&mut self, id: Uuid) -> Outcome<Option<PersonExport>> {
        let Some(OpenedPerson { person, cases }) = self.open_person(id, Access::Export)? else {
            return Ok(None);
        };
        let dossiers = cases
            .iter()
            .map(|c| cases::dossier(&self.store, c.id))
            .collect::<Outcome<Vec<_>>>()?;
        Ok(Some(self.export_rest(person, cases, dossiers)?))
    }

    fn export_rest(
        &self,
        person: StoredPerson,
        cases: Vec<CaseSummary>,
        dossiers: Vec<CaseDossier>,
    ) -> StoreResult<PersonExport> {
        let s = &self.store;
        let id = person.record.id;
        let mut audit = s.audit_for("person", id)?;
        for c in &cases {
            // Everything recorded on the case's timeline: the case and each of its records.
            let mut records: Vec<(String, Uuid)> = s
                .changes_by_case(c.id, u32::MAX)?
                .into_iter()
                .map(|j| (j.entity, j.entity_id))
                .collect();
            records.sort();
            records.dedup();
            for (entity, rid) in records {
                audit.extend(s.audit_for(&entity, rid)?);
            }
        }
        let mut merged = Vec::new();
        for m in s.merged_into(id)? {
            if let Some(r) = s.merged_record(m)? {
                audit.extend(s.audit_for("person", m)?);
                merged.push(MergedRecord {
                    id: m,
                    person: r,
                    journal: s.journal_for("person", m)?,
                });
            }
        }
        audit.sort_by_key(|e| e.seq);
        audit.dedup_by_key(|e| e.seq);
        Ok(PersonExport {
            journal: s.journal_for("person", id)?,
            person,
            cases,
            dossiers,
            merged,
            audit,
        })
    }
}
