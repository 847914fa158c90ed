#!/usr/bin/env bash
# The Rust workspace: formatting, lints, every test (unit, property, doc, CLI).
set -euo pipefail
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
# The accuracy report (precision/recall per kind on the labeled corpus).
cargo test -p leaksift-benches --locked --test accuracy -- --nocapture 2>&1 | grep -E "^(accuracy|kind |provenance|[a-z_]+ +[0-9]+ +[0-9])"
# Benchmarks compile and run once, briefly (numbers come from full runs).
LEAKSIFT_BENCH_MIB=1 cargo bench -p leaksift-benches --bench scan --locked -- --quick --noplot 2>&1 | grep -E "^scan|thrpt"
LEAKSIFT_BENCH_MIB=1 cargo bench -p leaksift-benches --bench mask --locked -- --quick --noplot 2>&1 | grep -E "^mask|thrpt"
echo "bench smoke: ok"
