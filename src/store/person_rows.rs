//! Reading and writing the rows of one person: `people`, `person_names`, `person_phones`,
//! `person_tax_codes`. Shared by `save_person` and `import_people` (cached statements).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::codec::{At, at_text, date, id as key, parse_date_opt};
use super::{StoreError, StoreResult};
use crate::domain::person::{PersonName, PersonRecord, Sex, StoredPerson};
use crate::domain::taxcode::{self, TaxCode};

/// Bookkeeping columns of a person row.
pub(crate) struct Meta {
    pub seq: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

pub(crate) fn next_seq(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(activity_seq), 0) + 1 FROM people",
        [],
        |r| r.get(0),
    )?)
}

/// Inserts the `people` row, names, phones and the first tax-code history line. Returns
/// false (and writes nothing) when a person with this id already exists.
pub(crate) fn insert(
    conn: &Connection,
    rec: &PersonRecord,
    data_json: &str,
    seq: i64,
    at: &str,
) -> StoreResult<bool> {
    let mut st = conn.prepare_cached(
        "INSERT INTO people (id, activity_seq, created_at, updated_at, last_activity_at,
            display_name, birth_date, sex, birth_country, tax_code, permit_number,
            permit_expiry, data)
         VALUES (?1, ?2, ?3, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO NOTHING",
    )?;
    let inserted = st.execute(params![
        key(rec.id),
        seq,
        at_text(at),
        rec.display_name(),
        rec.birth_date.map(date),
        rec.sex.map(Sex::code),
        rec.birth_country,
        rec.tax_code,
        rec.permit_number,
        rec.permit_expiry.map(date),
        data_json,
    ])?;
    if inserted == 0 {
        return Ok(false);
    }
    write_names(conn, rec.id, &rec.names)?;
    write_phones(conn, rec.id, &rec.phones)?;
    if let Some(code) = &rec.tax_code {
        add_tax_code(conn, rec.id, code, at)?;
    }
    Ok(true)
}

/// Rewrites the projection columns and the document of an existing person.
pub(crate) fn update(conn: &Connection, rec: &PersonRecord, at: &str) -> StoreResult<()> {
    let mut st = conn.prepare_cached(
        "UPDATE people SET updated_at = ?2, display_name = ?3, birth_date = ?4, sex = ?5,
            birth_country = ?6, tax_code = ?7, permit_number = ?8, permit_expiry = ?9,
            data = ?10
         WHERE id = ?1",
    )?;
    st.execute(params![
        key(rec.id),
        at_text(at),
        rec.display_name(),
        rec.birth_date.map(date),
        rec.sex.map(Sex::code),
        rec.birth_country,
        rec.tax_code,
        rec.permit_number,
        rec.permit_expiry.map(date),
        serde_json::to_string(&rec.data)?,
    ])?;
    Ok(())
}

/// Removes a person's names and phones before they are written again.
pub(crate) fn clear_names_and_phones(
    conn: &Connection,
    id: Uuid,
    names: bool,
    phones: bool,
) -> StoreResult<()> {
    let id = key(id);
    if names {
        conn.prepare_cached("DELETE FROM person_names WHERE person_id = ?1")?
            .execute(params![id])?;
    }
    if phones {
        conn.prepare_cached("DELETE FROM person_phones WHERE person_id = ?1")?
            .execute(params![id])?;
    }
    Ok(())
}

/// Adds the names (the person has none stored).
pub(crate) fn write_names(conn: &Connection, id: Uuid, names: &[PersonName]) -> StoreResult<()> {
    let id = key(id);
    let mut st = conn.prepare_cached(
        "INSERT INTO person_names (person_id, position, surname, given, kind)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, n) in names.iter().enumerate() {
        st.execute(params![id, i as i64, n.surname, n.given, n.kind])?;
    }
    Ok(())
}

/// Adds the phones (the person has none stored).
pub(crate) fn write_phones(conn: &Connection, id: Uuid, phones: &[String]) -> StoreResult<()> {
    let id = key(id);
    let mut st = conn.prepare_cached(
        "INSERT INTO person_phones (person_id, position, number) VALUES (?1, ?2, ?3)",
    )?;
    for (i, p) in phones.iter().enumerate() {
        st.execute(params![id, i as i64, p])?;
    }
    Ok(())
}

