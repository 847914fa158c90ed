#!/usr/bin/env bash
# Toolchain pieces every later phase relies on. Idempotent: skips what is there.
set -euo pipefail
rustup component add rustfmt clippy >/dev/null
rustc --version
cargo --version
