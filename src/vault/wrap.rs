//! Wrapping the database key with a secret (a passphrase or the recovery code): Argon2id
//! derives a key from the secret and a random salt; ChaCha20-Poly1305 encrypts the database
//! key with it. A wrong secret fails the authentication tag: that is the passphrase check.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::ChaCha20Poly1305;
use chacha20poly1305::aead::{Aead, KeyInit};
use rand::TryRngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::DbKey;

/// Argon2id's cost, kept with each wrapped key so that raising it later leaves old entries
/// readable. The default is OWASP's: 19 MiB, 2 passes, 1 lane (~50 ms on a laptop).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

impl Default for KdfParams {
    fn default() -> KdfParams {
        KdfParams {
            memory_kib: 19 * 1024,
            passes: 2,
            lanes: 1,
        }
    }
}

/// One wrapped copy of the database key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wrapped {
    pub kdf: KdfParams,
    pub salt: String,
    pub nonce: String,
    pub key: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum WrapError {
    /// The secret does not open this entry (or the entry was altered).
    Mismatch,
    /// The entry cannot be read (bad base64, lengths, or parameters).
    Damaged,
    /// No randomness from the operating system.
    Random,
}

fn derive(secret: &str, salt: &[u8], p: KdfParams) -> Result<Zeroizing<[u8; 32]>, WrapError> {
    let params =
        Params::new(p.memory_kib, p.passes, p.lanes, Some(32)).map_err(|_| WrapError::Damaged)?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(secret.as_bytes(), salt, out.as_mut())
        .map_err(|_| WrapError::Damaged)?;
    Ok(out)
}

fn random<const N: usize>() -> Result<[u8; N], WrapError> {
    let mut b = [0u8; N];
    rand::rngs::OsRng
        .try_fill_bytes(&mut b)
        .map_err(|_| WrapError::Random)?;
    Ok(b)
}

pub fn wrap(key: &DbKey, secret: &str, kdf: KdfParams) -> Result<Wrapped, WrapError> {
    let salt: [u8; 16] = random()?;
    let nonce: [u8; 12] = random()?;
    let kek = derive(secret, &salt, kdf)?;
    let k: &[u8; 32] = &kek;
    let cipher = ChaCha20Poly1305::new(k.into());
    let sealed = cipher
        .encrypt((&nonce).into(), key.bytes().as_ref())
        .map_err(|_| WrapError::Damaged)?;
    Ok(Wrapped {
        kdf,
        salt: B64.encode(salt),
        nonce: B64.encode(nonce),
        key: B64.encode(sealed),
    })
}

pub fn unwrap(w: &Wrapped, secret: &str) -> Result<DbKey, WrapError> {
    let salt = B64.decode(&w.salt).map_err(|_| WrapError::Damaged)?;
    let nonce: [u8; 12] = B64
        .decode(&w.nonce)
        .ok()
        .and_then(|n| n.try_into().ok())
        .ok_or(WrapError::Damaged)?;
    let sealed = B64.decode(&w.key).map_err(|_| WrapError::Damaged)?;
    let kek = derive(secret, &salt, w.kdf)?;
    let k: &[u8; 32] = &kek;
    let cipher = ChaCha20Poly1305::new(k.into());
    let plain = Zeroizing::new(
        cipher
            .decrypt((&nonce).into(), sealed.as_ref())
            .map_err(|_| WrapError::Mismatch)?,
    );
    let bytes: [u8; 32] = plain
        .as_slice()
        .try_into()
        .map_err(|_| WrapError::Damaged)?;
    Ok(DbKey::from_bytes(bytes))
}

/// Spends the same time as [`unwrap`] for a username that does not exist, so that the
/// answer's timing does not tell which usernames do.
pub fn decoy(secret: &str, kdf: KdfParams) {
    let _ = derive(secret, &[0u8; 16], kdf);
}

#[cfg(test)]
pub(crate) const TEST_KDF: KdfParams = KdfParams {
    memory_kib: 64,
    passes: 1,
    lanes: 1,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_secret_unwraps_and_any_other_does_not() {
        let key = DbKey::random().unwrap();
        let w = wrap(&key, "cavolo verde", TEST_KDF).unwrap();
        assert_eq!(unwrap(&w, "cavolo verde").unwrap(), key);
        assert_eq!(unwrap(&w, "cavolo verdE"), Err(WrapError::Mismatch));
        let again = wrap(&key, "cavolo verde", TEST_KDF).unwrap();
        assert_ne!(again.salt, w.salt, "a fresh salt each time");
        let mut bent = w.clone();
        bent.key.replace_range(
            0..2,
            if bent.key.starts_with("AA") {
                "BB"
            } else {
                "AA"
            },
        );
        assert_eq!(unwrap(&bent, "cavolo verde"), Err(WrapError::Mismatch));
        let mut broken = w;
        broken.nonce = "!!".into();
        assert_eq!(unwrap(&broken, "cavolo verde"), Err(WrapError::Damaged));
    }

    #[test]
    fn the_default_cost_is_owasps() {
        let p = KdfParams::default();
        assert_eq!((p.memory_kib, p.passes, p.lanes), (19456, 2, 1));
    }
}
