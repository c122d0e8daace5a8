// Browsers: trials on Web Workers the caller started from dist/browser/montecarlo-worker.js, each with
// its own engine (./worker-browser.ts). The workers stay the caller's: closing the pool only stops
// listening to them, so they can serve the next run (which sends its own plan).
import type { RunnerPool } from './sampler.js';
import type { TrialPlan } from './types.js';
import { workerRunner, type FromWorker } from './worker-protocol.js';

/** What monteCarlo() needs of a Web Worker (a DOM `Worker` has it). */
export interface WebWorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error', listener: (event: { data?: unknown; message?: string }) => void): void;
  removeEventListener(type: 'message' | 'error', listener: (event: { data?: unknown; message?: string }) => void): void;
}

export async function webWorkerPool(workers: readonly WebWorkerLike[], plan: TrialPlan): Promise<RunnerPool> {
  const listening: Array<() => void> = [];
  const runners = workers.map((w) =>
    workerRunner(
      {
        post: (message) => w.postMessage(message),
        onMessage: (handler) => {
          const listener = (event: { data?: unknown }) => handler(event.data as FromWorker);
          w.addEventListener('message', listener);
          listening.push(() => w.removeEventListener('message', listener));
        },
        onFailure: (handler) => {
          const listener = (event: { message?: string }) => handler(new Error(`trial worker failed: ${event.message ?? 'error event'}`));
          w.addEventListener('error', listener);
          listening.push(() => w.removeEventListener('error', listener));
        },
      },
      plan,
    ),
  );
  const close = async (): Promise<void> => {
    for (const stop of listening.splice(0)) stop();
  };
  try {
    await Promise.all(runners.map((r) => r.ready));
  } catch (err) {
    await close();
    throw err;
  }
  return { runners, close };
}
