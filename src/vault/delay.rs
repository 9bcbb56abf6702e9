//! The growing delay after wrong passphrases: 1 s after the first, doubling, at most 30 s.

use std::time::Duration;

/// How long to wait before the next attempt after `failures` consecutive wrong ones.
pub fn delay_after(failures: u32) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    let secs = 1u64 << (failures - 1).min(5);
    Duration::from_secs(secs.min(30))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_grows_and_stops_growing() {
        let s: Vec<u64> = (0..9).map(|n| delay_after(n).as_secs()).collect();
        assert_eq!(s, [0, 1, 2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(delay_after(u32::MAX).as_secs(), 30);
    }
}
