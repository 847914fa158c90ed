// When the static resource cannot be loaded, the component says so and keeps
// saving off (unchecked text is never saved), and the loader retries on the
// next call. Its own file: a fresh module registry, so nothing is loaded yet.
import { createElement } from 'lwc';
import { loadScript } from 'lightning/platformResourceLoader';
import CardDataGuard from 'c/cardDataGuard';
import { loadLeaksift } from 'c/leaksiftLoader';

const fs = require('node:fs');
const path = require('node:path');

const RESOURCE = path.join(__dirname, '../../../staticresources/leaksift');

jest.mock('lightning/platformResourceLoader', () => ({ loadScript: jest.fn() }), { virtual: true });

function loadRealScript() {
    (0, eval)(fs.readFileSync(path.join(RESOURCE, 'leaksift.js'), 'utf8'));
    return Promise.resolve();
}

beforeAll(() => {
    globalThis.fetch = jest.fn(async () => fs.readFileSync(path.join(RESOURCE, 'leaksift_bg.wasm')));
});

async function settle() {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

it('keeps saving off and says why', async () => {
    loadScript.mockImplementation(() => Promise.reject(new Error('resource not found')));
    const element = createElement('c-card-data-guard', { is: CardDataGuard });
    document.body.appendChild(element);
    await settle();
    const error = element.shadowRoot.querySelector('[data-id="load-error"]');
    expect(error.textContent).toBe('The card-data guard could not load (resource not found); saving is off.');
    expect(element.shadowRoot.querySelector('[data-id="save"]').disabled).toBe(true);
    document.body.removeChild(element);
});

it('retries a failed load on the next call, then loads once', async () => {
    loadScript.mockReset();
    loadScript.mockImplementationOnce(() => Promise.reject(new Error('offline')));
    await expect(loadLeaksift({})).rejects.toThrow('offline');
    loadScript.mockImplementation(loadRealScript);
    const leaksift = await loadLeaksift({});
    expect(leaksift.scan('card 4526 0181 5908 3012').map((f) => f.kind)).toEqual(['pan']);
    expect(await loadLeaksift({})).toBe(leaksift);
    expect(loadScript).toHaveBeenCalledTimes(2);
});
