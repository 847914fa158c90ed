// Synthetic-data provenance from JavaScript: watermark keys, the
// commingling policy and the new kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as leaksift from 'leaksift';

const { scan, Scanner } = leaksift;
const KEY = new Uint8Array(32).fill(0x11);
// `leaksift generate --key-file <32 bytes of 0x11 as hex> --seed 1 --records 1`
const GENERATED =
  '{"id":"C0000001","first_name":"Chloe","last_name":"Garcia",' +
  '"email":"chloe.garcia063384@wingtiptoys.com","phone":"(913) 990-7914",' +
  '"ssn":"358-12-3911","stage":"lead","lifetime_value":833.94,' +
  '"payment":{"brand":"diners","card_number":"3840 3518 3837 4978","expiry":"05/29"},' +
  '"bank":{"country":"GB","iban":"GB64ZQBH39598921760662"},"data_provenance":"synthetic"}';
const VALUE_KINDS = ['email', 'phone', 'ssn', 'pan', 'iban'];

test('watermarked values are synthetic only with their key (bytes or hex)', () => {
  for (const watermarkKey of [KEY, '11'.repeat(32)]) {
    const found = scan(GENERATED, { watermarkKey }).filter((f) => VALUE_KINDS.includes(f.kind));
    assert.equal(found.length, 5);
    for (const f of found) assert.equal(f.syntheticReason, 'watermark', f.kind);
  }
  const other = scan(GENERATED, { watermarkKey: new Uint8Array(32).fill(0x22) });
  const values = other.filter((f) => VALUE_KINDS.includes(f.kind));
  assert.equal(values.length, 5);
  for (const f of values) assert.equal(f.provenance, 'unknown', f.kind);
  const marker = other.find((f) => f.kind === 'synthetic_marker');
  assert.equal(GENERATED.slice(marker.start, marker.end), '"data_provenance":"synthetic"');
  assert.equal(marker.syntheticReason, 'marker');
});

test('the commingling policy in both environments', () => {
  const production = new Scanner({ environment: 'production', watermarkKey: KEY });
  assert.equal(production.scan(GENERATED).filter((f) => f.kind === 'synthetic_leak').length, 6);
  const synthetic = new Scanner({ environment: 'synthetic' });
  const mixed = '{"is_synthetic": true, "email": "ann@acme.io"}\n{"email": "bo@example.com"}';
  assert.deepEqual(
    synthetic.scan(mixed).map((f) => [f.kind, mixed.slice(f.start, f.end)]),
    [
      ['synthetic_marker', '"is_synthetic": true'],
      ['email', 'ann@acme.io'],
      ['real_data_in_synthetic', 'ann@acme.io'],
      ['commingled', 'ann@acme.io'],
      ['email', 'bo@example.com'],
    ],
  );
});

test('bad provenance options are LeaksiftErrors that never show the key', () => {
  const check = (options, kind, words) =>
    assert.throws(() => scan('x', options), (err) => {
      assert.equal(err.name, 'LeaksiftError');
      assert.equal(err.kind, kind);
      assert.match(err.message, words);
      assert.ok(!err.message.includes('abab'));
      return true;
    });
  check({ environment: 'staging' }, 'invalid_argument', /unknown environment "staging"/);
  check({ environment: 1 }, 'invalid_argument', /environment must be/);
  check({ watermarkKey: new Uint8Array(5).fill(0xab) }, 'invalid_key', /^watermarkKey: /);
  check({ watermarkKey: 'abab' }, 'invalid_key', /^watermarkKey: /);
  check({ watermarkKey: 7 }, 'invalid_argument', /^watermarkKey: key must be/);
});
