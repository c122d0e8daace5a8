// Node: K worker threads, each with its own engine and a copy of the plan (MC-11: their counts add up).
// The worker script sits next to this module: dist/node/.../worker-node.js after tsc, dist/cli/worker-node.js
// in the CLI bundle. Run from the TypeScript sources (vitest, tsx), the .ts script is loaded through tsx.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TrialPlan } from './types.js';
import { workerRunner, type FromWorker, type ToWorker } from './worker-protocol.js';
import type { RunnerPool } from './sampler.js';

export function defaultWorkerCount(): number {
  return availableParallelism();
}

function startWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const script = new URL('./worker-node.ts', here).href;
    const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script)}); });`;
    return new Worker(bootstrap, { eval: true });
  }
  return new Worker(new URL('./worker-node.js', here));
}

export async function nodeWorkerPool(plan: TrialPlan, workers: number): Promise<RunnerPool> {
  const threads = Array.from({ length: workers }, startWorker);
  const close = async (): Promise<void> => {
    await Promise.all(threads.map((w) => w.terminate()));
  };
  const runners = threads.map((w) =>
    workerRunner(
      {
        post: (message: ToWorker) => w.postMessage(message),
        onMessage: (handler: (message: FromWorker) => void) => w.on('message', handler),
        onFailure: (handler) => {
          w.on('error', handler);
          w.on('exit', (code) => handler(new Error(`trial worker exited (code ${code})`)));
        },
      },
      plan,
    ),
  );
  try {
    await Promise.all(runners.map((r) => r.ready));
  } catch (err) {
    await close();
    throw err;
  }
  return { runners, close };
}
