// A Web Worker that runs chunks of Monte Carlo trials on its own engine (./worker-protocol.ts); bundled
// as dist/browser/montecarlo-worker.js. A page starts it with
//   new Worker(new URL('vpcsim/dist/browser/montecarlo-worker.js', import.meta.url), { type: 'module' })
// and passes such workers to monteCarlo(..., { webWorkers }). The engine is fetched next to the bundle.
import { loadEngine } from '../../../bindings/browser.js';
import { serveTrials, type FromWorker, type ToWorker } from './worker-protocol.js';

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: ToWorker }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
serveTrials(
  {
    post: (message: FromWorker) => scope.postMessage(message),
    onMessage: (handler) => scope.addEventListener('message', (event) => handler(event.data)),
    onFailure: () => {},
  },
  () => loadEngine(),
);
