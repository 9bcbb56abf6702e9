//! How hard a passphrase is to guess (zxcvbn), as a hint while it is typed.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    Weak,
    Fair,
    Strong,
}

impl Strength {
    /// The catalogue key of the hint.
    pub fn key(self) -> &'static str {
        match self {
            Strength::Weak => "auth.strength.weak",
            Strength::Fair => "auth.strength.fair",
            Strength::Strong => "auth.strength.strong",
        }
    }

    /// Accepted as a passphrase (only the bundled demo may use a weak one).
    pub fn acceptable(self) -> bool {
        self != Strength::Weak
    }
}

/// The strength of `pass`, also judged against words the operator typed nearby (their name,
/// the desk's name), which make a passphrase easier to guess.
pub fn strength(pass: &str, related: &[&str]) -> Strength {
    if pass.chars().count() < 10 {
        return Strength::Weak;
    }
    // zxcvbn works on the first 100 characters; a longer passphrase is long enough.
    let head: String = pass.chars().take(100).collect();
    match u8::from(zxcvbn::zxcvbn(&head, related).score()) {
        0..=2 => Strength::Weak,
        3 => Strength::Fair,
        _ => Strength::Strong,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_common_and_related_passphrases_are_weak() {
        assert_eq!(strength("demo", &[]), Strength::Weak);
        assert_eq!(strength("password123", &[]), Strength::Weak);
        assert_eq!(strength("mariarossi", &["maria", "rossi"]), Strength::Weak);
        assert!(strength("tramonto-sul-porto-di-bari", &[]).acceptable());
        assert_eq!(
            strength("cavolo verde lento sul tram 9", &[]),
            Strength::Strong
        );
        let long = "x".repeat(10_000) + "Qz!9";
        let _ = strength(&long, &[]);
    }
}
