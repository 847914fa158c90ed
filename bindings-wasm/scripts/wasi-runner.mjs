// Cargo test runner for wasm32-wasip1: runs a test binary under Node's WASI,
// so the core's unit tests (the SIMD classifier against the portable loop
// among them) run on the same simd128 code the browser package ships.
// Usage (set by .ci/phases/30-wasm.sh):
//   CARGO_TARGET_WASM32_WASIP1_RUNNER="node bindings-wasm/scripts/wasi-runner.mjs"
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: [file, ...args],
  env: { RUST_BACKTRACE: '0' },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
