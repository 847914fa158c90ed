// Loads leaksift once per page from the `leaksift` static resource: the
// classic-script glue (which defines globalThis.leaksift), then its
// WebAssembly module. Every component that needs leaksift awaits the same
// promise; a failed load is retried by the next caller.
import { loadScript } from 'lightning/platformResourceLoader';
import LEAKSIFT from '@salesforce/resourceUrl/leaksift';

let loading;

/**
 * Resolves to the leaksift API (`scan`, `Scanner`, `mask`, `version`, ...).
 * @param {import('lwc').LightningElement} component the component loading it
 */
export function loadLeaksift(component) {
    if (!loading) {
        loading = loadScript(component, `${LEAKSIFT}/leaksift.js`)
            .then(async () => {
                const leaksift = globalThis.leaksift;
                if (typeof leaksift !== 'function') {
                    throw new Error('the leaksift static resource did not define globalThis.leaksift');
                }
                await leaksift({ module_or_path: `${LEAKSIFT}/leaksift_bg.wasm` });
                return leaksift;
            })
            .catch((error) => {
                loading = undefined;
                throw error;
            });
    }
    return loading;
}
