//! Operators and their roles, and the desk's settings. Passphrases are not here: see
//! `crate::vault`.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use uuid::Uuid;

use super::codec::{At, Id, id as key, ts};
use super::journal::{self, Line};
use super::{Store, StoreError, StoreResult};

const OPERATOR: &str = "operator";

/// What an operator may do; each role includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// People and cases.
    Operator,
    /// Also partners, programmes, reports and backups.
    Coordinator,
    /// Also operators, the audit trail, erasure and restore.
    Administrator,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Coordinator => "coordinator",
            Role::Administrator => "administrator",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        match s {
            "operator" => Some(Role::Operator),
            "coordinator" => Some(Role::Coordinator),
            "administrator" => Some(Role::Administrator),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operator {
    pub id: Uuid,
    pub username: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

fn operator(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Id, String, String, String, bool)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn to_operator(raw: (Id, String, String, String, bool)) -> StoreResult<Operator> {
    let (id, username, name, role, active) = raw;
    Ok(Operator {
        id: id.0,
        username,
        name,
        role: Role::from_code(&role).ok_or_else(|| StoreError::Other(format!("role {role}")))?,
        active,
    })
}

const COLUMNS: &str = "id, username, name, role, active";

impl Store {
    /// Every operator, active first, by username.
    pub fn operators(&self) -> StoreResult<Vec<Operator>> {
        let sql = format!("SELECT {COLUMNS} FROM operators ORDER BY active DESC, username");
        let rows: Vec<_> = self
            .conn
            .prepare(&sql)?
            .query_map([], operator)?
            .collect::<Result<_, _>>()?;
        rows.into_iter().map(to_operator).collect()
    }

    pub fn operator(&self, username: &str) -> StoreResult<Option<Operator>> {
        let sql = format!("SELECT {COLUMNS} FROM operators WHERE username = ?1");
        let raw = self
            .conn
            .prepare_cached(&sql)?
            .query_row([username], operator)
            .optional()?;
        raw.map(to_operator).transpose()
    }

    /// Whether the desk has any operator (a database from before operators has none).
    pub fn has_operators(&self) -> StoreResult<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM operators)", [], |r| r.get(0))?)
    }

    /// Adds an operator (or gives a removed one back their place with a new role).
    pub fn add_operator(
        &mut self,
        username: &str,
        name: &str,
        role: Role,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Operator> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = tx
            .query_row(
                "SELECT id FROM operators WHERE username = ?1",
                [username],
                |r| r.get::<_, Id>(0),
            )
            .optional()?;
        let id = match id {
            Some(i) => i.0,
            None => Uuid::now_v7(),
        };
        tx.execute(
            "INSERT INTO operators (id, username, name, role, active, created_at)
             VALUES (?1, ?2, ?3, ?4, 1, ?5)
             ON CONFLICT (username) DO UPDATE SET name = ?3, role = ?4, active = 1,
                removed_at = NULL",
            params![key(id), username, name, role.code(), At(at)],
        )?;
        let record = serde_json::json!({"username": username, "role": role.code()}).to_string();
        journal::write(
            &tx,
            &Line {
                entity: OPERATOR,
                entity_id: id,
                field: None,
                old_value: None,
                new_value: Some(&record),
                at: &ts(at),
                by,
                case_id: None,
            },
        )?;
        tx.commit()?;
        Ok(Operator {
            id,
            username: username.into(),
            name: name.into(),
            role,
            active: true,
        })
    }

    /// Marks an operator removed (kept for the journal's and the audit trail's names).
    pub fn remove_operator(
        &mut self,
        username: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.set_operator_field(username, "active", "0", by, at)
    }

    pub fn set_role(
        &mut self,
        username: &str,
        role: Role,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.set_operator_field(username, "role", role.code(), by, at)
    }

    fn set_operator_field(
        &mut self,
        username: &str,
        field: &str,
        value: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some((id, old)) = tx
            .query_row(
                "SELECT id, CAST(active AS TEXT), role FROM operators WHERE username = ?1",
                [username],
                |r| {
                    Ok((
                        r.get::<_, Id>(0)?,
                        (r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                    ))
                },
            )
            .optional()?
        else {
            return Ok(false);
        };
        let old = if field == "active" { old.0 } else { old.1 };
        let sql = if field == "active" {
            "UPDATE operators SET active = CAST(?2 AS INTEGER),
                removed_at = CASE WHEN ?2 = '0' THEN ?3 END WHERE username = ?1"
        } else {
            "UPDATE operators SET role = ?2 WHERE username = ?1 AND ?3 IS NOT NULL"
        };
        tx.execute(sql, params![username, value, At(at)])?;
        let (o, n) = (
            serde_json::json!(old).to_string(),
            serde_json::json!(value).to_string(),
        );
        journal::write(
            &tx,
            &Line {
                entity: OPERATOR,
                entity_id: id.0,
                field: Some(field),
                old_value: Some(&o),
                new_value: Some(&n),
                at: &ts(at),
                by,
                case_id: None,
            },
        )?;
        tx.commit()?;
        Ok(true)
    }

    pub fn desk_setting(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM desk WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_desk_setting(&mut self, key: &str, value: &str) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO desk (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = ?2",
            params![key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_are_added_removed_and_journaled() {
        let mut s = Store::open_memory().unwrap();
        assert!(!s.has_operators().unwrap());
        let now = Utc::now();
        s.add_operator("anna", "Anna Bianchi", Role::Administrator, "anna", now)
            .unwrap();
        s.add_operator("marco", "Marco Verdi", Role::Operator, "anna", now)
            .unwrap();
        assert!(s.has_operators().unwrap());
        assert!(s.set_role("marco", Role::Coordinator, "anna", now).unwrap());
        assert_eq!(
            s.operator("marco").unwrap().unwrap().role,
            Role::Coordinator
        );
        assert!(s.remove_operator("marco", "anna", now).unwrap());
        assert!(!s.operator("marco").unwrap().unwrap().active);
        assert!(!s.remove_operator("nobody", "anna", now).unwrap());
        let back = s
            .add_operator("marco", "Marco Verdi", Role::Operator, "anna", now)
            .unwrap();
        assert!(back.active);
        assert_eq!(s.operators().unwrap().len(), 2);
        assert!(Role::Administrator > Role::Coordinator && Role::Coordinator > Role::Operator);
        s.set_desk_setting("name", "Sportello Bari").unwrap();
        assert_eq!(
            s.desk_setting("name").unwrap().as_deref(),
            Some("Sportello Bari")
        );
        assert_eq!(s.verify_audit().unwrap().first_break, None);
    }
}
