//! Prints the throughput tables of `benches/README.md` as Markdown:
//! `cargo run --release -p leaksift-benches --example bench_table`
//! (`-- --mib 16 --rounds 5` for a quicker, rougher run).
//!
//! Every number is the best of several rounds, in GB/s (10^9 bytes per
//! second of wall time, one thread): on a shared machine the best round is
//! the one least disturbed by other processes. Each round scans the input
//! once, or repeatedly for at least 0.2 s when it is small.
//!
//! - per workload (CRM export, logs, prose; 64 MiB by default): the `memchr`
//!   ceiling, the naive `regex` baselines, each detector family alone,
//!   every detector, masking (default policy), and streaming in 64 KiB
//!   chunks, with the ratios of every detector to the ceiling and to the
//!   naive baseline of the same detectors;
//! - the adversarial inputs with every detector on, at 1 MiB and at the
//!   full size, against the slowest typical workload.

use std::hint::black_box;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use leaksift::{Config, DetectorSet, Finding, Masker, Policy, Scanner, StreamScanner};
use leaksift_benches::naive::Naive;
use leaksift_benches::{adversarial, corpus, Workload, ADVERSARIAL};

/// The inputs the issue names; the others are listed after them.
const REQUIRED_ADVERSARIAL: [&str; 6] = [
    "digits",
    "visa_groups",
    "cvv_keywords",
    "at_signs",
    "base64_line",
    "digit_separator",
];

struct Options {
    mib: usize,
    rounds: usize,
}

fn options() -> Options {
    let mut options = Options { mib: 64, rounds: 7 };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (arg.as_str(), value) {
            ("--mib", Some(v)) => options.mib = v,
            ("--rounds", Some(v)) => options.rounds = v,
            _ => panic!("usage: bench_table [--mib N] [--rounds N]"),
        }
    }
    options
}

/// Best throughput of `rounds` rounds of `work` over `bytes` bytes, in GB/s.
fn best_gbps(bytes: usize, rounds: usize, mut work: impl FnMut() -> usize) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let started = Instant::now();
        let mut passes = 0u32;
        while passes == 0 || started.elapsed() < Duration::from_millis(200) && bytes < 16 << 20 {
            black_box(work());
            passes += 1;
        }
        best = best.min(started.elapsed().as_secs_f64() / f64::from(passes));
    }
    bytes as f64 / best / 1e9
}

fn count(scanner: &Scanner, data: &[u8]) -> usize {
    let mut n = 0;
    let _ = scanner.scan(data, |_: &Finding| {
        n += 1;
        ControlFlow::Continue(())
    });
    n
}

fn stream_count(scanner: &Scanner, data: &[u8], chunk: usize) -> usize {
    let mut n = 0;
    let mut stream = StreamScanner::new(scanner);
    for piece in data.chunks(chunk) {
        let _ = stream.push(piece, |_: &Finding| {
            n += 1;
            ControlFlow::Continue(())
        });
    }
    let _ = stream.finish(|_: &Finding| {
        n += 1;
        ControlFlow::Continue(())
    });
    n
}

fn scanner(detectors: &str) -> Scanner {
    Scanner::new(Config::new().detectors(DetectorSet::parse(detectors).expect("detector names")))
        .expect("config")
}

