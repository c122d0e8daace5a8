// Five bundles, all from the compiled TypeScript in dist/node:
// - dist/browser/vpcsim.js: the library for browsers (src/browser.ts), Node built-ins excluded. The .wasm is
//   not inlined: bindings/browser.ts fetches it (instantiateStreaming) or takes bytes from the caller.
// - dist/cli/vpcsim.js and its chunks dist/cli/vpcsim-*.js: the CLI in a few files, because resolving
//   ~200 ES modules at start-up cost about 200 ms per `vpcsim` run. A run loads only the chunks of the
//   command it names (src/cli/commands/index.ts), and a cache hit of `trace` none of the importer
//   (src/analyze/image-cache/index.ts): 0.9 of 1.7 MB of code to compile (cliChunk below).
// - dist/browser/montecarlo-worker.js: the Web Worker a page may start for monteCarlo({ webWorkers }).
// - dist/cli/matrix-worker.js: the reachability-matrix worker thread (`vpcsim matrix --workers N`).
// - dist/cli/worker-node.js: the Monte Carlo worker thread the CLI starts (`vpcsim montecarlo --workers K`);
//   src/analyze/worker-thread.ts finds it next to the module that starts it, in either layout.
// @rollup/plugin-commonjs because ip-num ships CommonJS only. The browser bundle is minified with terser
// (@rollup/plugin-terser): about a quarter of its unminified size, which is what a page downloads.
// Source maps are built for local debugging but not published (package.json `files`).
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

function onwarn(warning, warn) {
  // ip-num's CommonJS helpers and its internal import cycles are harmless.
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
}

// Modules the CLI takes through a shim in rollup/ that loads them on first use, for the one importer
// named: ip-num's module body costs ~15 ms of every run, which most runs never use (no IPv6 text), and
// commander requires node:child_process only to run executable sub-commands, which vpcsim has none of.
// The shims' own requires get the real modules.
const lazyShims = [
  { source: 'ip-num', importer: /\/dist\/node\/src\/model\/ip\.js$/, shim: 'ip-num-lazy.cjs' },
  { source: 'node:child_process', importer: /\/node_modules\/commander\/lib\/command\.js$/, shim: 'child-process-lazy.cjs' },
];
const lazyShim = (source, importer) => lazyShims.find((l) => l.source === source && l.importer.test(importer?.replaceAll('\\', '/') ?? ''));
function lazyModules() {
  return {
    name: 'lazy-modules',
    resolveId(source, importer) {
      const lazy = lazyShim(source, importer);
      return lazy ? fileURLToPath(new URL(`./rollup/${lazy.shim}`, import.meta.url)) : null;
    },
  };
}

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
// BullMQ and ioredis (`vpcsim worker`, `montecarlo --queue`) stay in node_modules: they are imported
// dynamically when a queue is used, and loading them costs about half a second that no other command pays.
const cliExternal = (id, importer) => (nodeBuiltins.has(id) && !lazyShim(id, importer)) || id === 'bullmq' || id === 'ioredis';

// The CLI in a few chunks: each command's own code in its chunk (commands/index.ts loads the one a run
// names), and what many share in three: the importer (`import`, with js-yaml), the model, compile and
// engine (`engine`, with ip-num), and the analyses' common core. Without them rollup made ~30 chunks, and
// each module costs Node a few ms to load: `--help`, which loads every command, ran 25% slower.
function cliChunk(id) {
  const path = id.replaceAll('\\', '/');
  // decode-text.js and size-limit.js hold the size limit a cache hit checks: not a reason to load the importer.
  if (/\/dist\/node\/src\/import\/(decode-text|size-limit)\.js$/.test(path)) return 'engine';
  // What every run loads: the program (commander, rollup's CommonJS helpers), the error class and the
  // quoting every command prints with. `--version` and usage errors load this chunk alone.
  if (path.startsWith('\0commonjsHelpers') || /\/node_modules\/commander\//.test(path)) return 'main';
  if (/\/dist\/node\/src\/(cli\/(main|io|print)|version|model\/(errors|printable))\.js$/.test(path)) return 'main';
  if (/\/node_modules\/js-yaml\//.test(path) || /\/dist\/node\/src\/import\//.test(path)) return 'import';
  if (/\/node_modules\/(ip-num|@assemblyscript)\//.test(path) || /\/dist\/node\/(abi|bindings)\//.test(path) || /\/dist\/node\/src\/(model|compile|walk)\//.test(path)) return 'engine';
  if (/\/dist\/node\/src\/analyze\/[^/]+\.js$/.test(path) || /\/dist\/node\/src\/analyze\/hop-text\//.test(path)) return 'analyze';
  return undefined;
}

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
    output: { dir: 'dist/cli', entryFileNames: 'vpcsim.js', chunkFileNames: 'vpcsim-[name].js', format: 'es', sourcemap: true, manualChunks: cliChunk },
    external: cliExternal,
    plugins: [lazyModules(), nodeResolve({ preferBuiltins: true }), commonjs()],
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
