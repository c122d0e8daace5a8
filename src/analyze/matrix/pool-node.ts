// `--workers N` for the matrix in Node: N worker threads (./worker-node.ts), each with its own engine and
// the image, walk contiguous ranges of the class-pair flows; verdicts land at their flow index, so the
// matrix is the same bytes whatever N. The script sits next to this module (../worker-thread.ts).
import { onThreadFailure, startWorkerThread } from '../worker-thread.js';
import { pairFlowCount } from '../../../bindings/network.js';
import type { ClassPairJob } from './class-walk.js';

export type ToMatrixWorker = { type: 'setup'; words: Int32Array; job: ClassPairJob; down?: Uint32Array } | { type: 'range'; id: number; start: number; end: number };
export type FromMatrixWorker = { type: 'ready' } | { type: 'verdicts'; id: number; verdicts: Uint8Array } | { type: 'error'; message: string };

/** At most this many flows per range handed to a worker (progress), and about 8 ranges per worker (balance). */
const MAX_RANGE_FLOWS = 1 << 20;
const MIN_RANGE_FLOWS = 1024;

/** The CLI bundle holds one worker-node.js already (Monte Carlo's): this one is matrix-worker.js there. */
const startWorker = () => startWorkerThread(import.meta.url, 'worker-node', 'matrix-worker');

/** Verdicts of every flow of the job, walked by `workers` threads. */
export async function walkJobOnWorkers(words: Int32Array, job: ClassPairJob, workers: number, down: Uint32Array | undefined, onProgress?: (done: number, total: number) => void): Promise<Uint8Array> {
  const total = pairFlowCount(job);
  const verdicts = new Uint8Array(total);
  const ranges: Array<{ start: number; end: number }> = [];
  const size = Math.min(MAX_RANGE_FLOWS, Math.max(MIN_RANGE_FLOWS, Math.ceil(total / (workers * 8))));
  for (let start = 0; start < total; start += size) ranges.push({ start, end: Math.min(total, start + size) });
  const threads = Array.from({ length: Math.max(1, Math.min(workers, ranges.length)) }, startWorker);
  let done = 0;
  let next = 0;
  try {
    await Promise.all(
      threads.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= ranges.length) return resolve();
              const id = next++;
              w.postMessage({ type: 'range', id, ...ranges[id]! } satisfies ToMatrixWorker);
            };
            w.on('message', (m: FromMatrixWorker) => {
              if (m.type === 'error') return reject(new Error(`matrix worker: ${m.message}`));
              if (m.type === 'ready') return give();
              const range = ranges[m.id]!;
              verdicts.set(m.verdicts, range.start);
              done += range.end - range.start;
              onProgress?.(done, total);
              give();
            });
            onThreadFailure(w, 'matrix worker', reject);
            w.postMessage({ type: 'setup', words, job, ...(down ? { down } : {}) } satisfies ToMatrixWorker);
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return verdicts;
}
