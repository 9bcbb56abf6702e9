//! `sportello bench`'s figures for names: another spelling of a name (the register's
//! "sounds alike" class) and the intake's duplicate check timed per keystroke.

use std::time::Instant;

use super::Failure;
use super::bench::{answered, ms, percentile};
use crate::store::Store;

/// Another spelling of a name, as a desk meets it: the first vowel after the first letter
/// doubled into its neighbour or swapped (Hassan → Hasan, Mohamed → Muhamed).
pub(super) fn respell(w: &str) -> String {
    let chars: Vec<char> = w.chars().collect();
    let mut out = String::new();
    let mut done = false;
    for (i, c) in chars.iter().enumerate() {
        if !done && i > 0 && chars.get(i + 1) == Some(c) {
            done = true;
            continue;
        }
        if !done && i > 0 && matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') {
            done = true;
            out.push(match c {
                'o' => 'u',
                'u' => 'o',
                'e' => 'a',
                _ => 'e',
            });
            continue;
        }
        out.push(*c);
    }
    out
}

/// The intake's duplicate check as an operator types: one check per key of the surname and
/// given names (from the third character), then with the birth date, through its worker.
pub(super) fn dupes_figures(
    store: &Store,
    names: &[String],
    births: &[Option<chrono::NaiveDate>],
) -> Result<(), Failure> {
    use crate::domain::duplicates::Probe;
    use crate::store::{DupesRequest, DupesWorker};
    let worker = DupesWorker::spawn(store.reopen()?)?;
    let mut times = Vec::new();
    let mut generation = 0;
    for (n, birth) in names.iter().zip(births) {
        let mut parts = n.split_whitespace();
        let surname = respell(&parts.next().unwrap_or_default().to_lowercase());
        let given: String = parts.collect::<Vec<_>>().join(" ");
        let typed = format!("{surname}\t{given}");
        let chars: Vec<char> = typed.chars().collect();
        for k in 3..=chars.len() + 1 {
            let upto: String = chars.iter().take(k).collect();
            let (s, g) = upto.split_once('\t').unwrap_or((upto.as_str(), ""));
            generation += 1;
            let probe = Probe {
                surname: s.to_string(),
                given: g.to_string(),
                birth: if k > chars.len() { *birth } else { None },
                ..Probe::default()
            };
            let start = Instant::now();
            worker.request(DupesRequest {
                generation,
                probe,
                own: None,
                limit: 5,
            });
            answered(&worker, generation)?;
            times.push(start.elapsed());
        }
    }
    times.sort();
    println!(
        "duplicate check per keystroke: p50 {} p99 {} max {} over {} checks",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(times.last().copied().unwrap_or_default()),
        times.len()
    );
    Ok(())
}
