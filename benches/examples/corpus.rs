//! Writes the benchmark corpora to files and times the native scan on them,
//! so another build (the WASM package in a browser) can be measured on the
//! very same bytes and checked to find the very same things.
//!
//! ```sh
//! cargo run --profile bench -p leaksift-benches --example corpus -- OUT_DIR [MIB]
//! ```
//!
//! Writes `OUT_DIR/{crm,logs,prose}.txt` (`MIB` MiB each, default 1, seed 42,
//! ASCII) and `OUT_DIR/native.json`: per workload the byte count, the number
//! of findings of a default scan, and the median native throughput.

use std::ops::ControlFlow;
use std::time::Instant;

use leaksift::{Finding, Scanner};
use leaksift_benches::{corpus, Workload};

const RUNS: usize = 15;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: corpus OUT_DIR [MIB]");
        std::process::exit(2);
    };
    let mib: usize = args.next().and_then(|m| m.parse().ok()).unwrap_or(1);
    let out = std::path::PathBuf::from(out);
    if let Err(err) = std::fs::create_dir_all(&out) {
        eprintln!("cannot create {}: {err}", out.display());
        std::process::exit(1);
    }
    let scanner = Scanner::default();
    let mut json = Vec::new();
    for workload in Workload::ALL {
        let data = corpus(workload, mib << 20, 42);
        let path = out.join(format!("{}.txt", workload.name()));
        if let Err(err) = std::fs::write(&path, &data) {
            eprintln!("cannot write {}: {err}", path.display());
            std::process::exit(1);
        }
        let mut times = Vec::with_capacity(RUNS);
        let mut findings = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            findings = 0;
            let _ = scanner.scan(std::hint::black_box(&data), |_: &Finding| {
                findings += 1;
                ControlFlow::Continue(())
            });
            times.push(start.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        let mb_per_s = data.len() as f64 / times[RUNS / 2] / 1e6;
        println!(
            "native scan {:<5} {} MiB: {mb_per_s:>6.0} MB/s ({findings} findings, median of {RUNS})",
            workload.name(),
            mib
        );
        json.push(format!(
            "\"{}\": {{\"bytes\": {}, \"findings\": {findings}, \"mb_per_s\": {mb_per_s:.1}}}",
            workload.name(),
            data.len()
        ));
    }
    let path = out.join("native.json");
    if let Err(err) = std::fs::write(&path, format!("{{{}}}\n", json.join(", "))) {
        eprintln!("cannot write {}: {err}", path.display());
        std::process::exit(1);
    }
}
