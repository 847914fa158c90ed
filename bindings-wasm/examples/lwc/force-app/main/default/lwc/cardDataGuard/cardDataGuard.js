// A free-text field that flags card data as it is typed or pasted and
// saves it masked. leaksift (WebAssembly, from a static resource) makes
// every decision; this component shows its findings and puts each
// finding's PCI-safe `masked` rendering in place of the match. Saving waits
// for the guard to load: unchecked text is never saved.
import { LightningElement, api } from 'lwc';
import { loadLeaksift } from 'c/leaksiftLoader';

const NAMES = { pan: 'a card number', cvv: 'a card security code', track_data: 'magnetic-stripe data' };

/**
 * `text` with each finding replaced by its masked rendering. Findings come
 * in span order; one inside another is covered by the outer one's mask.
 */
function maskFindings(text, findings) {
    let out = '';
    let at = 0;
    for (const f of findings) {
        if (f.start < at) continue;
        out += text.slice(at, f.start) + f.masked;
        at = f.end;
    }
    return out + text.slice(at);
}

export default class CardDataGuard extends LightningElement {
    @api label = 'Notes';
    value = '';
    findings = [];
    loadError;
    scanner;

    connectedCallback() {
        loadLeaksift(this)
            .then((leaksift) => {
                this.scanner = new leaksift.Scanner({ detectors: ['pan', 'cvv', 'track'] });
                this.check();
            })
            .catch((error) => {
                this.loadError = `The card-data guard could not load (${error.message}); saving is off.`;
            });
    }

    disconnectedCallback() {
        this.scanner?.free();
        this.scanner = undefined;
    }

    get warning() {
        if (this.findings.length === 0) return '';
        const what = [...new Set(this.findings.map((f) => (f.kind === 'pan' ? `${NAMES.pan} (${f.masked})` : NAMES[f.kind] ?? f.kind)))];
        return `This looks like ${what.join(' and ')} in a free-text field. Card data belongs in the secure payment form: it will be masked when saved.`;
    }

    get saveDisabled() {
        return !this.scanner;
    }

    handleChange(event) {
        this.value = event.detail.value ?? '';
        this.check();
    }

    check() {
        this.findings = this.scanner ? this.scanner.scan(this.value) : [];
    }

    handleSave() {
        if (!this.scanner) return;
        const findings = this.scanner.scan(this.value);
        this.value = maskFindings(this.value, findings);
        this.check();
        this.dispatchEvent(new CustomEvent('save', { detail: { value: this.value, masked: findings.length } }));
    }
}
