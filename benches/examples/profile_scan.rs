//! Scans one generated corpus repeatedly, for profilers (`perf record`,
//! `valgrind --tool=callgrind`): `cargo run --release -p leaksift-benches
//! --example profile_scan -- crm 64 pan,track`.

use std::ops::ControlFlow;
use std::time::Instant;

use leaksift::{Config, DetectorSet, Finding, Scanner};
use leaksift_benches::{corpus, Workload};

fn main() {
    let mut args = std::env::args().skip(1);
    let workload = match args.next().as_deref() {
        Some("logs") => Workload::Logs,
        Some("prose") => Workload::Prose,
        _ => Workload::Crm,
    };
    let mib: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(64);
    let detectors =
        DetectorSet::parse(&args.next().unwrap_or_else(|| "all".into())).expect("detector names");
    let scanner = Scanner::new(Config::new().detectors(detectors)).expect("valid config");
    let data = corpus(workload, mib << 20, 42);
    for _ in 0..5 {
        let started = Instant::now();
        let mut findings = 0;
        let _ = scanner.scan(&data, |_: &Finding| {
            findings += 1;
            ControlFlow::Continue(())
        });
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{}: {:.2} GB/s, {findings} findings",
            workload.name(),
            data.len() as f64 / secs / 1e9
        );
    }
}
