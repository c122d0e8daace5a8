// Node: K worker threads, each with its own engine and a copy of the plan (MC-11: their counts add up).
// The worker script, ./worker-node.ts, sits next to this module (../worker-thread.ts).
import { availableParallelism } from 'node:os';
import { onThreadFailure, startWorkerThread } from '../worker-thread.js';
import type { TrialPlan } from './types.js';
import { readyPool, type FromWorker, type MessagePort, type ToWorker } from './worker-protocol.js';
import type { RunnerPool } from './sampler.js';

export function defaultWorkerCount(): number {
  return availableParallelism();
}

export async function nodeWorkerPool(plan: TrialPlan, workers: number): Promise<RunnerPool> {
  const threads = Array.from({ length: workers }, () => startWorkerThread(import.meta.url, 'worker-node'));
  const ports = threads.map(
    (w): MessagePort<ToWorker, FromWorker> => ({
      post: (message) => w.postMessage(message),
      onMessage: (handler) => w.on('message', handler),
      onFailure: (handler) => onThreadFailure(w, 'trial worker', handler),
    }),
  );
  return readyPool(ports, plan, async () => {
    await Promise.all(threads.map((w) => w.terminate()));
  });
}
