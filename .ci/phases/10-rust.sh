#!/usr/bin/env bash
# The Rust workspace: formatting, lints, every test (unit, property, doc, CLI).
set -euo pipefail
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
# Benchmarks compile and run once, briefly (numbers come from full runs).
cargo bench -p leaksift-benches --locked -- --quick --noplot >/dev/null
echo "bench smoke: ok"
