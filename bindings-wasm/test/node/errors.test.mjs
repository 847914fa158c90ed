// Bad input throws a LeaksiftError (a real Error with a kind and a clear
// message), and the module keeps working afterwards: nothing traps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scan, Scanner } from 'leaksift';

const RECORD = 'card 4526 0181 5908 3012 cvv 123';

/** An assert.throws matcher for a LeaksiftError of `kind` whose message has `words`. */
function leaksiftError(kind, words) {
  return (err) => {
    assert.ok(err instanceof Error, 'an Error, not a thrown string');
    assert.equal(err.name, 'LeaksiftError');
    assert.equal(err.kind, kind);
    assert.equal(typeof err.stack, 'string');
    assert.match(err.message, words);
    return true;
  };
}

test('text must be a string', () => {
  for (const [value, type] of [
    [undefined, 'undefined'], [null, 'null'], [42, 'number'], [{}, 'object'],
    [['x'], 'an array'], [new Uint8Array(4), 'object'], [Symbol('s'), 'symbol'], [10n, 'bigint'],
  ]) {
    const expected = leaksiftError('invalid_argument', new RegExp(`^text must be a string, got ${type}$`));
    assert.throws(() => scan(value), expected);
    assert.throws(() => new Scanner().scan(value), expected);
  }
  assert.throws(() => scan(new String(RECORD)), leaksiftError('invalid_argument', /string/));
});

test('options must be an object', () => {
  for (const [value, type] of [['pan', 'string'], [['pan'], 'an array'], [7, 'number'], [() => {}, 'function']]) {
    const expected = leaksiftError('invalid_argument', new RegExp(`^options must be an object, got ${type}$`));
    assert.throws(() => scan(RECORD, value), expected);
    assert.throws(() => new Scanner(value), expected);
  }
});

test('a misspelt option is an error, not a silent default', () => {
  assert.throws(
    () => scan(RECORD, { minConfidance: 90 }),
    leaksiftError('invalid_argument', /unknown scan option "minConfidance" \(known: detectors, minConfidence, contextWindow, environment, watermarkKey\)/),
  );
  assert.throws(() => new Scanner({ detector: 'pan' }), leaksiftError('invalid_argument', /"detector"/));
});

test('detectors must be known names', () => {
  assert.throws(
    () => scan(RECORD, { detectors: ['pan', 'telepathy'] }),
    leaksiftError('unknown_detector', /^unknown detector "telepathy" \(known: pan, cvv, track, ssn, itin, iban, routing, email, phone, secrets, markers, all\)$/),
  );
  assert.throws(() => scan(RECORD, { detectors: 'pan,,x' }), leaksiftError('unknown_detector', /"x"/));
  assert.throws(() => scan(RECORD, { detectors: 3 }), leaksiftError('invalid_argument', /detectors must be an array/));
  assert.throws(() => scan(RECORD, { detectors: ['pan', 1] }), leaksiftError('invalid_argument', /detectors must hold strings, found number/));
});

test('numbers must be whole and in range', () => {
  const cases = [
    [{ minConfidence: 1.5 }, 'invalid_argument', /^minConfidence must be a whole number, got 1.5$/],
    [{ minConfidence: NaN }, 'invalid_argument', /minConfidence must be a whole number, got NaN/],
    [{ minConfidence: '60' }, 'invalid_argument', /^minConfidence must be a number, got string$/],
    [{ minConfidence: -1 }, 'out_of_range', /^minConfidence must not be negative, got -1$/],
    [{ minConfidence: 101 }, 'out_of_range', /^minConfidence must be between 0 and 100, got 101$/],
    [{ minConfidence: 1000 }, 'out_of_range', /^minConfidence must be between 0 and 100, got 1000$/],
    [{ contextWindow: 257 }, 'out_of_range', /^contextWindow must be at most 256 bytes, got 257$/],
    [{ contextWindow: 2 ** 40 }, 'out_of_range', /^contextWindow must be at most 256 bytes, got 1099511627776$/],
    [{ contextWindow: 1e300 }, 'out_of_range', /^contextWindow must be at most 256 bytes, got 1e\+300$/],
    [{ contextWindow: Infinity }, 'invalid_argument', /contextWindow must be a whole number, got Infinity$/],
    [{ contextWindow: null }, 'invalid_argument', /^contextWindow must be a number, got null$/],
  ];
  for (const [options, kind, words] of cases) {
    assert.throws(() => scan(RECORD, options), leaksiftError(kind, words));
    assert.throws(() => new Scanner(options), leaksiftError(kind, words));
  }
});

test('a throwing getter becomes a LeaksiftError', () => {
  const options = {
    get minConfidence() {
      throw new Error('boom');
    },
  };
  assert.throws(() => scan(RECORD, options), leaksiftError('invalid_argument', /reading option "minConfidence" threw/));
});

test('a string too long for WebAssembly memory is refused before it is copied', () => {
  const huge = 'a'.repeat(2 ** 27 + 1);
  assert.throws(() => scan(huge), leaksiftError('input_too_large', /^text is 134217729 UTF-16 code units long; at most 134217728/));
});

test('the module keeps working after every kind of error', () => {
  for (let i = 0; i < 1000; i++) {
    assert.throws(() => scan(i));
    assert.throws(() => new Scanner({ minConfidence: -i - 1 }));
  }
  assert.equal(scan(RECORD).length, 2);
  assert.equal(new Scanner({ detectors: ['cvv'] }).scan(RECORD).length, 1);
});
