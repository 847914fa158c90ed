// Every exported function of the Node build, with the values it returns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as leaksift from 'leaksift';

const { scan, Scanner, mask, tokenize, detokenize, version } = leaksift;
const PAN = '4526 0181 5908 3012';
const RECORD = `{"note":"customer read card ${PAN}","cvv":"123"}`;

/** Asserts `text.slice(f.start, f.end) === value` without printing either. */
function assertSlice(text, f, value) {
  assert.ok(text.slice(f.start, f.end) === value, `the slice at ${f.start}..${f.end} is not the match`);
}

test('the package exports exactly the documented API', () => {
  assert.deepEqual(
    Object.keys(leaksift).filter((k) => k !== 'default').sort(),
    ['Scanner', 'detokenize', 'mask', 'scan', 'tokenize', 'version'],
  );
});

test('scan returns plain finding objects in span order', () => {
  const findings = scan(RECORD);
  assert.equal(findings.length, 2);
  const [pan, cvv] = findings;
  for (const f of findings) {
    assert.equal(Object.getPrototypeOf(f), Object.prototype);
    assert.deepEqual(Object.keys(f), [
      'kind', 'subkind', 'start', 'end', 'confidence', 'provenance', 'syntheticReason', 'masked',
    ]);
    assert.ok(Number.isInteger(f.start) && Number.isInteger(f.end) && f.start < f.end);
    assert.ok(f.confidence >= 50 && f.confidence <= 100);
    assert.equal(f.provenance, 'unknown');
    assert.equal(f.syntheticReason, null);
  }
  assert.ok(pan.start < cvv.start);
  assert.equal(pan.kind, 'pan');
  assert.equal(pan.subkind, 'visa');
  assertSlice(RECORD, pan, PAN);
  assert.equal(pan.masked, '**** **** **** 3012');
  assert.equal(cvv.kind, 'cvv');
  assert.equal(cvv.subkind, '');
  assertSlice(RECORD, cvv, '123');
  assert.equal(cvv.masked, '***');
  // Findings serialise without the value.
  assert.ok(!JSON.stringify(findings).includes('5908'));
});

test('scan finds nothing in clean text and accepts the empty string', () => {
  assert.deepEqual(scan(''), []);
  assert.deepEqual(scan('order 4526018159083012 shipped, HTTP 404'), []);
});

test('detectors choose what is looked for, as an array or a list', () => {
  const kinds = (options) => scan(RECORD, options).map((f) => f.kind);
  assert.deepEqual(kinds({ detectors: ['pan'] }), ['pan']);
  assert.deepEqual(kinds({ detectors: 'cvv' }), ['cvv']);
  assert.deepEqual(kinds({ detectors: 'PAN, cvv' }), ['pan', 'cvv']);
  assert.deepEqual(kinds({ detectors: ['all'] }), ['pan', 'cvv']);
  assert.deepEqual(kinds({ detectors: [] }), []);
  const track = ';4526018159083012=28111010000012300000?';
  assert.deepEqual(scan(track, { detectors: ['track'] }).map((f) => f.subkind), ['track2']);
});

test('minConfidence drops less sure findings', () => {
  const all = scan(RECORD, { minConfidence: 0 });
  const highest = Math.max(...all.map((f) => f.confidence));
  const sure = scan(RECORD, { minConfidence: highest });
  assert.ok(sure.length >= 1 && sure.length < all.length);
  assert.ok(sure.every((f) => f.confidence === highest));
});

test('contextWindow decides whether a context word counts', () => {
  const text = `card number on file:       ${PAN}`;
  const near = scan(text, { contextWindow: 64, minConfidence: 0 });
  const blind = scan(text, { contextWindow: 0, minConfidence: 0 });
  assert.equal(near.length, 1);
  assert.equal(blind.length, 1);
  assert.ok(near[0].confidence > blind[0].confidence, 'the word "card" raised confidence');
});

test('a Scanner scans many strings like scan() with the same options', () => {
  const options = { detectors: ['pan', 'cvv'], minConfidence: 60, contextWindow: 48 };
  const scanner = new Scanner(options);
  for (const text of [RECORD, 'nothing here', `${PAN} and ${PAN}`, '']) {
    assert.deepEqual(scanner.scan(text), scan(text, options));
  }
  assert.deepEqual(new Scanner().scan(RECORD), scan(RECORD));
  assert.deepEqual(new Scanner(undefined).scan(RECORD), scan(RECORD, null));
});

test('a freed Scanner throws an Error instead of trapping', () => {
  const scanner = new Scanner();
  scanner.free();
  assert.throws(() => scanner.scan(RECORD), Error);
  assert.equal(scan(RECORD).length, 2, 'the module still works');
  assert.equal(typeof Scanner.prototype[Symbol.dispose], 'function');
});

test('version is the crate version, the same as package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const cargo = readFileSync(new URL('../../../Cargo.toml', import.meta.url), 'utf8');
  const crate = cargo.match(/\[workspace\.package\][^[]*?version = "([^"]+)"/)[1];
  assert.equal(version(), crate);
  assert.equal(pkg.version, crate);
});
