//! The database key: 32 random bytes, wiped from memory when dropped, never printed.

use rand::TryRngCore;
use zeroize::{Zeroize, Zeroizing};

#[derive(Clone, PartialEq, Eq)]
pub struct DbKey([u8; 32]);

impl DbKey {
    /// A fresh key from the operating system's random source.
    pub fn random() -> Result<DbKey, rand::rand_core::OsError> {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.try_fill_bytes(&mut k)?;
        Ok(DbKey(k))
    }

    pub(crate) fn from_bytes(b: [u8; 32]) -> DbKey {
        DbKey(b)
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key as SQLCipher takes a raw key (`x'…'`, no key derivation on open); the text
    /// is wiped when dropped.
    pub fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut s = String::with_capacity(69);
        s.push_str("\"x'");
        for b in self.0 {
            s.push(hex_digit(b >> 4));
            s.push(hex_digit(b & 0x0f));
        }
        s.push_str("'\"");
        Zeroizing::new(s)
    }
}

fn hex_digit(n: u8) -> char {
    char::from_digit(u32::from(n), 16).unwrap_or('0')
}

impl Drop for DbKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_and_never_printed() {
        let a = DbKey::random().unwrap();
        let b = DbKey::random().unwrap();
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "DbKey(…)");
        let lit = a.sqlcipher_literal();
        assert_eq!(lit.len(), 69);
        assert!(lit.starts_with("\"x'") && lit.ends_with("'\""));
    }
}
