//! The audit trail's anchor: the last entry's number and hash, written beside the database
//! (`sportello.db.anchor`) whenever a connection closes, authenticated with a key derived
//! from the database key. Removing the *last* entries of the chain, or rewriting the whole
//! chain with fresh hashes, leaves a chain that is whole in itself: the anchor is what
//! tells. A missing anchor (a new desk, a copy) checks nothing.

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::audit::Break;
use super::{StoreError, StoreResult};
use crate::vault::DbKey;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Anchor {
    seq: i64,
    hash: String,
    mac: String,
}

pub fn anchor_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".anchor");
    PathBuf::from(s)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn mac_of(key: Option<&DbKey>, seq: i64, hash: &str) -> String {
    let mut k = Sha256::new();
    k.update(b"sportello audit anchor");
    if let Some(key) = key {
        k.update(key.bytes());
    }
    let derived = k.finalize();
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(&derived) else {
        return String::new();
    };
    m.update(format!("{seq}\u{1f}{hash}").as_bytes());
    hex(&m.finalize().into_bytes())
}

fn head(conn: &Connection) -> StoreResult<Option<(i64, Vec<u8>)>> {
    Ok(conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Moves the anchor to the chain's current head (whole or not at all) — unless the chain
/// no longer agrees with the anchor there is: that anchor is the evidence and stays.
pub(crate) fn advance(conn: &Connection, db: &Path, key: Option<&DbKey>) -> StoreResult<()> {
    if check(conn, db, key)?.is_some() {
        tracing::warn!("the audit trail disagrees with its anchor: the anchor is kept");
        return Ok(());
    }
    write(conn, db, key)
}

/// Writes the anchor of the chain's current head, replacing any (a restore, whose chain
/// legitimately replaces the one anchored).
pub(crate) fn write(conn: &Connection, db: &Path, key: Option<&DbKey>) -> StoreResult<()> {
    let Some((seq, hash)) = head(conn)? else {
        return Ok(());
    };
    let hash = hex(&hash);
    let a = Anchor {
        seq,
        mac: mac_of(key, seq, &hash),
        hash,
    };
    let path = anchor_path(db);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".new");
    let tmp = PathBuf::from(tmp);
    let text = serde_json::to_vec(&a)?;
    let written = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, &path));
    if written.is_err() {
        // A full disk: no empty file left beside the register.
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(StoreError::other)
}

/// What the anchor says of the chain: `None` when it agrees (or there is none).
pub(crate) fn check(
    conn: &Connection,
    db: &Path,
    key: Option<&DbKey>,
) -> StoreResult<Option<Break>> {
    let text = match std::fs::read(anchor_path(db)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::other(e)),
    };
    let Ok(a) = serde_json::from_slice::<Anchor>(&text) else {
        return Ok(Some(Break::AnchorAltered));
    };
    if a.mac != mac_of(key, a.seq, &a.hash) {
        return Ok(Some(Break::AnchorAltered));
    }
    let at: Option<Vec<u8>> = conn
        .query_row("SELECT hash FROM audit_log WHERE seq = ?1", [a.seq], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(match at {
        // The anchored entry is gone: it and everything after it were removed.
        None => {
            let last = head(conn)?.map_or(0, |(s, _)| s);
            Some(Break::Removed { seq: last + 1 })
        }
        Some(h) if hex(&h) != a.hash => Some(Break::Altered { seq: a.seq }),
        Some(_) => None,
    })
}
