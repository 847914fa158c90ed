// The component with the real leaksift WebAssembly: loadScript is replaced by
// evaluating the real classic-script glue from the static resource folder,
// and fetch() of the .wasm answers with the real file. Only the network is
// simulated; every finding comes from the core.
import { createElement } from 'lwc';
import { loadScript } from 'lightning/platformResourceLoader';
import CardDataGuard from 'c/cardDataGuard';

const fs = require('node:fs');
const path = require('node:path');

const RESOURCE = path.join(__dirname, '../../../staticresources/leaksift');
const PAN = '4526 0181 5908 3012';

jest.mock('lightning/platformResourceLoader', () => ({ loadScript: jest.fn() }), { virtual: true });

const requested = [];

/** loadScript of the static resource's real glue. */
function loadRealScript(component, url) {
    requested.push(url);
    const glue = fs.readFileSync(path.join(RESOURCE, 'leaksift.js'), 'utf8');
    // A classic script runs in the global scope, as a <script> tag would.
    (0, eval)(glue);
    return Promise.resolve();
}

beforeAll(() => {
    loadScript.mockImplementation(loadRealScript);
    globalThis.fetch = jest.fn(async (url) => {
        requested.push(String(url));
        return fs.readFileSync(path.join(RESOURCE, 'leaksift_bg.wasm'));
    });
});

afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
});

/** Resolves once pending promises (the wasm load) and re-renders are done. */
async function settle() {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

async function mount() {
    const element = createElement('c-card-data-guard', { is: CardDataGuard });
    element.label = 'Case notes';
    document.body.appendChild(element);
    await settle();
    return element;
}

function type(element, value) {
    const notes = element.shadowRoot.querySelector('[data-id="notes"]');
    notes.value = value;
    notes.dispatchEvent(new CustomEvent('change', { detail: { value } }));
    return settle();
}

const q = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

describe('c-card-data-guard', () => {
    it('loads the wasm from the static resource and enables saving', async () => {
        const element = await mount();
        expect(requested).toEqual(['leaksift/leaksift.js', 'leaksift/leaksift_bg.wasm']);
        expect(q(element, 'save').disabled).toBe(false);
        expect(q(element, 'load-error')).toBeNull();
        expect(q(element, 'warning')).toBeNull();
    });

    it('flags a card number with its masked form, and a security code', async () => {
        const element = await mount();
        await type(element, `客户 😀 read card ${PAN} on the call`);
        const warning = q(element, 'warning');
        expect(warning).not.toBeNull();
        expect(warning.textContent).toContain('This looks like a card number (**** **** **** 3012) in a free-text field.');
        await type(element, `card ${PAN} cvv 123`);
        expect(q(element, 'warning').textContent).toContain('a card number (**** **** **** 3012) and a card security code');
    });

    it('shows nothing for clean text', async () => {
        const element = await mount();
        await type(element, 'Order 4526018159083012 shipped; HTTP 404; call back at 10:30');
        expect(q(element, 'warning')).toBeNull();
    });

    it('saves the masked text, never the raw value', async () => {
        const element = await mount();
        const saved = jest.fn();
        element.addEventListener('save', saved);
        await type(element, `😀 card ${PAN}, cvv 123; track ;4526018159083012=28111010000012300000?`);
        q(element, 'save').click();
        await settle();
        expect(saved).toHaveBeenCalledTimes(1);
        const { value, masked } = saved.mock.calls[0][0].detail;
        expect(value).toBe('😀 card **** **** **** 3012, cvv ***; track ;****************=********************?');
        expect(masked).toBe(4);
        expect(value).not.toMatch(/\d{13}/);
        expect(q(element, 'notes').value).toBe(value);
        expect(q(element, 'warning')).toBeNull();
    });
});
