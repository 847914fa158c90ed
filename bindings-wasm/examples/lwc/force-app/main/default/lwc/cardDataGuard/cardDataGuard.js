// A free-text field that flags card data as it is typed or pasted and
// saves it masked. leaksift (WebAssembly, from a static resource) makes
// every decision; this component shows its findings and saves its masked
// text. Saving waits for the guard to load: unchecked text is never saved.
import { LightningElement, api } from 'lwc';
import { loadLeaksift } from 'c/leaksiftLoader';

const CARD_DATA = { detectors: ['pan', 'cvv', 'track'] };
const NAMES = { pan: 'a card number', cvv: 'a card security code', track_data: 'magnetic-stripe data' };

export default class CardDataGuard extends LightningElement {
    @api label = 'Notes';
    value = '';
    findings = [];
    loadError;
    scanner;
    leaksift;

    connectedCallback() {
        loadLeaksift(this)
            .then((leaksift) => {
                this.leaksift = leaksift;
                this.scanner = new leaksift.Scanner(CARD_DATA);
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
        // PCI-safe masks: card numbers keep their last four digits.
        this.value = this.leaksift.mask(this.value, { scan: CARD_DATA });
        this.check();
        this.dispatchEvent(new CustomEvent('save', { detail: { value: this.value, masked: findings.length } }));
    }
}
