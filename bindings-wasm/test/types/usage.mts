// Type-checked by test/node/types.test.mjs with `tsc --noEmit`: the generated
// .d.ts must accept real use and reject misuse. Each @ts-expect-error fails
// the check if the line it marks compiles, as it would if a type were `any`.
import init, {
  detokenize,
  mask,
  scan,
  Scanner,
  tokenize,
  version,
  type Finding,
  type Kind,
  type LeaksiftError,
  type Provenance,
  type ScanOptions,
} from 'leaksift/web';
import * as node from 'leaksift/node';

export async function use(text: string): Promise<number> {
  await init();
  const options: ScanOptions = { detectors: ['pan', 'cvv'], minConfidence: 60, contextWindow: 48 };
  const findings: Finding[] = scan(text, options);
  let total = 0;
  for (const f of findings) {
    const kind: Kind = f.kind;
    const provenance: Provenance = f.provenance;
    total += f.start + f.end + f.confidence + f.masked.length + kind.length + provenance.length;
    switch (f.kind) {
      case 'pan':
      case 'cvv':
      case 'track_data':
      case 'ssn':
      case 'itin':
      case 'iban':
      case 'routing_number':
      case 'email':
      case 'phone':
      case 'secret':
      case 'synthetic_marker':
      case 'synthetic_leak':
      case 'real_data_in_synthetic':
      case 'commingled':
        break;
      default: {
        const unreachable: never = f.kind;
        return unreachable;
      }
    }
    // @ts-expect-error: kinds are a closed set
    if (f.kind === 'passport') total += 1;
    // @ts-expect-error: offsets are numbers
    const start: string = f.start;
    void start;
  }
  // @ts-expect-error: text must be a string
  scan(42);
  // @ts-expect-error: detectors are known names
  scan(text, { detectors: ['telepathy'] });
  // @ts-expect-error: a misspelt option
  scan(text, { minConfidance: 60 });
  // @ts-expect-error: confidence is a number
  new Scanner({ minConfidence: '60' });

  const scanner = new Scanner();
  total += scanner.scan(text).length;
  total += scanner.scanBytes(new TextEncoder().encode(text)).length;
  // @ts-expect-error: scanBytes takes bytes, not a string
  scanner.scanBytes(text);
  scanner.free();
  {
    using disposable = new Scanner({ detectors: 'pan,cvv' });
    total += disposable.scan(text).length;
  }

  try {
    total += mask(text, { actions: { pan: 'tokenize', cvv: 'redact' }, key: new Uint8Array(32) }).length;
    total += mask(text, { pciDisplay: true, maskChar: 'x', scan: { detectors: ['pan'] } }).length;
    const token = tokenize(text, '00112233445566778899aabbccddeeff', {
      tweak: 'tenant-1',
      cardTokens: { keep: 'bin+last4', luhn: 'fail' },
      strict: true,
    });
    total += detokenize(token, '00112233445566778899aabbccddeeff', { kind: 'pan', tweak: 'tenant-1' }).length;
  } catch (err) {
    const e = err as LeaksiftError;
    if (e.kind === 'invalid_key' || e.kind === 'cannot_tokenize') total += 1;
    // @ts-expect-error: not an ErrorKind
    if (e.kind === 'nope') total += 1;
  }
  // @ts-expect-error: not a card-token setting
  tokenize(text, 'key', { cardTokens: { keep: 'first6' } });
  // @ts-expect-error: not an action
  mask(text, { actions: { pan: 'encrypt' } });
  // @ts-expect-error: tokenize needs a key
  tokenize(text);

  const v: string = version();
  const fromNode: Finding[] = node.scan(text, { minConfidence: 0 });
  return total + v.length + fromNode.length;
}
