// A Node worker thread that runs chunks of Monte Carlo trials on its own engine (./worker-protocol.ts).
// Started by ./pool-node.ts; in the CLI bundle it is dist/cli/worker-node.js (rollup.config.mjs).
import { parentPort } from 'node:worker_threads';
import { loadEngine } from '../../../bindings/node.js';
import { serveTrials, type FromWorker, type ToWorker } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('worker-node.js runs as a worker thread of the Monte Carlo driver');
serveTrials(
  {
    post: (message: FromWorker) => port.postMessage(message),
    onMessage: (handler: (message: ToWorker) => void) => port.on('message', handler),
    onFailure: () => {},
  },
  () => loadEngine(),
);
