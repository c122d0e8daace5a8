// trace() for browsers: the engine is fetched next to the bundle (bindings/browser.ts), on first use.
import { loadEngine } from '../../bindings/browser.js';
import { createTrace } from './engine-trace.js';

export const trace = createTrace(() => loadEngine());
