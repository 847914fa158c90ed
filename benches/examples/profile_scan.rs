//! Scans one generated input repeatedly, for profilers (`perf record`,
//! `valgrind --tool=callgrind`):
//! `cargo run --release -p leaksift-benches --example profile_scan -- crm 64 pan,track`
//! (input: `crm`, `logs`, `prose`, `csv` (an export whose header names its
//! security-code, SSN and phone columns), `csv_plain` (the same rows under a
//! header naming nothing), or an adversarial input's name such as
//! `cvv_keywords`; size in MiB; detectors, or `naive` / `naive-cards` for
//! the naive `regex` baselines; rounds, default 5).

use std::ops::ControlFlow;
use std::time::Instant;

use leaksift::{Config, DetectorSet, Finding, Scanner};
use leaksift_benches::naive::Naive;
use leaksift_benches::{adversarial, corpus, Workload};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "crm".into());
    let mib: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(64);
    let detectors = args.next().unwrap_or_else(|| "all".into());
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let naive = match detectors.as_str() {
        "naive" => Some(Naive::every_detector()),
        "naive-cards" => Some(Naive::cards()),
        _ => None,
    };
    let scanner = match naive {
        Some(_) => Scanner::default(),
        None => Scanner::new(
            Config::new().detectors(DetectorSet::parse(&detectors).expect("detector names")),
        )
        .expect("valid config"),
    };
    let data = match name.as_str() {
        "crm" => corpus(Workload::Crm, mib << 20, 42),
        "logs" => corpus(Workload::Logs, mib << 20, 42),
        "prose" => corpus(Workload::Prose, mib << 20, 42),
        "csv" => table(b"id,name,cvv,ssn,phone,qty,note,created_at\n", mib << 20),
        "csv_plain" => table(b"id,name,a,b,c,qty,note,created_at\n", mib << 20),
        other => adversarial(other, mib << 20),
    };
    for _ in 0..rounds {
        let started = Instant::now();
        let mut findings = 0;
        match &naive {
            Some(naive) => findings = naive.count(&data),
            None => {
                let _ = scanner.scan(&data, |_: &Finding| {
                    findings += 1;
                    ControlFlow::Continue(())
                });
            }
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{name}: {:.2} GB/s, {findings} findings",
            data.len() as f64 / secs / 1e9
        );
    }
}

/// A CSV export of `size` bytes under `header`: ids, names, 3-digit codes,
/// SSNs, phones, quantities, quoted notes with commas and timestamps.
fn table(header: &[u8], size: usize) -> Vec<u8> {
    let mut out = header.to_vec();
    let mut i = 0u64;
    while out.len() < size {
        let row = format!(
            "{},\"Lee, Ann\",{:03},{},{},{},\"called, left {} msgs\",2026-11-23T10:{:02}:00Z\n",
            100_000 + i,
            100 + i % 900,
            536_901_234 + (i % 1000) * 10_000,
            4_155_552_671u64 + i % 1000,
            i % 17,
            i % 5,
            i % 60
        );
        out.extend_from_slice(row.as_bytes());
        i += 1;
    }
    out
}
