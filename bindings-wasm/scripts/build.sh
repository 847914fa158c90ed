#!/usr/bin/env bash
# Builds the npm package into bindings-wasm/pkg/:
#   pkg/web/      ES module for browsers and bundlers (`await init()` first)
#   pkg/node/     CommonJS for Node (ready on require/import)
#   pkg/classic/  a classic script defining `leaksift` on the global object
#                 (`await leaksift(wasmUrl)`, then `leaksift.scan`), for
#                 Salesforce static resources loaded with loadScript
# from one wasm32 release build (simd128, see /.cargo/config.toml), with the
# wasm-bindgen CLI at exactly the crate's version, then optimised with
# wasm-opt from the npm package `binaryen` when `npm ci` has installed it.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}

crate_version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$here/Cargo.toml")
cli_version=$(wasm-bindgen --version | awk '{print $2}')
if [ "$crate_version" != "$cli_version" ]; then
  echo "wasm-bindgen CLI $cli_version does not match the crate's $crate_version" >&2
  echo "install it: cargo install wasm-bindgen-cli --version $crate_version" >&2
  exit 1
fi

(cd "$root" && cargo build --release --locked -p leaksift-wasm --target wasm32-unknown-unknown)
wasm=$target_dir/wasm32-unknown-unknown/release/leaksift_wasm.wasm

wasm_opt=$here/node_modules/.bin/wasm-opt
out=$here/pkg
rm -rf "$out"
for target in web node classic; do
  case $target in
    web) flag=web ;;
    node) flag=nodejs ;;
    classic) flag=no-modules ;;
  esac
  dir=$out/$target
  wasm-bindgen --target "$flag" --out-dir "$dir" --out-name leaksift "$wasm"
  if [ -x "$wasm_opt" ]; then
    # The features rustc enables for wasm32 by default, plus simd128; -O3
    # because scan speed matters more here than the last kilobytes.
    "$wasm_opt" -O3 --strip-debug --strip-producers \
      --enable-simd --enable-bulk-memory --enable-sign-ext \
      --enable-nontrapping-float-to-int --enable-mutable-globals \
      --enable-reference-types --enable-multivalue \
      "$dir/leaksift_bg.wasm" -o "$dir/leaksift_bg.wasm"
  else
    echo "note: $wasm_opt missing (run npm ci); $target .wasm left unoptimised" >&2
  fi
done
# The classic script declares `let wasm_bindgen`, which is not a property of
# the global object; a Lightning component reaches it as `globalThis.leaksift`.
echo 'globalThis.leaksift = wasm_bindgen;' >>"$out/classic/leaksift.js"
# Which module system each folder's .js files use, for Node and bundlers.
echo '{ "type": "module" }' >"$out/web/package.json"
echo '{ "type": "commonjs" }' >"$out/node/package.json"

raw=$(wc -c <"$out/web/leaksift_bg.wasm")
gz=$(gzip -9 -c "$out/web/leaksift_bg.wasm" | wc -c)
echo "leaksift_bg.wasm: $raw bytes raw, $gz bytes gzipped (budget 300 KB gzipped)"
if [ "$gz" -gt 300000 ]; then
  echo "the .wasm is over its 300 KB gzip budget" >&2
  exit 1
fi
