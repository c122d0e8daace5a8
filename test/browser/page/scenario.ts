// The calls the browser end-to-end test makes, shared by both sides: the page runs them on the
// browser bundle (dist/browser/vpcsim.js, its WASM engine loaded by bindings/browser.ts) and the
// test process runs them on the Node entry, so both answer exactly the same calls.
// Type imports only: the static server strips them and sends this file to the page as JavaScript.
import type { Engine, LpmTableInfo, TraceAnswer, TraceQuery, Topology } from '../../../src/browser.js';

/** A call's answer or its error, as plain data (errors do not cross page.evaluate). */
export type Settled<T> = { ok: true; value: T } | { ok: false; name: string; message: string };

async function settle<T>(fn: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown };
    return { ok: false, name: String(e.name), message: String(e.message ?? err) };
  }
}

/** trace() is engine-backed and async: the first call loads the WASM engine (fetched in the page). */
export type TraceFn = (t: Topology, q: TraceQuery) => Promise<TraceAnswer>;

export async function traceAll(trace: TraceFn, topology: Topology, queries: TraceQuery[]): Promise<Settled<TraceAnswer>[]> {
  const answers: Settled<TraceAnswer>[] = [];
  for (const q of queries) answers.push(await settle(() => trace(topology, q)));
  return answers;
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
