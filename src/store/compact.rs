//! How the journal and the audit trail keep their columns small: ids as 16-byte blobs, times
//! as milliseconds since 1970 (UTC), and a record's value, when long, compressed with a frozen
//! dictionary of the records' shapes. Each reader also takes the older text forms, so a line
//! written before (or any value that would not survive the round trip) reads back unchanged.

use std::cell::RefCell;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use rusqlite::types::{Value, ValueRef};
use uuid::Uuid;
use zstd::dict::{DecoderDictionary, EncoderDictionary};

use super::codec::{parse_ts, ts};
use super::{StoreError, StoreResult};

/// The shapes of the records (keys and nesting, no values) as of this dictionary's making
/// (`tools/journal_dict.py`). Never edit it: values compressed with it must stay readable; a
/// new dictionary gets a new tag.
const DICT_1: &[u8] = include_bytes!("../../assets/journal-dict-1.bin");
/// The first byte of a value compressed with zstd and [`DICT_1`].
const TAG_DICT_1: u8 = 1;
/// Shorter values are stored as they are: compressing them saves nothing.
const MIN_PACKED: usize = 48;
/// No value the desk writes comes near this; a larger claim is a damaged line.
const MAX_UNPACKED: usize = 64 << 20;

/// An id as stored: its 16 bytes.
pub(crate) fn id(u: Uuid) -> Vec<u8> {
    u.as_bytes().to_vec()
}

/// An id given as text: its 16 bytes when it is a UUID, else the text itself.
pub(crate) fn id_text(s: &str) -> Value {
    match Uuid::parse_str(s) {
        Ok(u) if u.to_string() == s => Value::Blob(id(u)),
        _ => Value::Text(s.to_string()),
    }
}

/// An id read back as text (the form the rest of the store uses).
pub(crate) fn read_id(v: ValueRef<'_>) -> rusqlite::Result<String> {
    match v {
        ValueRef::Blob(b) => Uuid::from_slice(b)
            .map(|u| u.to_string())
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, v.data_type(), e.into())),
        ValueRef::Text(t) => Ok(String::from_utf8_lossy(t).into_owned()),
        other => Err(rusqlite::Error::InvalidColumnType(
            0,
            "id".into(),
            other.data_type(),
        )),
    }
}

/// A time as stored: milliseconds when the text is exactly what [`ts`] writes for it.
pub(crate) fn at(s: &str) -> Value {
    match parse_ts(s) {
        Ok(t) if ts(t) == s => Value::Integer(t.timestamp_millis()),
        _ => Value::Text(s.to_string()),
    }
}

/// A time read back as [`ts`] text.
pub(crate) fn read_at(v: ValueRef<'_>) -> rusqlite::Result<String> {
    match v {
        ValueRef::Integer(ms) => DateTime::<Utc>::from_timestamp_millis(ms)
            .map(ts)
            .ok_or(rusqlite::Error::IntegralValueOutOfRange(0, ms)),
        ValueRef::Text(t) => Ok(String::from_utf8_lossy(t).into_owned()),
        other => Err(rusqlite::Error::InvalidColumnType(
            0,
            "at".into(),
            other.data_type(),
        )),
    }
}

/// The first millisecond of a day, for comparing with stored times.
pub(crate) fn day_start(d: chrono::NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or_default()
}

/// The dictionary digested once per process (digesting it for every value costs more than
/// compressing the value).
fn encoder_dict() -> &'static EncoderDictionary<'static> {
    static D: OnceLock<EncoderDictionary<'static>> = OnceLock::new();
    D.get_or_init(|| EncoderDictionary::copy(DICT_1, LEVEL))
}

fn decoder_dict() -> &'static DecoderDictionary<'static> {
    static D: OnceLock<DecoderDictionary<'static>> = OnceLock::new();
    D.get_or_init(|| DecoderDictionary::copy(DICT_1))
}

/// zstd's level: higher levels gain a few bytes on values this small and cost time.
const LEVEL: i32 = 3;

thread_local! {
    static PACKER: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
    static UNPACKER: RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { RefCell::new(None) };
}

/// A value (JSON text) as stored: compressed when that makes it shorter.
pub(crate) fn pack(text: &str) -> Value {
    if text.len() < MIN_PACKED {
        return Value::Text(text.to_string());
    }
    let packed = PACKER.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            let mut c = zstd::bulk::Compressor::with_prepared_dictionary(encoder_dict()).ok()?;
            c.include_dictid(false).ok()?;
            c.include_checksum(false).ok()?;
            *p = Some(c);
        }
        p.as_mut()?.compress(text.as_bytes()).ok()
    });
    match packed {
        Some(z) if z.len() + 1 < text.len() => {
            let mut out = Vec::with_capacity(z.len() + 1);
            out.push(TAG_DICT_1);
            out.extend_from_slice(&z);
            Value::Blob(out)
        }
        _ => Value::Text(text.to_string()),
    }
}

