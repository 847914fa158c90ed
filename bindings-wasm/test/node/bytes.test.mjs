// Scanner.scanBytes: raw bytes in, byte offsets out, no decoding; the same
// findings as scanning the decoded text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scanner } from 'leaksift';
import { loadCases, spansOf } from './cases.mjs';

const utf8 = new TextEncoder();
const scanner = new Scanner();

test('every shared case, as UTF-8 bytes with byte offsets', () => {
  for (const c of loadCases()) {
    const bytes = utf8.encode(`😀 ${c.text}`);
    const expected = c.expected.map((e) => ({
      ...e,
      start: utf8.encode(`😀 ${c.text.slice(0, e.start)}`).length,
      end: utf8.encode(`😀 ${c.text.slice(0, e.end)}`).length,
    }));
    assert.deepEqual(spansOf(scanner.scanBytes(bytes)), expected, c.name);
  }
});

test('findings match the decoded text, masked the same way', () => {
  const text = 'card 4526 0181 5908 3012 cvv 123';
  assert.deepEqual(scanner.scanBytes(utf8.encode(text)), scanner.scan(text));
});

test('any bytes are valid input: invalid UTF-8, NUL, empty', () => {
  const bytes = new Uint8Array([0xff, 0xfe, 0, ...utf8.encode(' card 4526018159083012 '), 0xc3]);
  const [pan] = scanner.scanBytes(bytes);
  assert.deepEqual([pan.kind, pan.start, pan.end, pan.masked], ['pan', 9, 25, '************3012']);
  assert.deepEqual(scanner.scanBytes(new Uint8Array(0)), []);
  assert.equal(scanner.scanBytes(Buffer.from('cvv: 123')).length, 1, 'a Buffer is a Uint8Array');
});

test('anything but a Uint8Array is a LeaksiftError', () => {
  for (const [value, type] of [['cvv 123', 'string'], [new ArrayBuffer(4), 'object'], [[1, 2], 'an array'], [undefined, 'undefined']]) {
    assert.throws(
      () => scanner.scanBytes(value),
      (err) => err.name === 'LeaksiftError' && err.kind === 'invalid_argument' && err.message === `bytes must be a Uint8Array, got ${type}`,
    );
  }
});
