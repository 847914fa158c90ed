// mask, tokenize and detokenize through the Node build: the core's masking
// (PCI display rules, redaction, FF1 tokens) with JS strings, emoji included.
// Values are compared, never printed: failure messages name spans only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detokenize, mask, scan, tokenize } from 'leaksift';

const PAN = '4526 0181 5908 3012';
const TEXT = `😀 客户 card ${PAN}, cvv 123; ref ok`;
const KEY = new Uint8Array(32).map((_, i) => i * 7 + 1);
const HEX_KEY = Buffer.from(KEY).toString('hex');

function leaksiftError(kind) {
  return (err) => err instanceof Error && err.name === 'LeaksiftError' && err.kind === kind;
}

test('mask hides findings and keeps everything else, emoji included', () => {
  assert.equal(mask(TEXT), '😀 客户 card **** **** **** 3012, cvv ***; ref ok');
  assert.equal(mask(TEXT, null), mask(TEXT));
  assert.equal(mask('nothing to hide 😀'), 'nothing to hide 😀');
  assert.equal(mask(''), '');
});

test('mask policies: PCI display, mask character, redaction, scan options', () => {
  assert.equal(mask(TEXT, { pciDisplay: true }), '😀 客户 card 4526 01** **** 3012, cvv ***; ref ok');
  assert.equal(mask(TEXT, { maskChar: 'x' }), '😀 客户 card xxxx xxxx xxxx 3012, cvv xxx; ref ok');
  assert.equal(mask(TEXT, { actions: { pan: 'redact', cvv: 'redact' } }), '😀 客户 card [PAN], cvv [CVV]; ref ok');
  assert.equal(mask(TEXT, { scan: { detectors: ['cvv'] } }), `😀 客户 card ${PAN}, cvv ***; ref ok`);
});

test('mask tokenizes and pseudonymizes with a key', () => {
  const tokenized = mask(TEXT, { actions: { pan: 'tokenize' }, key: KEY });
  const pseudonymized = mask(TEXT, { actions: { pan: 'pseudonymize' }, key: HEX_KEY });
  for (const out of [tokenized, pseudonymized]) {
    assert.equal(out.length, TEXT.length);
    assert.ok(out.startsWith('😀 客户 card ') && out.endsWith(', cvv ***; ref ok'));
    assert.ok(!out.includes(PAN), 'the card number is gone');
    assert.ok(/card \d{4} \d{4} \d{4} 3012,/.test(out), 'same format, last four kept');
    assert.deepEqual(scan(out, { detectors: ['pan'] }), [], 'a token is not a card number');
  }
  assert.equal(mask(TEXT, { actions: { pan: 'pseudonymize' }, key: KEY }), pseudonymized, 'deterministic');
});

test('tokenize, then detokenize restores the value', () => {
  const tokens = tokenize(TEXT, KEY, { tweak: 'tenant-1' });
  assert.equal(tokens.length, TEXT.length);
  assert.ok(tokens.endsWith(', cvv ***; ref ok'), 'security codes are masked, never tokenized');
  const [original] = scan(TEXT);
  const token = tokens.slice(original.start, original.end);
  assert.ok(token !== PAN);
  assert.ok(detokenize(token, KEY, { tweak: 'tenant-1' }) === PAN, 'detokenize restores the card number');
  assert.ok(detokenize(token, HEX_KEY, { kind: 'pan', tweak: 'tenant-1' }) === PAN, 'a hex key is the same key');
  assert.ok(detokenize(token, KEY, { tweak: 'tenant-2' }) !== PAN, 'another tweak does not restore it');
  assert.ok(tokenize(TEXT, KEY, { tweak: 'tenant-2' }) !== tokens, 'tweaks separate tokens');
});

test('card-token settings: keep the BIN, pass Luhn', () => {
  const options = { cardTokens: { keep: 'bin', luhn: 'valid' } };
  const tokens = tokenize(`card ${PAN}`, KEY, options);
  assert.ok(/^card 4526 01\d\d \d{4} \d{4}$/.test(tokens), 'the BIN is kept, the rest encrypted');
  assert.ok(!tokens.endsWith('3012'));
  assert.equal(scan(tokens, { detectors: ['pan'] }).length, 1, 'a Luhn-valid token reads as a card');
  assert.ok(detokenize(tokens.slice(5), KEY, options) === PAN);
});

test('errors: keys, policies, tweaks and values', () => {
  assert.throws(() => tokenize(TEXT, new Uint8Array(5)), leaksiftError('invalid_key'));
  assert.throws(() => tokenize(TEXT, 'not hex'), leaksiftError('invalid_key'));
  assert.throws(() => mask(TEXT, { actions: { pan: 'tokenize' } }), leaksiftError('invalid_key'));
  assert.throws(() => mask(TEXT, { actions: { cvv: 'tokenize' }, key: KEY }), leaksiftError('invalid_policy'));
  assert.throws(() => mask(TEXT, { actions: { telepathy: 'mask' } }), leaksiftError('invalid_policy'));
  assert.throws(() => mask(TEXT, { actions: { pan: 'encrypt' } }), leaksiftError('invalid_policy'));
  assert.throws(() => mask(TEXT, { maskChar: '#' }), leaksiftError('invalid_policy'));
  assert.throws(() => mask(TEXT, { maskChar: 'ab' }), leaksiftError('invalid_policy'));
  assert.throws(() => tokenize(TEXT, KEY, { cardTokens: { keep: 'first6' } }), leaksiftError('invalid_policy'));
  assert.throws(() => tokenize(TEXT, KEY, { tweak: 'x'.repeat(65) }), leaksiftError('out_of_range'));
  assert.throws(() => detokenize('12', KEY), leaksiftError('cannot_tokenize'));
  assert.throws(() => mask(TEXT, { pciDisplay: 'yes' }), leaksiftError('invalid_argument'));
  assert.throws(() => mask(TEXT, { mask: true }), leaksiftError('invalid_argument'));
  assert.throws(() => tokenize(TEXT, KEY, { actions: {} }), leaksiftError('invalid_argument'));
  assert.throws(() => detokenize(PAN, KEY, { scan: {} }), leaksiftError('invalid_argument'));
  assert.throws(() => mask(TEXT, { scan: { minConfidance: 1 } }), leaksiftError('invalid_argument'));
  assert.throws(() => mask(42), leaksiftError('invalid_argument'));
  assert.throws(() => mask(TEXT, 'pan=tokenize'), leaksiftError('invalid_argument'));
  assert.throws(() => tokenize(TEXT), leaksiftError('invalid_argument'));
  assert.throws(() => tokenize(TEXT, 1234), leaksiftError('invalid_argument'));
  assert.throws(() => detokenize(null, KEY), leaksiftError('invalid_argument'));
  assert.equal(mask(TEXT), '😀 客户 card **** **** **** 3012, cvv ***; ref ok', 'still working');
});