/// A stored value read back as JSON text.
pub(crate) fn unpack(v: ValueRef<'_>) -> StoreResult<Option<String>> {
    match v {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => Ok(Some(String::from_utf8_lossy(t).into_owned())),
        ValueRef::Blob(b) => match b.split_first() {
            Some((&TAG_DICT_1, z)) => unpack_dict_1(z).map(Some),
            _ => Err(StoreError::Other(
                "a journal value in an unknown form".into(),
            )),
        },
        _ => Err(StoreError::Other("a journal value that is not text".into())),
    }
}

fn unpack_dict_1(z: &[u8]) -> StoreResult<String> {
    let damaged = |what: &str| StoreError::Other(format!("a damaged journal value: {what}"));
    let size = zstd::zstd_safe::get_frame_content_size(z)
        .ok()
        .flatten()
        .ok_or_else(|| damaged("no size"))? as usize;
    if size > MAX_UNPACKED {
        return Err(damaged("too large"));
    }
    let bytes = UNPACKER.with(|u| {
        let mut u = u.borrow_mut();
        if u.is_none() {
            *u = Some(zstd::bulk::Decompressor::with_prepared_dictionary(decoder_dict()).ok()?);
        }
        u.as_mut()?.decompress(z, size).ok()
    });
    let bytes = bytes.ok_or_else(|| damaged("does not decompress"))?;
    String::from_utf8(bytes).map_err(|_| damaged("not text"))
}

fn owned(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// `journal_pack(text)`, `journal_at`, `journal_id` and `journal_entity` for SQL, used when
/// a schema step rewrites a table.
pub(crate) fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("journal_pack", 1, flags, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Text(t) => pack(&String::from_utf8_lossy(t)),
            ValueRef::Null => Value::Null,
            other => owned(other),
        })
    })?;
    conn.create_scalar_function("journal_at", 1, flags, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Text(t) => at(&String::from_utf8_lossy(t)),
            other => owned(other),
        })
    })?;
    conn.create_scalar_function("journal_entity", 1, flags, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Text(t) => super::codec::entity(&String::from_utf8_lossy(t)),
            other => owned(other),
        })
    })?;
    conn.create_scalar_function("journal_id", 1, flags, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Text(t) => id_text(&String::from_utf8_lossy(t)),
            other => owned(other),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_times_and_values_read_back_as_written() {
        let u = Uuid::now_v7();
        let stored = id_text(&u.to_string());
        assert!(matches!(&stored, Value::Blob(b) if b.len() == 16));
        let Value::Blob(b) = &stored else { return };
        assert_eq!(read_id(ValueRef::Blob(b)).unwrap(), u.to_string());
        assert_eq!(id_text("puoi"), Value::Text("puoi".into()));

        let t = "2026-12-03T15:23:38.123Z";
        let Value::Integer(ms) = at(t) else {
            panic!("not packed")
        };
        assert_eq!(read_at(ValueRef::Integer(ms)).unwrap(), t);
        // Text that would not come back the same stays text.
        assert_eq!(
            at("2026-12-03T15:23:38Z"),
            Value::Text("2026-12-03T15:23:38Z".into())
        );

        let doc = r#"{"id":"0193","names":[{"surname":"HAILE","given":"Ruth","kind":"document"}],"birth_date":"1990-01-01","sex":"F","data":{"legal_status":"refugee","languages":["ti","en"]}}"#;
        let Value::Blob(z) = pack(doc) else {
            panic!("not packed")
        };
        assert!(z.len() * 10 < doc.len() * 6, "{} of {}", z.len(), doc.len());
        assert_eq!(unpack(ValueRef::Blob(&z)).unwrap().as_deref(), Some(doc));
        assert_eq!(pack("\"short\""), Value::Text("\"short\"".into()));
    }

    #[test]
    #[ignore = "a timing to read by hand: cargo test --release --lib pack_timing -- --ignored --nocapture"]
    fn pack_timing() {
        let doc = r#"{"id":"0193","names":[{"surname":"HAILE","given":"Ruth","kind":"document"}],"birth_date":"1990-01-01","sex":"F","data":{"legal_status":"refugee","languages":["ti","en"]}}"#;
        let t = std::time::Instant::now();
        for _ in 0..10_000 {
            std::hint::black_box(pack(doc));
        }
        eprintln!("pack: {:?} a value", t.elapsed() / 10_000);
    }

    #[test]
    fn a_damaged_value_is_an_error_not_a_panic() {
        assert!(unpack(ValueRef::Blob(&[1, 2, 3])).is_err());
        assert!(unpack(ValueRef::Blob(&[9, 2, 3])).is_err());
        assert!(unpack(ValueRef::Blob(&[])).is_err());
    }

    #[test]
    fn the_dictionary_is_the_frozen_one() {
        use sha2::{Digest, Sha256};
        let h = Sha256::digest(DICT_1);
        assert_eq!(hex(&h[..8]), FROZEN_DICT_1);
    }

    const FROZEN_DICT_1: &str = "2930c101d0442701";

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }
}