fn main() {
    let Options { mib, rounds } = options();
    let size = mib << 20;
    let all = Scanner::default();
    let masker = Masker::new(Policy::new()).expect("the default policy is valid");
    let naive_cards = Naive::cards();
    let naive_all = Naive::every_detector();
    let families = [
        ("cards (pan, track)", scanner("pan,track")),
        ("cvv", scanner("cvv")),
        ("ssn", scanner("ssn")),
        ("itin", scanner("itin")),
        ("iban", scanner("iban")),
        ("routing", scanner("routing")),
        ("email", scanner("email")),
        ("phone", scanner("phone")),
        ("secrets", scanner("secrets")),
        ("cards + cvv", scanner("pan,track,cvv")),
    ];

    let mut rows: Vec<(String, [f64; 3])> = Vec::new();
    let mut put = |name: &str, w: usize, value: f64| match rows.iter_mut().find(|(n, _)| n == name)
    {
        Some((_, values)) => values[w] = value,
        None => {
            let mut values = [0.0; 3];
            values[w] = value;
            rows.push((name.to_string(), values));
        }
    };
    let mut findings = [0usize; 3];
    for (w, workload) in Workload::ALL.into_iter().enumerate() {
        let data = corpus(workload, size, 42);
        let mut out = vec![0u8; data.len()];
        eprintln!("{}: {} bytes", workload.name(), data.len());
        findings[w] = count(&all, &data);
        let rate = |work: &mut dyn FnMut() -> usize| best_gbps(data.len(), rounds, work);
        put(
            "`memchr` one byte (ceiling)",
            w,
            rate(&mut || memchr::memchr_iter(b'\n', black_box(&data)).count()),
        );
        put(
            "naive `regex` + validators, card detectors",
            w,
            rate(&mut || naive_cards.count(&data)),
        );
        put(
            "naive `regex` + validators, every detector",
            w,
            rate(&mut || naive_all.count(&data)),
        );
        for (name, s) in &families {
            put(name, w, rate(&mut || count(s, &data)));
        }
        put("**every detector**", w, rate(&mut || count(&all, &data)));
        put(
            "every detector, streamed in 64 KiB chunks",
            w,
            rate(&mut || stream_count(&all, &data, 64 << 10)),
        );
        put(
            "every detector + masking (default policy)",
            w,
            rate(&mut || {
                masker
                    .mask_into(&all, &data, &mut out)
                    .expect("masks")
                    .findings
            }),
        );
    }

    let value = |name: &str| {
        rows.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
            .expect("measured")
    };
    let every = value("**every detector**");
    let ceiling = value("`memchr` one byte (ceiling)");
    let naive = value("naive `regex` + validators, every detector");
    println!("### Throughput, GB/s ({mib} MiB inputs, one thread, best of {rounds})\n");
    println!("| | CRM | logs | prose |\n|---|---|---|---|");
    for (name, v) in &rows {
        println!("| {name} | {:.2} | {:.2} | {:.2} |", v[0], v[1], v[2]);
    }
    println!(
        "| every detector ÷ naive `regex` (same detectors) | {:.1}× | {:.1}× | {:.1}× |",
        every[0] / naive[0],
        every[1] / naive[1],
        every[2] / naive[2]
    );
    println!(
        "| every detector ÷ ceiling | {:.3} | {:.3} | {:.3} |",
        every[0] / ceiling[0],
        every[1] / ceiling[1],
        every[2] / ceiling[2]
    );
    println!(
        "| findings (every detector) | {} | {} | {} |",
        findings[0], findings[1], findings[2]
    );

    let typical = every.iter().copied().fold(f64::MAX, f64::min);
    println!(
        "\n### Adversarial inputs, every detector, GB/s (slowest typical workload: {typical:.2})\n"
    );
    println!("| input | 1 MiB | {mib} MiB | 1 MiB ÷ {mib} MiB | typical ÷ {mib} MiB |");
    println!("|---|---|---|---|---|");
    let others = ADVERSARIAL
        .iter()
        .filter(|name| !REQUIRED_ADVERSARIAL.contains(name));
    for name in REQUIRED_ADVERSARIAL.iter().chain(others) {
        let small = adversarial(name, 1 << 20);
        let large = adversarial(name, size);
        let small_rate = best_gbps(small.len(), rounds, || count(&all, &small));
        let large_rate = best_gbps(large.len(), rounds.min(3), || count(&all, &large));
        let marker = if REQUIRED_ADVERSARIAL.contains(name) {
            ""
        } else {
            " (extra)"
        };
        println!(
            "| `{name}`{marker} | {small_rate:.2} | {large_rate:.2} | {:.2} | {:.1}× |",
            small_rate / large_rate,
            typical / large_rate
        );
    }
}
