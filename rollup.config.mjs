// Browser bundle: one ES module built from the compiled TypeScript (dist/node), Node built-ins excluded.
// The .wasm is not inlined: bindings/browser.ts fetches it (instantiateStreaming) or takes bytes from the caller.
// @rollup/plugin-commonjs because ip-num ships CommonJS only.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';

export default {
  input: 'dist/node/src/browser.js',
  output: { file: 'dist/browser/vpcsim.js', format: 'es', sourcemap: true },
  plugins: [nodeResolve({ browser: true, preferBuiltins: false }), commonjs()],
  onwarn(warning, warn) {
    // ip-num's CommonJS helpers and its internal import cycles are harmless.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
    warn(warning);
  },
};