/// `personal` for a 16-character code, `provisional` for the 11-digit one. A code that
/// does not parse is classed by its length.
pub(crate) fn tax_code_kind(code: &str) -> &'static str {
    match taxcode::parse(code) {
        Ok(TaxCode::Provisional(_)) => "provisional",
        Ok(TaxCode::Personal(_)) => "personal",
        Err(_) if code.trim().len() == 11 => "provisional",
        Err(_) => "personal",
    }
}

pub(crate) fn add_tax_code(conn: &Connection, id: Uuid, code: &str, at: &str) -> StoreResult<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO person_tax_codes (person_id, code, kind, first_seen_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    st.execute(params![key(id), code, tax_code_kind(code), at_text(at)])?;
    Ok(())
}

pub(crate) fn retire_tax_codes(conn: &Connection, id: Uuid, at: &str) -> StoreResult<()> {
    conn.prepare_cached(
        "UPDATE person_tax_codes SET replaced_at = ?2
         WHERE person_id = ?1 AND replaced_at IS NULL",
    )?
    .execute(params![key(id), at_text(at)])?;
    Ok(())
}

/// `(code, kind, first_seen_at, replaced_at)`, oldest first.
pub(crate) type TaxCodeRow = (String, String, At, Option<At>);

pub(crate) fn tax_codes(conn: &Connection, id: Uuid) -> StoreResult<Vec<TaxCodeRow>> {
    let mut st = conn.prepare_cached(
        "SELECT code, kind, first_seen_at, replaced_at FROM person_tax_codes
         WHERE person_id = ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map(params![key(id)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

type PersonRow = (
    i64,
    At,
    At,
    At,
    Option<At>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// The stored person with their bookkeeping, deleted or not.
pub(crate) fn load(conn: &Connection, id: Uuid) -> StoreResult<Option<(PersonRecord, Meta)>> {
    let key = key(id);
    let row: Option<PersonRow> = conn
        .prepare_cached(
            "SELECT activity_seq, created_at, updated_at, last_activity_at, deleted_at,
                birth_date, sex, birth_country, tax_code, permit_number, permit_expiry, data
             FROM people WHERE id = ?1",
        )?
        .query_row(params![key], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            ))
        })
        .optional()?;
    let Some((seq, created, updated, activity, deleted, birth, sex, country, tax, pn, pe, data)) =
        row
    else {
        return Ok(None);
    };
    let names = conn
        .prepare_cached(
            "SELECT surname, given, kind FROM person_names WHERE person_id = ?1 ORDER BY position",
        )?
        .query_map(params![key], |r| {
            Ok(PersonName {
                surname: r.get(0)?,
                given: r.get(1)?,
                kind: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let phones = conn
        .prepare_cached("SELECT number FROM person_phones WHERE person_id = ?1 ORDER BY position")?
        .query_map(params![key], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    let data: serde_json::Value = serde_json::from_str(&data)?;
    let serde_json::Value::Object(data) = data else {
        return Err(StoreError::Other(format!(
            "document of {id} is not an object"
        )));
    };
    let rec = PersonRecord {
        id,
        names,
        birth_date: parse_date_opt(birth)?,
        sex: sex.as_deref().and_then(Sex::from_code),
        birth_country: country,
        tax_code: tax,
        phones,
        permit_number: pn,
        permit_expiry: parse_date_opt(pe)?,
        data,
    };
    let meta = Meta {
        seq,
        created_at: created.0,
        updated_at: updated.0,
        last_activity_at: activity.0,
        deleted_at: deleted.map(|d| d.0),
    };
    Ok(Some((rec, meta)))
}

pub(crate) fn stored(rec: PersonRecord, meta: &Meta) -> StoredPerson {
    StoredPerson {
        record: rec,
        created_at: meta.created_at,
        updated_at: meta.updated_at,
        last_activity_at: meta.last_activity_at,
    }
}
