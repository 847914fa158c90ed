//! Writes a generated corpus to a file and times the core on it, so that a
//! binding can be timed on exactly the same bytes (see
//! `bindings-python/bench/scan_throughput.py`):
//! `cargo run --release -p leaksift-benches --example corpus_file -- crm 1 /tmp/crm-1m.txt`
//! (workload `crm`, `logs` or `prose`; size in MiB; output path).
//!
//! Prints the best of 7 rounds, each scanning the corpus repeatedly for
//! about 0.2 s, in MB/s (10^6 bytes), with the findings of one scan.

use std::hint::black_box;
use std::ops::ControlFlow;
use std::time::Instant;

use leaksift::{Finding, Scanner};
use leaksift_benches::{corpus, Workload};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "crm".into());
    let mib: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let path = args.next().unwrap_or_else(|| format!("{name}-{mib}m.txt"));
    let workload = Workload::ALL
        .into_iter()
        .find(|w| w.name() == name)
        .expect("workload: crm, logs or prose");
    let data = corpus(workload, mib << 20, 42);
    std::fs::write(&path, &data).expect("the output file is writable");

    let scanner = Scanner::default();
    let count = |data: &[u8]| {
        let mut n = 0usize;
        let _ = scanner.scan(data, |_: &Finding| {
            n += 1;
            ControlFlow::Continue(())
        });
        n
    };
    let findings = count(&data);
    // Rounds of about 0.2 s each.
    let started = Instant::now();
    count(black_box(&data));
    let reps = (0.2 / started.elapsed().as_secs_f64().max(1e-6)).ceil() as usize;
    let mut best = f64::MAX;
    for _ in 0..7 {
        let started = Instant::now();
        for _ in 0..reps {
            black_box(count(black_box(&data)));
        }
        best = best.min(started.elapsed().as_secs_f64() / reps as f64);
    }
    println!(
        "core {name} {mib} MiB: {:.0} MB/s ({:.1} us per scan), {findings} findings, wrote {path}",
        data.len() as f64 / best / 1e6,
        best * 1e6
    );
}
