// The calls the browser end-to-end test makes, shared by both sides: the page runs them on the
// browser bundle (dist/browser/vpcsim.js, its WASM engine loaded by bindings/browser.ts) and the
// test process runs them on the Node entry, so both answer exactly the same calls.
// Type imports only: the static server strips them and sends this file to the page as JavaScript.
import type { Engine, LpmTableInfo, TraceAnswer, TraceQuery, Topology } from '../../../src/browser.js';

/** A call's answer or its error, as plain data (errors do not cross page.evaluate). */
export type Settled<T> = { ok: true; value: T } | { ok: false; name: string; message: string };

function settle<T>(fn: () => T): Settled<T> {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown };
    return { ok: false, name: String(e.name), message: String(e.message ?? err) };
  }
}

export type TraceFn = (t: Topology, q: TraceQuery) => TraceAnswer;

export function traceAll(trace: TraceFn, topology: Topology, queries: TraceQuery[]): Settled<TraceAnswer>[] {
  return queries.map((q) => settle(() => trace(topology, q)));
}

/** One LPM table and a batch of lookups, as plain numbers (structure of arrays, bindings/engine.ts). */
export interface LpmCase {
  family: 4 | 6;
  addrs: number[];
  lens: number[];
  values: number[];
  /** IPv4: one word per address; IPv6: four. */
  lookups: number[];
}

export interface LpmOutcome {
  abiVersion: number;
  tables: { id: number; info: LpmTableInfo; results: number[] }[];
}

export function lpmRun(engine: Engine, cases: LpmCase[]): LpmOutcome {
  const tables = cases.map((c) => {
    const id = engine.lpmBuild(c.family, { addrs: Uint32Array.from(c.addrs), lens: Uint8Array.from(c.lens), values: Uint32Array.from(c.values) });
    const results = Array.from(engine.lpmLookup(id, Uint32Array.from(c.lookups)));
    return { id, info: engine.lpmTableInfo(id), results };
  });
  return { abiVersion: engine.abiVersion, tables };
}
