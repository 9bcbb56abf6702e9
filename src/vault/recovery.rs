//! The recovery code: 128 random bits shown once at setup, in groups of four characters of
//! Crockford's base32 (no I, L, O, U: nothing to misread when copied by hand).

use rand::TryRngCore;
use zeroize::Zeroizing;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The code as the operator writes it down; wiped from memory when dropped.
pub struct RecoveryCode(Zeroizing<String>);

impl RecoveryCode {
    pub fn random() -> Result<RecoveryCode, rand::rand_core::OsError> {
        let mut bits = Zeroizing::new([0u8; 16]);
        rand::rngs::OsRng.try_fill_bytes(bits.as_mut())?;
        let mut n = u128::from_be_bytes(*bits);
        // 26 characters carry 130 bits; the first carries the top 3.
        let mut chars = Zeroizing::new([b'0'; 26]);
        for c in chars.iter_mut().rev() {
            *c = ALPHABET[(n & 31) as usize];
            n >>= 5;
        }
        let mut s = String::with_capacity(32);
        for (i, c) in chars.iter().enumerate() {
            if i > 0 && i % 4 == 0 {
                s.push('-');
            }
            s.push(char::from(*c));
        }
        Ok(RecoveryCode(Zeroizing::new(s)))
    }

    /// A code as typed back: case, spaces and dashes do not matter, and the letters that
    /// look like digits are read as those digits.
    pub fn parse(typed: &str) -> RecoveryCode {
        let s: String = typed
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        let mut out = String::with_capacity(32);
        for (i, c) in s.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        RecoveryCode(Zeroizing::new(out))
    }

    /// The code to show (once) and to wrap the key with.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_and_read_back_as_written() {
        let c = RecoveryCode::random().unwrap();
        assert_eq!(c.reveal().len(), 26 + 6);
        assert_eq!(c.reveal().split('-').count(), 7);
        let sloppy = c.reveal().to_lowercase().replace('-', " ");
        assert_eq!(RecoveryCode::parse(&sloppy).reveal(), c.reveal());
        assert_eq!(RecoveryCode::parse("o1lI-abcd").reveal(), "0111-ABCD");
        assert_ne!(RecoveryCode::random().unwrap().reveal(), c.reveal());
    }
}
