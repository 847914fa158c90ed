// The shared detection cases (testdata/cases.jsonl), through the Node build,
// with offsets in UTF-16 code units; then again after astral-plane, CJK and
// lone-surrogate text, where UTF-8 bytes and UTF-16 units differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scan, Scanner } from 'leaksift';
import { loadCases, spansOf } from './cases.mjs';

const cases = loadCases();

test('the shared file holds the cases', () => {
  assert.ok(cases.length >= 40, `only ${cases.length} cases`);
  assert.ok(cases.some((c) => c.expected.length === 0), 'negative cases are there');
  assert.ok(cases.some((c) => c.expected.length > 1), 'multi-finding cases are there');
});

for (const c of cases) {
  test(`case: ${c.name}`, () => {
    const findings = scan(c.text);
    assert.deepEqual(spansOf(findings), c.expected);
  });
}

// Each prefix ends with a space or a line break, so what precedes a match
// is the same as without it; only the offsets move, by prefix.length units.
const PREFIXES = {
  emoji: '😀 ',
  'flag and clef': '🇫🇷𝄞 ',
  cjk: '客户卡号 ',
  'combining accent': 'é\u0301 ',
  'zwj family': '👩‍👩‍👧‍👦\n',
  'lone surrogates': '\uD83D x \uDC00 ',
};

for (const [label, prefix] of Object.entries(PREFIXES)) {
  test(`every case after ${label} text`, () => {
    const scanner = new Scanner();
    for (const c of cases) {
      const text = prefix + c.text;
      const shifted = c.expected.map((e) => ({
        ...e,
        start: e.start + prefix.length,
        end: e.end + prefix.length,
      }));
      const findings = scanner.scan(text);
      assert.deepEqual(spansOf(findings), shifted, c.name);
      for (const f of findings) {
        const original = c.expected.find(
          (e) => e.kind === f.kind && e.start + prefix.length === f.start && e.end + prefix.length === f.end,
        );
        // Compared without printing either value: these are card numbers.
        assert.ok(
          text.slice(f.start, f.end) === c.text.slice(original.start, original.end),
          `${c.name}: the slice at ${f.start}..${f.end} is not the match`,
        );
      }
    }
  });
}
