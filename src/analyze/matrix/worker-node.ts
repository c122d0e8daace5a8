// A Node worker thread of `vpcsim matrix --workers N`: its own engine, the image's words and the class-pair
// job once, then ranges of flows, answered with their verdicts (./class-walk.ts). Started by ./pool-node.ts;
// in the CLI bundle it is dist/cli/matrix-worker.js (rollup.config.mjs).
import { parentPort } from 'node:worker_threads';
import type { Engine } from '../../../bindings/engine.js';
import { loadEngine } from '../../../bindings/node.js';
import type { NetworkImage } from '../../compile/image.js';
import { walkJobRange } from './class-walk.js';
import type { FromMatrixWorker, ToMatrixWorker } from './pool-node.js';

const port = parentPort;
if (!port) throw new Error('matrix-worker runs as a worker thread of vpcsim matrix');
let ready: Promise<Engine> | undefined;
let setup: Extract<ToMatrixWorker, { type: 'setup' }> | undefined;
const post = (message: FromMatrixWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
port.on('message', (message: ToMatrixWorker) => {
  if (message.type === 'setup') {
    setup = message;
    ready = loadEngine().then((engine) => {
      // The walk reads only the words; names and components stay with the parent.
      engine.loadNetwork({ words: message.words, names: {}, components: [], componentIds: new Map() } as unknown as NetworkImage);
      return engine;
    });
    ready.then(
      () => post({ type: 'ready' }),
      (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return;
  }
  const held = setup;
  if (!held || !ready) return post({ type: 'error', message: 'matrix worker: a range came before the setup' });
  ready
    .then((engine) => walkJobRange(engine, held.job, message.start, message.end, held.down))
    .then(
      (verdicts) => post({ type: 'verdicts', id: message.id, verdicts }, [verdicts.buffer as ArrayBuffer]),
      (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
});
