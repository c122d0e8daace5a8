// Node loader: reads build/release.wasm (or build/debug.wasm, with runtime asserts, when asked)
// and instantiates it with @assemblyscript/loader. The file is found from this module's own URL,
// so it works from source (bindings/node.ts under vitest/tsx) and from dist/node/bindings/node.js.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instantiateSync } from '@assemblyscript/loader';
import { createEngine, type Engine, type EngineExports } from './engine.js';

export type EngineBuild = 'release' | 'debug';

export interface NodeEngineOptions {
  /** Which build/ artefact to load; tests use 'debug'. Default 'release'. */
  build?: EngineBuild;
  /** An explicit .wasm path instead of the package's build/ directory. */
  wasmPath?: string;
}

/** The nearest ancestor directory holding the vpcsim package.json. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'vpcsim') return dir;
    } catch {
      // no package.json here (or unreadable): keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the vpcsim package root above ${from}`);
    dir = parent;
  }
}

export function wasmPath(build: EngineBuild = 'release'): string {
  return join(packageRoot(), 'build', `${build}.wasm`);
}

export async function loadEngine(options: NodeEngineOptions = {}): Promise<Engine> {
  const path = options.wasmPath ?? wasmPath(options.build ?? 'release');
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    // The package's own build is missing until npm run asbuild; a path the caller gave says why it failed.
    if (options.wasmPath === undefined) throw new Error(`cannot read the vpcsim engine ${path}: build it with npm run asbuild`);
    throw new Error(`cannot read the vpcsim engine ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  // Compiled off the main thread, instantiated at once: the loader's async instantiate() first asks
  // whether its argument is a fetch Response, and touching the global Response loads Node's fetch
  // (undici), about 100 ms of every CLI run.
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Uint8Array<ArrayBuffer>);
  } catch (err) {
    throw new Error(`${path} is not a WebAssembly module (${(err as Error).message})`);
  }
  const { exports } = instantiateSync(module, {});
  return createEngine(exports as unknown as EngineExports);
}
