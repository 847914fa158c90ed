//! Any bytes: the scan never panics, spans are in bounds and ordered, one
//! kind never overlaps itself, every reported PAN passes Luhn and the issuer
//! table, and the first input byte chooses the detector set and threshold so
//! configurations are fuzzed too.
#![no_main]

use std::ops::ControlFlow;
use std::sync::OnceLock;

use leaksift::{card_brand, luhn_valid, Config, Detector, DetectorSet, Finding, Kind, Scanner};
use libfuzzer_sys::fuzz_target;

/// Detector families the selector byte switches off, one bit each (bit 7
/// sets the threshold to 0), so selector 0 (the seeds') is every detector
/// at the default threshold.
const FAMILIES: [&[Detector]; 7] = [
    &[Detector::Pan, Detector::Track],
    &[Detector::Cvv],
    &[Detector::Ssn, Detector::Itin],
    &[Detector::Iban, Detector::Routing],
    &[Detector::Email],
    &[Detector::Phone],
    &[Detector::Secrets],
];

/// The scanner for a selector byte, built the first time it is chosen
/// (building one compiles keyword automata).
fn scanner(selector: u8) -> &'static Scanner {
    static SCANNERS: [OnceLock<Scanner>; 256] = [const { OnceLock::new() }; 256];
    SCANNERS[usize::from(selector)].get_or_init(|| {
        let detectors = FAMILIES
            .iter()
            .enumerate()
            .filter(|(bit, _)| selector & (1 << bit) == 0)
            .flat_map(|(_, family)| family.iter().copied())
            .fold(DetectorSet::EMPTY, DetectorSet::with);
        let threshold = if selector & 0x80 == 0 {
            Config::DEFAULT_MIN_CONFIDENCE
        } else {
            0
        };
        Scanner::new(Config::new().detectors(detectors).min_confidence(threshold))
            .expect("valid config")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let scanner = scanner(selector);

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
