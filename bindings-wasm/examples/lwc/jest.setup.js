// jsdom lacks TextEncoder and TextDecoder, which the wasm-bindgen glue
// needs (a browser has them); take Node's.
const { TextDecoder, TextEncoder } = require('node:util');

globalThis.TextEncoder ??= TextEncoder;
globalThis.TextDecoder ??= TextDecoder;
