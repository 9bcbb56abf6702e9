//! Keys: the database key, the key ring that wraps it once per operator, the recovery code,
//! passphrase strength and the delay after wrong passphrases. No SQL, no terminal.
//!
//! The database is encrypted by SQLCipher with a random 256-bit key ([`DbKey`]). That key
//! is never stored as is: each operator's passphrase derives a key (Argon2id) that wraps it
//! (ChaCha20-Poly1305), and a recovery code shown once at setup wraps it once more. Adding
//! or removing an operator, or changing a passphrase, rewrites one entry of the ring and
//! never re-encrypts the database.

mod delay;
mod key;
mod recovery;
mod ring;
mod strength;
mod wrap;

pub use delay::delay_after;
pub use key::DbKey;
pub use recovery::RecoveryCode;
pub use ring::{KeyRing, RingError, SetupKind, ring_path};
pub use strength::{Strength, strength};
pub use wrap::KdfParams;
