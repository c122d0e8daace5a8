// The messages between the sampling driver and a trial worker (a Node worker thread or a browser Web
// Worker): the plan once, then chunks of trials; each worker has its own engine. Both sides are written
// once here over a minimal port, so the Node and browser workers differ only in how they are started.
import type { Engine } from '../../../bindings/engine.js';
import type { RunnerPool, TrialRunner } from './sampler.js';
import { runTrials } from './trials.js';
import type { TrialCounts, TrialPlan } from './types.js';

export type ToWorker = { type: 'plan'; plan: TrialPlan } | { type: 'run'; id: number; seed: number; trialStart: number; trialCount: number };

export type FromWorker = { type: 'ready' } | { type: 'counts'; id: number; counts: TrialCounts } | { type: 'error'; id?: number; message: string };

/** What either kind of worker (or its parent side) offers: post a message, hear messages and failures. */
export interface MessagePort<Out, In> {
  post(message: Out): void;
  onMessage(handler: (message: In) => void): void;
  /** The worker died (uncaught error or exit). */
  onFailure(handler: (error: Error) => void): void;
}

/** Worker side: loads an engine, takes the plan, then answers chunks of trials until terminated. */
export function serveTrials(port: MessagePort<FromWorker, ToWorker>, loadEngine: () => Promise<Engine>): void {
  let plan: TrialPlan | undefined;
  let engine: Promise<Engine> | undefined;
  port.onMessage((message) => {
    if (message.type === 'plan') {
      plan = message.plan;
      engine ??= loadEngine();
      engine.then(
        () => port.post({ type: 'ready' }),
        (err: unknown) => port.post({ type: 'error', message: errorText(err) }),
      );
      return;
    }
    const { id, seed, trialStart, trialCount } = message;
    if (!plan || !engine) {
      port.post({ type: 'error', id, message: 'trial worker: a chunk came before the plan' });
      return;
    }
    const held = plan;
    engine
      .then((e) => runTrials(e, held, seed, trialStart, trialCount))
      .then(
        (counts) => port.post({ type: 'counts', id, counts }),
        (err: unknown) => port.post({ type: 'error', id, message: errorText(err) }),
      );
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The plan as a worker needs it: the image's words and component table, without its id -> model tables
 * (names), which only the parent uses (to name causes) and which are most of what structured clone
 * would copy per worker (about 50 ms of 65 per worker on 100 VPCs).
 */
export function planForWorker(plan: TrialPlan): TrialPlan {
  const names = Object.fromEntries(Object.keys(plan.image.names).map((k) => [k, []])) as unknown as TrialPlan['image']['names'];
  return { ...plan, image: { ...plan.image, names } };
}

/** Parent side: a TrialRunner over a worker, once the worker has its engine and the plan (`ready`). */
export interface WorkerRunner extends TrialRunner {
  ready: Promise<void>;
}

export function workerRunner(port: MessagePort<ToWorker, FromWorker>, plan: TrialPlan): WorkerRunner {
  const pending = new Map<number, { resolve: (c: TrialCounts) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  let settleReady!: { resolve: () => void; reject: (e: Error) => void };
  const ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));
  const fail = (error: Error): void => {
    failure ??= error;
    settleReady.reject(failure);
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  port.onFailure(fail);
  port.onMessage((message) => {
    if (message.type === 'ready') return settleReady.resolve();
    if (message.type === 'error' && message.id === undefined) return fail(new Error(message.message));
    const waiting = pending.get(message.id!);
    if (!waiting) return;
    pending.delete(message.id!);
    if (message.type === 'counts') waiting.resolve(message.counts);
    else waiting.reject(new Error(message.message));
  });
  port.post({ type: 'plan', plan: planForWorker(plan) });
  return {
    ready,
    run(seed, trialStart, trialCount) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<TrialCounts>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        port.post({ type: 'run', id, seed, trialStart, trialCount });
      });
    },
  };
}

/**
 * A pool of runners over workers' ports (Node threads or Web Workers), once every worker is ready; if one
 * fails first, `close` runs and the failure is thrown.
 */
export async function readyPool(ports: ReadonlyArray<MessagePort<ToWorker, FromWorker>>, plan: TrialPlan, close: () => Promise<void>): Promise<RunnerPool> {
  const runners = ports.map((port) => workerRunner(port, plan));
  try {
    await Promise.all(runners.map((r) => r.ready));
  } catch (err) {
    await close();
    throw err;
  }
  return { runners, close };
}
