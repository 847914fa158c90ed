//! Masks one generated input through `MaskWriter` in fixed-size writes,
//! next to the one-shot `Masker::mask_into`, for a quick look or a profiler:
//! `cargo run --release -p leaksift-benches --example profile_mask_stream -- crm 64 65536`
//! (input: `crm`, `logs` or `prose`; size in MiB; write size in bytes).

use std::io::Write;
use std::time::Instant;

use leaksift::{MaskWriter, Masker, Policy, Scanner};
use leaksift_benches::{corpus, Workload};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "crm".into());
    let mib: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(64);
    let chunk: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(64 << 10);
    let workload = match name.as_str() {
        "logs" => Workload::Logs,
        "prose" => Workload::Prose,
        _ => Workload::Crm,
    };
    let data = corpus(workload, mib << 20, 42);
    let scanner = Scanner::default();
    let masker = Masker::new(Policy::new()).expect("the default policy");
    let mut one_shot = vec![0u8; data.len()];
    let mut streamed = Vec::with_capacity(data.len());
    let gbps = |secs: f64| data.len() as f64 / secs / 1e9;
    for _ in 0..3 {
        let started = Instant::now();
        masker
            .mask_into(&scanner, &data, &mut one_shot)
            .expect("masks");
        let whole = started.elapsed().as_secs_f64();

        streamed.clear();
        let started = Instant::now();
        let mut writer = MaskWriter::new(&scanner, &masker, &mut streamed);
        for piece in data.chunks(chunk) {
            writer.write_all(piece).expect("writes to a Vec");
        }
        writer.finish().expect("finishes");
        let stream = started.elapsed().as_secs_f64();
        assert_eq!(
            streamed, one_shot,
            "the stream differs from the one-shot mask"
        );
        println!(
            "{name}: one-shot mask {:.2} GB/s, MaskWriter ({chunk}-byte writes) {:.2} GB/s",
            gbps(whole),
            gbps(stream)
        );
    }
}
