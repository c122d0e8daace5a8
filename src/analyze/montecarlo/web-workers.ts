// Browsers: trials on Web Workers the caller started from dist/browser/montecarlo-worker.js, each with
// its own engine (./worker-browser.ts). The workers stay the caller's: closing the pool only stops
// listening to them, so they can serve the next run (which sends its own plan).
import type { RunnerPool } from './sampler.js';
import type { TrialPlan } from './types.js';
import { readyPool, type FromWorker, type MessagePort, type ToWorker } from './worker-protocol.js';

type WorkerEventListener = (event: { data?: unknown; message?: string }) => void;

/** What monteCarlo() needs of a Web Worker (a DOM `Worker` has it). */
export interface WebWorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error', listener: WorkerEventListener): void;
  removeEventListener(type: 'message' | 'error', listener: WorkerEventListener): void;
}

export async function webWorkerPool(workers: readonly WebWorkerLike[], plan: TrialPlan): Promise<RunnerPool> {
  const listening: Array<() => void> = [];
  const listen = (w: WebWorkerLike, type: 'message' | 'error', listener: WorkerEventListener) => {
    w.addEventListener(type, listener);
    listening.push(() => w.removeEventListener(type, listener));
  };
  const ports = workers.map(
    (w): MessagePort<ToWorker, FromWorker> => ({
      post: (message) => w.postMessage(message),
      onMessage: (handler) => listen(w, 'message', (event) => handler(event.data as FromWorker)),
      onFailure: (handler) => listen(w, 'error', (event) => handler(new Error(`trial worker failed: ${event.message ?? 'error event'}`))),
    }),
  );
  return readyPool(ports, plan, async () => {
    for (const stop of listening.splice(0)) stop();
  });
}
