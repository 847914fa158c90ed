// The demo payment-onboarding form in Debian's Chromium, headless, driven by
// playwright-core: typing and pasting card data into free-text fields shows
// a warning, and submitting sends the masked values. Then the scan
// throughput of the web build on 1 MiB corpora, next to the native figures.
//
// Needs LEAKSIFT_DEMO_URL (the bindings-wasm folder served over HTTP on
// 127.0.0.1) and, for the throughput test, LEAKSIFT_CORPUS (a folder under
// it with the corpus files and native.json from
// `cargo run -p leaksift-benches --example corpus`). test/browser/run.sh
// sets both up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE = process.env.LEAKSIFT_DEMO_URL;
const CORPUS = process.env.LEAKSIFT_CORPUS; // path relative to BASE
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const PAN = '4526 0181 5908 3012';

let browser;
let page;
const consoleErrors = [];

before(async () => {
  assert.ok(BASE, 'LEAKSIFT_DEMO_URL is set (run test/browser/run.sh)');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 900, height: 1100 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE).origin });
  page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(new URL('demo/index.html', BASE).href);
  await page.waitForSelector('body[data-guard="ready"]', { timeout: 15000 });
});

after(async () => {
  await browser?.close();
});

test('the WebAssembly guard loads without errors', async () => {
  assert.match(await page.textContent('#guard-version'), /^\d+\.\d+\.\d+$/);
  assert.deepEqual(consoleErrors, []);
});

test('typing a card number into the notes shows a warning once it is complete', async () => {
  const notes = page.locator('#notes');
  const warning = page.locator('#notes-warning');
  await notes.click();
  await notes.pressSequentially(`Customer 😀 asked us to keep card ${PAN.slice(0, -1)}`);
  assert.equal(await warning.isHidden(), true, '15 digits are not a card number yet');
  await notes.pressSequentially(PAN.slice(-1));
  await warning.waitFor({ state: 'visible' });
  const text = await warning.textContent();
  assert.match(text, /^This looks like a card number \(\*\*\*\* \*\*\*\* \*\*\*\* 3012\) typed into a free-text field\./);
  assert.equal(await notes.getAttribute('aria-invalid'), 'true');
  await notes.pressSequentially(' on file, cvv 123');
  await page.waitForFunction(() => document.querySelector('#notes-warning').textContent.includes('security code'));
});

test('pasting card data into the reference field is flagged as pasted', async () => {
  const reference = page.locator('#reference');
  await page.evaluate(() => navigator.clipboard.writeText('PO 7781 — 客户 card 5382-1993-5181-9096'));
  await reference.click();
  await page.keyboard.press('Control+V');
  const warning = page.locator('#reference-warning');
  await warning.waitFor({ state: 'visible' });
  assert.match(await warning.textContent(), /^This looks like a card number \(\*\*\*\*-\*\*\*\*-\*\*\*\*-9096\) pasted into/);
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: `${RESULTS}/form-guard-warning.png`, fullPage: true });
});

test('clean fields show no warning', async () => {
  await page.fill('#company', 'Acme Tiles Ltd');
  await page.fill('#email', 'billing@example.com');
  assert.equal(await page.locator('#company').getAttribute('aria-invalid'), null);
});

test('submitting sends masked values, never the raw ones, and a screenshot is kept', async () => {
  await page.click('button[type="submit"]');
  await page.locator('#sent').waitFor({ state: 'visible' });
  const payload = JSON.parse(await page.textContent('#payload'));
  assert.equal(payload.notes, 'Customer 😀 asked us to keep card **** **** **** 3012 on file, cvv ***');
  assert.equal(payload.reference, 'PO 7781 — 客户 card ****-****-****-9096');
  assert.equal(payload.company, 'Acme Tiles Ltd');
  assert.equal(await page.inputValue('#notes'), payload.notes, 'the field itself holds the masked text');
  assert.ok(!/\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}/.test(JSON.stringify(payload)), 'no card number was sent');
  assert.equal(await page.textContent('#status'), 'Sent with 3 card values masked.');
  assert.equal(await page.locator('#notes-warning').isHidden(), true, 'the masked text is clean');
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: `${RESULTS}/form-guard-sent.png`, fullPage: true });
  assert.deepEqual(consoleErrors, []);
});

test('scan throughput on 1 MiB corpora, against the native build on the same bytes', async (t) => {
  if (!CORPUS) {
    t.skip('LEAKSIFT_CORPUS not set');
    return;
  }
  const native = JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../${CORPUS}/native.json`, import.meta.url)), 'utf8'),
  );
  for (const [workload, expected] of Object.entries(native)) {
    const result = await page.evaluate(async (url) => {
      const { Scanner } = await import('/pkg/web/leaksift.js');
      const text = await (await fetch(url)).text();
      // performance.now() is coarsened in pages that are not cross-origin
      // isolated (100 µs), so each sample times as many scans as fit in
      // 100 ms; the median of 7 samples is reported.
      const bytes = new TextEncoder().encode(text);
      const time = (scan) => {
        for (let run = 0; run < 3; run++) scan(); // warm up
        const samples = [];
        for (let sample = 0; sample < 7; sample++) {
          let runs = 0;
          const start = performance.now();
          let elapsed = 0;
          while (elapsed < 100) {
            scan();
            runs += 1;
            elapsed = performance.now() - start;
          }
          samples.push(elapsed / runs);
        }
        return samples.sort((a, b) => a - b)[3];
      };
      const all = new Scanner();
      const cards = new Scanner({ detectors: ['pan', 'track'] });
      return {
        length: text.length,
        findings: all.scan(text).length,
        bytesFindings: all.scanBytes(bytes).length,
        ms: time(() => all.scan(text)),
        cardsMs: time(() => cards.scan(text)),
        bytesMs: time(() => all.scanBytes(bytes)),
        cardsBytesMs: time(() => cards.scanBytes(bytes)),
      };
    }, new URL(`${CORPUS}/${workload}.txt`, BASE).href);
    assert.equal(result.length, expected.bytes, 'the corpus is ASCII: one unit per byte');
    assert.equal(result.findings, expected.findings, `${workload}: the browser finds what native finds`);
    assert.equal(result.bytesFindings, expected.findings, `${workload}: scanBytes finds the same`);
    const rate = (ms) => (result.length / (ms / 1000) / 1e6).toFixed(0).padStart(5);
    console.log(
      `chromium ${workload.padEnd(5)} 1 MiB, all detectors: scan(string) ${rate(result.ms)} MB/s, ` +
        `scanBytes ${rate(result.bytesMs)} MB/s · native ${expected.mb_per_s.toFixed(0)} MB/s ` +
        `(${result.findings} findings); pan+track: scan ${rate(result.cardsMs)}, scanBytes ${rate(result.cardsBytesMs)} MB/s`,
    );
  }
});
