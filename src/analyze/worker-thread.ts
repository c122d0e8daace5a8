// Node only: starting a worker thread whose script sits next to the module that starts it, in each of the
// three layouts that module can run from: the TypeScript sources (vitest, tsx: the .ts script is loaded
// through tsx), the tsc output (dist/node/...: the .js beside it), and the CLI bundle (dist/cli/vpcsim.js
// and its chunks vpcsim-*.js, where rollup.config.mjs puts each worker script beside them under its own name).
import type { Worker } from 'node:worker_threads';

// node:worker_threads is loaded when a thread starts, not with this module: a single trace starts none,
// and loading it costs a CLI run ~4 ms.
const workerThreads = () => process.getBuiltinModule('node:worker_threads');

/**
 * The worker script `script` (a name without extension) next to `moduleUrl` (the caller's
 * `import.meta.url`); in the CLI bundle the script is `bundledScript`.js beside vpcsim.js and its chunks.
 */
export function startWorkerThread(moduleUrl: string, script: string, bundledScript: string = script): Worker {
  if (moduleUrl.endsWith('.ts')) {
    const source = new URL(`./${script}.ts`, moduleUrl).href;
    const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
    return new (workerThreads().Worker)(bootstrap, { eval: true });
  }
  // The CLI bundle: vpcsim.js and its chunks vpcsim-*.js (rollup.config.mjs), in dist/cli.
  const bundled = /\/dist\/cli\/vpcsim(-[^/]*)?\.js$/.test(moduleUrl);
  return new (workerThreads().Worker)(new URL(`./${bundled ? bundledScript : script}.js`, moduleUrl));
}

/** Calls `handler` when the thread dies: an uncaught error, or an exit the parent did not wait for. */
export function onThreadFailure(worker: Worker, what: string, handler: (error: Error) => void): void {
  worker.on('error', handler);
  worker.on('exit', (code) => handler(new Error(`${what} exited (code ${code})`)));
}
