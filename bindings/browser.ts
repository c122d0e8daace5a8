// Browser loader: streams the .wasm (WebAssembly.instantiateStreaming via @assemblyscript/loader),
// falling back to fetch + instantiate when the server sends the wrong MIME type, or uses the bytes
// the caller passes in (bundlers that inline assets, offline pages).
import { instantiate, instantiateStreaming } from '@assemblyscript/loader';
import { createEngine, type Engine, type EngineExports } from './engine.js';

export interface BrowserEngineOptions {
  /** The module's bytes; when given, nothing is fetched. */
  bytes?: ArrayBuffer | Uint8Array;
  /** Where to fetch release.wasm; default: build/release.wasm of the package, from the bundle's URL. */
  url?: string | URL;
}

// dist/browser/vpcsim.js -> ../../build/release.wasm
const DEFAULT_URL = '../../build/release.wasm';

export async function loadEngine(options: BrowserEngineOptions = {}): Promise<Engine> {
  if (options.bytes) {
    const { exports } = await instantiate(options.bytes as BufferSource, {});
    return createEngine(exports as unknown as EngineExports);
  }
  const url = options.url ?? new URL(DEFAULT_URL, import.meta.url);
  try {
    const { exports } = await instantiateStreaming(fetch(url), {});
    return createEngine(exports as unknown as EngineExports);
  } catch {
    // instantiateStreaming needs Content-Type application/wasm; plain bytes work anywhere.
    const response = await fetch(url);
    if (!response.ok) throw new Error(`cannot fetch the vpcsim engine ${String(url)}: HTTP ${response.status}`);
    const { exports } = await instantiate(await response.arrayBuffer(), {});
    return createEngine(exports as unknown as EngineExports);
  }
}
