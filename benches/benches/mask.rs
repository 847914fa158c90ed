//! Masking throughput next to scan throughput, in the same run and on the
//! same corpora, reported by criterion as bytes per second (GB/s).
//!
//! - `scan`: the scan alone (every detector), the floor for masking.
//! - `mask`: scan and mask into a second buffer in one pass (default
//!   policy: PANs keep their last four, CVV and track data hidden).
//! - `tokenize` / `pseudonymize`: the same with card numbers tokenized
//!   (FF1) or pseudonymized (HMAC-SHA-256).
//! - `redact`: scan and write a new, shorter buffer with labels.
//! - `stream_mask` / `stream_redact`: the same through `MaskWriter` in
//!   64 KiB writes (output identical to the one-shot calls).
//!
//! `cargo bench -p leaksift-benches --bench mask`; `LEAKSIFT_BENCH_MIB`
//! sets the corpus size (default 64 MiB).

use std::hint::black_box;
use std::ops::ControlFlow;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::io::Write;

use leaksift::{Action, Finding, Key, Kind, MaskWriter, Masker, Policy, Scanner};
use leaksift_benches::{corpus, Workload};

fn corpus_size() -> usize {
    std::env::var("LEAKSIFT_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(64)
        << 20
}

fn mask(c: &mut Criterion) {
    let size = corpus_size();
    let scanner = Scanner::default();
    let key = Key::from_bytes(&[0x42; 32]).expect("a 32-byte key");
    let masker = |policy: Policy| Masker::with_key(policy, &key).expect("a valid policy");
    let masked = masker(Policy::new());
    let tokenized = masker(Policy::new().set(Kind::Pan, Action::Tokenize));
    let pseudonymized = masker(Policy::new().set(Kind::Pan, Action::Pseudonymize));
    let redacted = masker(Policy::new().set_all(Action::Redact));
    for workload in Workload::ALL {
        let data = corpus(workload, size, 42);
        let mut out = vec![0u8; data.len()];
        let mut grown = Vec::with_capacity(data.len());
        let mut group = c.benchmark_group(format!("mask/{}", workload.name()));
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.sample_size(10);
        group.bench_function("scan", |b| {
            b.iter(|| {
                let mut n = 0usize;
                let _ = scanner.scan(black_box(&data), |_: &Finding| {
                    n += 1;
                    ControlFlow::Continue(())
                });
                n
            })
        });
        for (name, m) in [
            ("mask", &masked),
            ("tokenize", &tokenized),
            ("pseudonymize", &pseudonymized),
        ] {
            group.bench_function(name, |b| {
                b.iter(|| {
                    m.mask_into(&scanner, black_box(&data), &mut out)
                        .expect("masks")
                })
            });
        }
        group.bench_function("redact", |b| {
            b.iter(|| {
                grown.clear();
                redacted
                    .mask_append(&scanner, black_box(&data), &mut grown)
                    .expect("redacts")
            })
        });
        for (name, m) in [("stream_mask", &masked), ("stream_redact", &redacted)] {
            group.bench_function(name, |b| {
                b.iter(|| {
                    grown.clear();
                    let mut writer = MaskWriter::new(&scanner, m, &mut grown);
                    for chunk in black_box(&data).chunks(64 << 10) {
                        writer.write_all(chunk).expect("writes to a Vec");
                    }
                    writer.finish().expect("finishes").len()
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, mask);
criterion_main!(benches);
