// The npm package as published: its files, its TypeScript declarations
// (type-checked against test/types/usage.mts), and both builds loading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('npm pack ships the web, node and classic builds and nothing else', () => {
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  );
  const files = pack.files.map((f) => f.path).sort();
  for (const build of ['web', 'node', 'classic']) {
    for (const file of ['leaksift.js', 'leaksift.d.ts', 'leaksift_bg.wasm']) {
      assert.ok(files.includes(`pkg/${build}/${file}`), `pkg/${build}/${file} is packed`);
    }
  }
  assert.ok(files.includes('package.json'));
  assert.deepEqual(
    files.filter((f) => !f.startsWith('pkg/') && !['package.json', 'README.md'].includes(f)),
    [],
    'no sources, tests or examples in the package',
  );
});

test('the TypeScript declarations accept real use and reject misuse', () => {
  const tsc = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));
  // Throws, with tsc's diagnostics, if the check fails.
  execFileSync(tsc, ['-p', 'test/types'], { cwd: root, encoding: 'utf8' });
});

test('the public declarations have no any', () => {
  for (const build of ['web', 'node', 'classic']) {
    const dts = readFileSync(new URL(`../../pkg/${build}/leaksift.d.ts`, import.meta.url), 'utf8');
    // wasm-bindgen's InitOutput lists the raw wasm exports; the API is the rest.
    const api = dts.replace(/(export|declare) interface InitOutput \{[\s\S]*?\n\}/, '').replace(/declare namespace wasm_bindgen \{|^\}/gm, '');
    const anys = api.split('\n').filter((line) => /\bany\b/.test(line) && !line.trim().startsWith('*'));
    assert.deepEqual(anys, [], `${build} declarations`);
    for (const name of ['interface Finding', 'interface ScanOptions', 'type Kind', 'interface LeaksiftError', 'class Scanner']) {
      assert.ok(dts.includes(name), `${build} declares ${name}`);
    }
  }
});

test('the package resolves to the Node build in Node, by require and by import', async () => {
  const require = createRequire(import.meta.url);
  const required = require('leaksift');
  const imported = await import('leaksift');
  assert.equal(require.resolve('leaksift'), fileURLToPath(new URL('../../pkg/node/leaksift.js', import.meta.url)));
  assert.equal(required.scan('cvv: 123').length, 1);
  assert.equal(imported.scan, required.scan);
});

test('the web build initialises from bytes and scans like the Node build', async () => {
  const web = await import('leaksift/web');
  const bytes = readFileSync(new URL('../../pkg/web/leaksift_bg.wasm', import.meta.url));
  web.initSync({ module: bytes });
  const node = await import('leaksift/node');
  const text = '😀 card 4526 0181 5908 3012 cvv 123';
  assert.deepEqual(web.scan(text), node.scan(text));
});
