// Offsets are UTF-16 code units: `text.slice(f.start, f.end)` is the match
// wherever astral-plane characters (two units, four UTF-8 bytes), CJK (one
// unit, three bytes) or accents (one unit, two bytes) stand before, between
// or after findings. Texts are generated from a fixed seed, with every
// expected span recorded as the text is built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scan, Scanner } from 'leaksift';
import { sortSpans, spansOf } from './cases.mjs';

const FILLER = ['hello', 'the', 'note', '客户', '说', '😀', '👩‍💻', '𝄞', '🇫🇷', 'naïve', 'é\u0301', 'ok.', 'Ünïcödé', '\n', '—'];
const SECRETS = [
  { before: 'card ', value: '4526 0181 5908 3012', kind: 'pan', subkind: 'visa' },
  { before: 'card ', value: '5382199351819096', kind: 'pan', subkind: 'mastercard' },
  { before: 'Amex ', value: '3423-194875-74916', kind: 'pan', subkind: 'amex' },
  { before: 'cvv ', value: '123', kind: 'cvv', subkind: '' },
  { before: 'security code is ', value: '0451', kind: 'cvv', subkind: '' },
];

/** SplitMix-style 32-bit generator: the same texts on every run. */
function rng(seed) {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) % n;
  };
}

/** A text of `parts` pieces and the findings it must produce. */
function generate(next, parts) {
  let text = '';
  const expected = [];
  for (let i = 0; i < parts; i++) {
    if (next(4) === 0) {
      const s = SECRETS[next(SECRETS.length)];
      text += s.before;
      expected.push({ kind: s.kind, subkind: s.subkind, start: text.length, end: text.length + s.value.length });
      text += s.value;
    } else {
      text += FILLER[next(FILLER.length)];
    }
    text += ' ';
  }
  return { text, expected: sortSpans(expected) };
}

test('offsets count UTF-16 units around emoji, CJK and accents', () => {
  const text = '😀 card 4526 0181 5908 3012 客户 cvv 123 👩‍💻';
  const [pan, cvv] = scan(text);
  assert.deepEqual([pan.start, pan.end], [8, 27]);
  assert.deepEqual([cvv.start, cvv.end], [35, 38]);
  // In UTF-8 bytes the same spans would start at 10 and 39.
  assert.equal(new TextEncoder().encode(text.slice(0, pan.start)).length, 10);
});

test('generated texts: every finding where it was put, and nothing else', () => {
  const next = rng(20261123);
  const scanner = new Scanner();
  let findings = 0;
  for (let round = 0; round < 300; round++) {
    const { text, expected } = generate(next, 1 + next(40));
    const found = scanner.scan(text);
    // Spans only in the message: no value is printed.
    assert.deepEqual(spansOf(found), expected, `round ${round}`);
    for (const f of found) {
      assert.ok(/^[0-9 -]+$/.test(text.slice(f.start, f.end)), `round ${round}: slice ${f.start}..${f.end}`);
    }
    findings += found.length;
  }
  assert.ok(findings > 500, `only ${findings} findings generated`);
});

test('a 1 MiB text full of astral characters keeps every offset', () => {
  const next = rng(7);
  let text = '';
  const expected = [];
  while (text.length < 1 << 20) {
    const part = generate(next, 50);
    for (const e of part.expected) {
      expected.push({ ...e, start: e.start + text.length, end: e.end + text.length });
    }
    text += part.text;
  }
  const found = scan(text);
  assert.deepEqual(spansOf(found), expected);
  assert.ok(found.length > 1000);
});

test('a finding at the very end, after a surrogate pair, ends at text.length', () => {
  const text = '🙂cvv 123';
  const [cvv] = scan(text);
  assert.equal(cvv.end, text.length);
  assert.equal(cvv.start, text.length - 3);
});
