// Payment-onboarding form guard: flags card data typed or pasted into
// free-text fields (those marked data-leaksift-guard) and masks it before
// the form is sent. Every decision is leaksift's (WebAssembly): this file
// shows its findings and sends its masked text. No value is logged or sent
// anywhere to be checked.
import init, { mask, Scanner, version } from '../pkg/web/leaksift.js';

await init(); // fetches leaksift_bg.wasm from beside the module
const CARD_DATA = { detectors: ['pan', 'cvv', 'track'] };
const scanner = new Scanner(CARD_DATA);

const NAMES = { pan: 'a card number', cvv: 'a card security code', track_data: 'magnetic-stripe data' };
const form = document.getElementById('onboarding');
const guarded = [...form.querySelectorAll('[data-leaksift-guard]')];

/** The findings in `field`, with its warning shown or hidden to match. */
function check(field, how = 'typed') {
  const findings = scanner.scan(field.value);
  const warning = document.getElementById(`${field.id}-warning`);
  if (findings.length === 0) {
    warning.hidden = true;
    warning.textContent = '';
    field.removeAttribute('aria-invalid');
    return findings;
  }
  const what = [...new Set(findings.map((f) => describe(f)))].join(' and ');
  warning.textContent =
    `This looks like ${what} ${how} into a free-text field. ` +
    'Card data belongs in the secure payment form: it will be masked before this form is sent.';
  warning.hidden = false;
  field.setAttribute('aria-invalid', 'true');
  return findings;
}

function describe(f) {
  return f.kind === 'pan' ? `${NAMES.pan} (${f.masked})` : NAMES[f.kind] ?? f.kind;
}

for (const field of guarded) {
  field.addEventListener('input', (event) => {
    check(field, event.inputType === 'insertFromPaste' ? 'pasted' : 'typed');
  });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  let masked = 0;
  for (const field of guarded) {
    const findings = scanner.scan(field.value);
    if (findings.length > 0) {
      // PCI-safe masks: card numbers keep their last four digits.
      field.value = mask(field.value, { scan: CARD_DATA });
      masked += findings.length;
    }
    check(field);
  }
  // A real form would post this; the demo shows it instead.
  const payload = Object.fromEntries(new FormData(form));
  document.getElementById('payload').textContent = JSON.stringify(payload, null, 2);
  document.getElementById('sent').hidden = false;
  document.getElementById('status').textContent =
    masked === 0 ? 'Sent: no card data found.' : `Sent with ${masked} card value${masked > 1 ? 's' : ''} masked.`;
});

document.getElementById('guard-version').textContent = version();
document.body.dataset.guard = 'ready';
