//! Scan throughput, reported by criterion as bytes per second, with two
//! reference points measured in the same run:
//! - `memchr_ceiling`: counting one byte with `memchr`, the practical ceiling
//!   of any pass over the input;
//! - `naive_regex`: what a user would write in an afternoon, the `regex`
//!   crate with the same detectors in one ASCII alternation plus the obvious
//!   validators ([`leaksift_benches::naive`]); `naive_regex_cards` is the
//!   same for the card detectors only.
//!
//! `cargo bench -p leaksift-benches --bench scan`; `LEAKSIFT_BENCH_MIB`
//! sets the corpus size (default 64 MiB).

use std::hint::black_box;
use std::ops::ControlFlow;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use leaksift::{Config, DetectorSet, Finding, Scanner};
use leaksift_benches::naive::Naive;
use leaksift_benches::{adversarial, corpus, Workload, ADVERSARIAL};

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

fn scanner(detectors: &str) -> Scanner {
    Scanner::new(Config::new().detectors(DetectorSet::parse(detectors).expect("detector names")))
        .expect("config")
}

fn workloads(c: &mut Criterion) {
    let size = corpus_size();
    let all = Scanner::default();
    let naive = Naive::every_detector();
    let naive_cards = Naive::cards();
    // One scanner per detector family, so each one's throughput is in the
    // report: cards share one walk, the identifiers three cursors.
    let families = [
        ("cards", scanner("pan,track")),
        ("cvv", scanner("cvv")),
        ("ssn", scanner("ssn")),
        ("itin", scanner("itin")),
        ("iban", scanner("iban")),
        ("routing", scanner("routing")),
        ("email", scanner("email")),
        ("phone", scanner("phone")),
        ("secrets", scanner("secrets")),
    ];
    for workload in Workload::ALL {
        let data = corpus(workload, size, 42);
        let mut group = c.benchmark_group(format!("scan/{}", workload.name()));
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.sample_size(10);
        group.bench_function("memchr_ceiling", |b| {
            b.iter(|| memchr::memchr_iter(b'\n', black_box(&data)).count())
        });
        group.bench_function("naive_regex", |b| b.iter(|| naive.count(black_box(&data))));
        group.bench_function("naive_regex_cards", |b| {
            b.iter(|| naive_cards.count(black_box(&data)))
        });
        group.bench_function("all_detectors", |b| {
            b.iter(|| count(&all, black_box(&data)))
        });
        for (name, scanner) in &families {
            group.bench_function(*name, |b| b.iter(|| count(scanner, black_box(&data))));
        }
        group.finish();
    }
}

fn adversarial_inputs(c: &mut Criterion) {
    let size = corpus_size();
    let all = Scanner::default();
    let mut group = c.benchmark_group("adversarial");
    group.throughput(Throughput::Bytes(size as u64));
    group.sample_size(10);
    for name in ADVERSARIAL {
        let data = adversarial(name, size);
        group.bench_function(name, |b| b.iter(|| count(&all, black_box(&data))));
    }
    group.finish();
}

criterion_group!(benches, workloads, adversarial_inputs);
criterion_main!(benches);
