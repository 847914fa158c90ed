//! Streaming equals one-shot under arbitrary chunkings: the first two bytes
//! choose the chunk sizes and the stream's step, the rest is the input.
//! Checked with every detector on, and without the secret detectors, whose
//! margins (a whole PEM block) are longer than most fuzz inputs: without
//! them the window slides even over short inputs. The commingling policy
//! (both environments, with a watermark key) keeps state across chunks, so
//! it is checked too.
#![no_main]

use std::ops::ControlFlow;
use std::sync::OnceLock;

use leaksift::{
    Config, Detector, DetectorSet, Environment, Finding, Key, Scanner, StreamScanner,
};
use libfuzzer_sys::fuzz_target;

fn scanners() -> &'static [Scanner; 4] {
    static SCANNERS: OnceLock<[Scanner; 4]> = OnceLock::new();
    SCANNERS.get_or_init(|| {
        let without_secrets = DetectorSet::ALL.without(Detector::Secrets);
        let key = Key::from_bytes(&[7; 16]).expect("valid key");
        let policy = |environment| {
            let config = Config::new()
                .detectors(without_secrets)
                .environment(environment)
                .watermark_key(&key);
            Scanner::new(config).expect("valid config")
        };
        [
            Scanner::default(),
            Scanner::new(Config::new().detectors(without_secrets)).expect("valid config"),
            policy(Environment::Production),
            policy(Environment::Synthetic),
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    let [chunk_seed, step_seed, input @ ..] = data else {
        return;
    };
    for scanner in scanners() {
        check(scanner, *chunk_seed, *step_seed, input);
    }
});

fn check(scanner: &Scanner, chunk_seed: u8, step_seed: u8, input: &[u8]) {
    let expected = scanner.scan_to_vec(input);

    let mut found = Vec::new();
    let mut stream = StreamScanner::with_step(scanner, usize::from(step_seed) * 7 + 1);
    let mut rest = input;
    let mut size = usize::from(chunk_seed) + 1;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        let _ = stream.push(chunk, |f: &Finding| {
            found.push(*f);
            ControlFlow::Continue(())
        });
        rest = tail;
        // Vary the chunk size deterministically.
        size = (size * 5 + 3) % 257 + 1;
    }
    let _ = stream.finish(|f: &Finding| {
        found.push(*f);
        ControlFlow::Continue(())
    });
    assert_eq!(found, expected, "stream differs from one-shot");
}
