//! Scan throughput, reported by criterion as bytes per second (GB/s), next
//! to a plain byte pass with `memchr` (the practical ceiling of reading the
//! input) in the same run.
//!
//! `cargo bench -p leaksift-benches --bench scan` for full numbers; set
//! `LEAKSIFT_BENCH_MIB` to change the corpus size (default 64 MiB).

use std::hint::black_box;
use std::ops::ControlFlow;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use leaksift::{Config, DetectorSet, Finding, Scanner};
use leaksift_benches::{corpus, Workload};

fn corpus_size() -> usize {
    std::env::var("LEAKSIFT_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(64)
        << 20
}

fn count(scanner: &Scanner, data: &[u8]) -> usize {
    let mut n = 0;
    let _ = scanner.scan(data, |_: &Finding| {
        n += 1;
        ControlFlow::Continue(())
    });
    n
}

fn scan(c: &mut Criterion) {
    let size = corpus_size();
    let all = Scanner::default();
    let cards_only =
        Scanner::new(Config::new().detectors(DetectorSet::parse("pan,track").unwrap())).unwrap();
    let cvv_only =
        Scanner::new(Config::new().detectors(DetectorSet::parse("cvv").unwrap())).unwrap();
    for workload in Workload::ALL {
        let data = corpus(workload, size, 42);
        let mut group = c.benchmark_group(format!("scan/{}", workload.name()));
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.sample_size(10);
        group.bench_function("memchr_ceiling", |b| {
            b.iter(|| memchr::memchr_iter(b'\n', black_box(&data)).count())
        });
        group.bench_function("all_detectors", |b| {
            b.iter(|| count(&all, black_box(&data)))
        });
        group.bench_function("cards", |b| b.iter(|| count(&cards_only, black_box(&data))));
        group.bench_function("cvv", |b| b.iter(|| count(&cvv_only, black_box(&data))));
        group.finish();
    }
}

criterion_group!(benches, scan);
criterion_main!(benches);
