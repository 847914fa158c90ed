// Reads testdata/cases.jsonl (see testdata/README.md): each marker
// ⟦kind/subkind|value⟧ becomes an expected finding whose span is counted in
// UTF-16 code units of the stripped text, which is what JS indices count.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CASES = fileURLToPath(new URL('../../../testdata/cases.jsonl', import.meta.url));

/** Strips the markers: `{ text, expected: [{kind, subkind, start, end}] }`. */
export function parseMarked(marked) {
  let text = '';
  const open = [];
  const expected = [];
  for (let i = 0; i < marked.length; i++) {
    const c = marked[i];
    if (c === '⟦') {
      const bar = marked.indexOf('|', i);
      const [kind, subkind = ''] = marked.slice(i + 1, bar).split('/');
      open.push({ kind, subkind, start: text.length });
      i = bar;
    } else if (c === '⟧') {
      const marker = open.pop();
      expected.push({ ...marker, end: text.length });
    } else {
      text += c;
    }
  }
  if (open.length) throw new Error(`unclosed marker in ${marked}`);
  return { text, expected: sortSpans(expected) };
}

/** Spans ordered by start, end, then kind name: a total order for comparing. */
export function sortSpans(spans) {
  return [...spans].sort(
    (a, b) => a.start - b.start || a.end - b.end || a.kind.localeCompare(b.kind),
  );
}

/** Every case of the shared file: `{ name, text, expected }`. */
export function loadCases() {
  return readFileSync(CASES, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const { name, text } = JSON.parse(line);
      return { name, ...parseMarked(text) };
    });
}

/** The comparable part of findings: kind, subkind and span. */
export function spansOf(findings) {
  return sortSpans(findings.map(({ kind, subkind, start, end }) => ({ kind, subkind, start, end })));
}
