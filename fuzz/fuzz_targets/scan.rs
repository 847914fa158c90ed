//! Any bytes: the scan never panics, spans are in bounds and ordered, one
//! kind never overlaps itself, every reported PAN passes Luhn and the issuer
//! table, and the first input byte chooses the detector set and threshold so
//! configurations are fuzzed too.
#![no_main]

use std::ops::ControlFlow;
use std::sync::OnceLock;

use leaksift::{card_brand, luhn_valid, Config, Detector, DetectorSet, Finding, Kind, Scanner};
use libfuzzer_sys::fuzz_target;

/// Scanners are built once (building one compiles keyword automata); the
/// first input byte picks one: every subset of detectors, with thresholds
/// 0 and the default.
fn scanners() -> &'static [Scanner] {
    static SCANNERS: OnceLock<Vec<Scanner>> = OnceLock::new();
    SCANNERS.get_or_init(|| {
        let subsets = 1u32 << Detector::ALL.len();
        (0..subsets * 2)
            .map(|i| {
                let detectors = Detector::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(bit, _)| (i % subsets) & (1 << bit) != 0)
                    .fold(DetectorSet::EMPTY, |set, (_, d)| set.with(d));
                let threshold = if i < subsets {
                    Config::DEFAULT_MIN_CONFIDENCE
                } else {
                    0
                };
                Scanner::new(Config::new().detectors(detectors).min_confidence(threshold))
                    .expect("valid config")
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let all = scanners();
    // Selector 0 (the seeds') is every detector at the default threshold.
    let scanner = &all[(usize::from(selector) + all.len() / 2 - 1) % all.len()];

    let mut previous: Option<Finding> = None;
    let mut last_end_per_kind = [0usize; 64];
    let _ = scanner.scan(input, |f: &Finding| {
        assert!(
            f.start < f.end && f.end <= input.len(),
            "span out of bounds"
        );
        assert!(f.confidence <= 100);
        if let Some(p) = previous {
            assert!(
                (p.start, p.end, p.kind) < (f.start, f.end, f.kind),
                "out of order"
            );
        }
        let slot = &mut last_end_per_kind[f.kind as usize % 64];
        assert!(*slot <= f.start, "a kind overlaps itself");
        *slot = f.end;
        if f.kind == Kind::Pan {
            let mut digits = [0u8; 19];
            let mut n = 0;
            for &b in &input[f.span()] {
                if b.is_ascii_digit() {
                    assert!(n < 19, "a PAN has at most 19 digits");
                    digits[n] = b;
                    n += 1;
                }
            }
            assert!(luhn_valid(&digits[..n]) && card_brand(&digits[..n]) == Some(f.subkind));
        }
        let _ = f.masked(input).to_string();
        previous = Some(*f);
        ControlFlow::Continue(())
    });
    assert_eq!(scanner.scan_to_vec(input).len(), {
        let mut n = 0;
        let _ = scanner.scan(input, |_: &Finding| {
            n += 1;
            ControlFlow::Continue(())
        });
        n
    });
});
