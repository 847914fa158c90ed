//! Throughput of the core on the buffer examples/throughput.c generates, to
//! compare the C API with: `cargo run --release -p leaksift-c --example
//! core_throughput [MiB]`.
use std::ops::ControlFlow;
use std::time::Instant;

use leaksift::{Finding, Masker, Policy, Scanner};

/// Keep in step with examples/throughput.c.
const LINES: [&str; 4] = [
    "2026-11-23T10:00:00Z INFO request served path=/api/v1/orders status=200 bytes=5123\n",
    "2026-11-23T10:00:01Z DEBUG user=ann@example.com session=7f3a9c plan=pro items=3\n",
    "2026-11-23T10:00:02Z INFO payment card=4111 1111 1111 1111 cvv: 123 ok\n",
    "2026-11-23T10:00:03Z WARN retrying upstream after 250 ms (attempt 2 of 5)\n",
];

fn main() {
    let mib: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(64);
    let len = mib << 20;
    let mut buf = Vec::with_capacity(len);
    for i in 0.. {
        if buf.len() >= len {
            break;
        }
        let line = LINES[if i % 16 == 0 { 1 + (i / 16) % 3 } else { 0 }].as_bytes();
        let n = line.len().min(len - buf.len());
        buf.extend_from_slice(&line[..n]);
    }
    let scanner = Scanner::default();
    let masker = Masker::new(Policy::new()).expect("default policy");
    let mut out = vec![0; len];
    let (mut best_scan, mut best_mask, mut found) = (f64::MAX, f64::MAX, 0);
    for _ in 0..5 {
        found = 0;
        let t0 = Instant::now();
        let _ = scanner.scan(&buf, |_: &Finding| {
            found += 1;
            ControlFlow::Continue(())
        });
        let t1 = Instant::now();
        masker.mask_into(&scanner, &buf, &mut out).expect("mask");
        let t2 = Instant::now();
        best_scan = best_scan.min((t1 - t0).as_secs_f64());
        best_mask = best_mask.min((t2 - t1).as_secs_f64());
    }
    println!(
        "core:  {mib} MiB, {found} findings; scan {:.0} MiB/s, mask {:.0} MiB/s (best of 5)",
        mib as f64 / best_scan,
        mib as f64 / best_mask
    );
}
