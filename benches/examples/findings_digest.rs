//! Prints a digest of every finding (kind, subkind, span, confidence,
//! provenance) on the generated corpora, the adversarial inputs and random
//! inputs over the bytes the detectors look at, so that a change meant only
//! for speed can be checked to find exactly the same things: run it on the
//! old and the new build and compare the output.
//!
//! ```sh
//! cargo run --release -p leaksift-benches --example findings_digest > new.txt
//! ```

use leaksift::{Config, DetectorSet, Finding, Scanner};
use leaksift_benches::{adversarial, corpus, Rng, Workload, ADVERSARIAL};

/// FNV-1a over the Debug text of each finding: the Debug form holds spans,
/// never the matched bytes.
fn digest(findings: &[Finding]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for f in findings {
        for b in format!("{f:?}").bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Random text of identifier shapes and near misses: templates (`N` a digit
/// 2-9, `d` any digit) and generated phone numbers and IBANs between bytes
/// the detectors react to, then a few bytes overwritten at random, so that
/// both findings and shapes that almost match are common.
fn shapey(seed: u64, size: usize) -> Vec<u8> {
    const TEMPLATES: &[&[u8]] = &[
        b"NNN-dd-dddd",
        b"NNN dd dddd",
        b"9NN-7d-dddd",
        b"(NNN) NNN-dddd",
        b"(NNN)NNN-dddd",
        b"NNN-NNN-dddd",
        b"NNN.NNN.dddd",
        b"NNN NNN dddd",
        b"NNN NNN-dddd",
        b"1-NNN-NNN-dddd",
        b"1 (NNN) NNN-dddd",
        b"+44 20 dddd dddd",
        b"+44 (0)20 dddd dddd",
        b"+49dddddddddd",
        b"+1 NNN NNN dddd",
        b"+33 1 dd dd dd dd",
        b"GB33BUKB20201555555555",
        b"DE89 3704 0044 0532 0130 00",
        b"NO93 8601 1117 947",
        b"4111 1111 1111 1111",
        b"dddd dddd dddd dddd",
        b"ddddddddddddddd",
        b"dd",
        b"ddd",
        b"dddd",
    ];
    const NOISE: &[&[u8]] = &[
        b" ",
        b" ",
        b"-",
        b".",
        b"(",
        b")",
        b"+",
        b"\n",
        b"_",
        b"/",
        b":",
        b"x",
        b"a",
        b"Z",
        b"ssn ",
        b"phone ",
        b"order ",
        b"iban ",
        b"card ",
        b"\"",
        b",",
        b"=",
        b"^",
        b"1",
        b"\xc3\xa9",
    ];
    const MUTATIONS: &[u8] = b"0123456789 -.()+xDE_/";
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(size + 64);
    while out.len() < size {
        match rng.below(10) {
            0 => out.extend_from_slice(leaksift_benches::phone_number(&mut rng).as_bytes()),
            1 => out.extend_from_slice(leaksift_benches::iban(&mut rng).as_bytes()),
            2..=5 => {
                let template: &&[u8] = rng.pick(TEMPLATES);
                for &b in template.iter() {
                    out.push(match b {
                        b'N' => b'2' + rng.below(8) as u8,
                        b'd' => b'0' + rng.below(10) as u8,
                        other => other,
                    });
                }
            }
            _ => {
                let piece: &&[u8] = rng.pick(NOISE);
                out.extend_from_slice(piece);
            }
        }
    }
    out.truncate(size);
    for _ in 0..size / 64 {
        let at = rng.below(size as u64) as usize;
        out[at] = *rng.pick(MUTATIONS);
    }
    out
}

fn main() {
    let detector_sets = [
        "all",
        "ssn,itin,phone,iban",
        "pan,track",
        "phone",
        "ssn",
        "iban",
    ];
    let scanners: Vec<(&str, Scanner)> = detector_sets
        .iter()
        .map(|&d| {
            let config = Config::new()
                .detectors(DetectorSet::parse(d).expect("detector names"))
                .min_confidence(1);
            (d, Scanner::new(config).expect("valid config"))
        })
        .collect();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for workload in Workload::ALL {
        for seed in [1, 2, 42] {
            inputs.push((
                format!("{} seed {seed}", workload.name()),
                corpus(workload, 1 << 20, seed),
            ));
        }
    }
    for name in ADVERSARIAL {
        inputs.push((name.to_string(), adversarial(name, 256 << 10)));
    }
    for seed in 0..64 {
        inputs.push((format!("shapey seed {seed}"), shapey(seed, 64 << 10)));
    }
    for (name, input) in &inputs {
        for (detectors, scanner) in &scanners {
            let findings = scanner.scan_to_vec(input);
            println!(
                "{name} [{detectors}]: {} findings, digest {:016x}",
                findings.len(),
                digest(&findings)
            );
        }
    }
}
