#!/usr/bin/env bash
# The WASM binding (bindings-wasm/): the core's unit tests on wasm32 with
# simd128, the npm package build (web, node, classic), Node tests, the demo
# form in headless Chromium (with throughput next to native), and the
# Lightning Web Component's Jest tests. Installs what a fresh machine lacks.
set -euo pipefail
root=$PWD
pkg=$root/bindings-wasm
lwc=$pkg/examples/lwc
target_dir=${CARGO_TARGET_DIR:-$root/target}

echo "--- toolchain"
rustup target add wasm32-unknown-unknown wasm32-wasip1 >/dev/null
version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$pkg/Cargo.toml")
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  # Not --locked: the CLI's lockfile wants crates newer than the registry
  # mirror has (shared/TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "$version"
fi
wasm-bindgen --version
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version
node --version
(cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error)
# Not `npm ci` here: rollup (under jest) lists an optional package per
# platform, the registry reached from here serves only linux-x64's, so the
# lockfile cannot hold the others and `npm ci` calls it out of sync.
# `npm install --no-save` installs what the lockfile pins all the same.
(cd "$lwc" && npm install --no-save --no-audit --no-fund --loglevel=error)

echo "--- core unit tests on wasm32-wasip1 +simd128, under Node's WASI"
# Skipped: the key-file test, which needs std::env::temp_dir (it panics on
# WASI: there is no file system to put one in).
CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS="-C target-feature=+simd128" \
CARGO_TARGET_WASM32_WASIP1_RUNNER="node --no-warnings $pkg/scripts/wasi-runner.mjs" \
  cargo test -p leaksift --lib --locked --target wasm32-wasip1 -- \
  --skip masking::key::tests::files_hex_and_raw

echo "--- build the npm package"
bash "$pkg/scripts/build.sh"

echo "--- node tests"
(cd "$pkg" && node --test test/node/*.test.mjs)

echo "--- browser test (chromium, headless)"
corpus=test-results/corpus
cargo run --profile bench --locked -q -p leaksift-benches --example corpus -- "$pkg/$corpus" 1
bash "$pkg/test/browser/run.sh" "$corpus"

echo "--- lightning web component (sfdx-lwc-jest)"
bash "$lwc/scripts/stage-static-resource.sh"
rm -f "$pkg/test-results/lwc-jest.json"
(cd "$lwc" && npx --no-install sfdx-lwc-jest -- --json --outputFile=../../test-results/lwc-jest.json 2>&1 | grep -E "^(PASS|FAIL|Tests:)|✕|●" || true)
node -e '
const r = require(process.argv[1]);
console.log(`lwc-jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
process.exit(r.success && r.numTotalTests > 0 ? 0 : 1);
' "$pkg/test-results/lwc-jest.json"

echo "--- package size"
for target in web node classic; do
  wasm=$pkg/pkg/$target/leaksift_bg.wasm
  echo "$target/leaksift_bg.wasm: $(wc -c <"$wasm") bytes raw, $(gzip -9 -c "$wasm" | wc -c) bytes gzipped"
done
echo "unoptimised cargo output: $(wc -c <"$target_dir/wasm32-unknown-unknown/release/leaksift_wasm.wasm") bytes"
