// An entry point's engine, loaded on first use and shared by its calls; a failed load is forgotten, so
// a later call may retry (e.g. after the .wasm is built).
import type { Engine } from './engine.js';

export function lazyEngine(load: () => Promise<Engine>): () => Promise<Engine> {
  let engine: Promise<Engine> | undefined;
  return () => {
    engine ??= load().catch((err: unknown) => {
      engine = undefined;
      throw err;
    });
    return engine;
  };
}
