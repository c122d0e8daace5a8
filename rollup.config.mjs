// Five bundles, all from the compiled TypeScript in dist/node:
// - dist/browser/vpcsim.js: the library for browsers (src/browser.ts), Node built-ins excluded. The .wasm is
//   not inlined: bindings/browser.ts fetches it (instantiateStreaming) or takes bytes from the caller.
// - dist/cli/vpcsim.js: the whole CLI in one file, because resolving ~200 ES modules at start-up cost
//   about 200 ms per `vpcsim` run; one file loads in a fraction of that.
// - dist/browser/montecarlo-worker.js: the Web Worker a page may start for monteCarlo({ webWorkers }).
// - dist/cli/matrix-worker.js: the reachability-matrix worker thread (`vpcsim matrix --workers N`).
// - dist/cli/worker-node.js: the Monte Carlo worker thread the CLI starts (`vpcsim montecarlo --workers K`);
//   src/analyze/worker-thread.ts finds it next to the module that starts it, in either layout.
// @rollup/plugin-commonjs because ip-num ships CommonJS only. The browser bundle is minified with terser
// (@rollup/plugin-terser): about a quarter of its unminified size, which is what a page downloads.
// Source maps are built for local debugging but not published (package.json `files`).
import { builtinModules } from 'node:module';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

function onwarn(warning, warn) {
  // ip-num's CommonJS helpers and its internal import cycles are harmless.
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
}

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
// BullMQ and ioredis (`vpcsim worker`, `montecarlo --queue`) stay in node_modules: they are imported
// dynamically when a queue is used, and loading them costs about half a second that no other command pays.
const cliExternal = (id) => nodeBuiltins.has(id) || id === 'bullmq' || id === 'ioredis';

export default [
  {
    input: 'dist/node/src/browser.js',
    output: { file: 'dist/browser/vpcsim.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve({ browser: true, preferBuiltins: false }), commonjs(), terser()],
    onwarn,
  },
  {
    input: 'dist/node/src/analyze/montecarlo/worker-browser.js',
    output: { file: 'dist/browser/montecarlo-worker.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve({ browser: true, preferBuiltins: false }), commonjs(), terser()],
    onwarn,
  },
  {
    input: 'dist/node/src/cli/main.js',
    output: { file: 'dist/cli/vpcsim.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    external: cliExternal,
    plugins: [nodeResolve({ preferBuiltins: true }), commonjs()],
    onwarn,
  },
  {
    input: 'dist/node/src/analyze/montecarlo/worker-node.js',
    output: { file: 'dist/cli/worker-node.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    external: (id) => nodeBuiltins.has(id),
    plugins: [nodeResolve({ preferBuiltins: true }), commonjs()],
    onwarn,
  },
  {
    input: 'dist/node/src/analyze/matrix/worker-node.js',
    output: { file: 'dist/cli/matrix-worker.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    external: (id) => nodeBuiltins.has(id),
    plugins: [nodeResolve({ preferBuiltins: true }), commonjs()],
    onwarn,
  },
];
