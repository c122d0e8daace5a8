// Many flows through the engine at once, for the whole-network analyses (reachability matrix, design
// diff, policy checks, flow-log replay): flows go in batches of a few thousand, one boundary crossing
// per batch, untraced, and come back as one verdict each (0 = reachable both ways, TRACE-5, else the
// first blocker's code). Only the flows a caller wants explained are walked again, as one traced batch,
// and worded by engine-explain.ts / hop-text/ exactly as `trace` words them.
import { VERDICT_UNSUPPORTED } from '../../abi/batch.js';
import { NONE } from '../../abi/version.js';
import type { Engine } from '../../bindings/engine.js';
import { allocateFlowBatch, type FlowBatch, type WalkBatchOptions, type WalkBatchResult } from '../../bindings/network.js';
import { downBits } from '../compile/index.js';
import type { Topology } from '../model/types.js';
import type { Flow, FlowOrigin } from '../walk/flow.js';
import type { BlockedAt, WalkResult } from '../walk/result.js';
import { codeName, type CodeName } from './codes.js';
import { explainEngineFlow, firstBlockerOfEngineFlow } from './engine-explain.js';
import { originId, prepare, writeFlow, type Compiled } from './engine-trace.js';

/**
 * Flows per boundary crossing. The engine groups a batch's flows by source (WALK_ORDER_MIN_FLOWS) and
 * fetches each group's records once per batch, so the more flows per source VPC a batch holds, the
 * fewer fetches: on the trace bench's 1,000-VPC mix, batches of 4,096 flows walked 0.91 M flows/s,
 * 16,384 1.31 M and 65,536 1.98 M (one 200,000-flow batch 2.7 M; load 7). 65,536 flows are 4 MB of
 * columns here and 5 MB of engine staging.
 */
export const BATCH_FLOWS = 1 << 16;

/** One flow to walk: the packet, where it starts and (TRACE-13) the ENI it must arrive at, if any. */
export interface BatchFlow {
  origin: FlowOrigin;
  flow: Flow;
  /** AWS id of the ENI the packet is addressed to; absent: any ENI holding the destination address. */
  destination?: string;
}

export interface BatchWalkOptions {
  /** Components that are down (TRACE-12, MC-1): AWS ids as trace's `down`. */
  down?: ReadonlySet<string>;
  /** Simulated seconds between request and response (SG-12, SG-13, GW-14); default 0. */
  responseAfter?: number;
  /** Flows per engine call; default BATCH_FLOWS. */
  batchSize?: number;
  /** Called after each batch with the flows walked so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Why a flow is blocked, in trace's words: the first blocker (TRACE-8) of its explanation. */
export interface FlowBlocker {
  code: CodeName;
  component: string;
  type: string;
  id: string;
  direction: 'forward' | 'response';
  /** TRACE-9: rule number, route or rule group involved, when there is one. */
  rule?: string;
  detail: string;
}

/**
 * Walks flows written straight into batch columns (the hot path: no Flow objects). `fill(batch, row,
 * index)` writes flow `index` at `row`; the verdict of flow `index` lands at `verdicts[index]`.
 */
export class BatchWalker {
  readonly compiled: Compiled;
  private readonly options: WalkBatchOptions;
  private readonly batchSize: number;

  constructor(
    private readonly engine: Engine,
    readonly topology: Topology,
    options: BatchWalkOptions = {},
  ) {
    this.compiled = prepare(engine, topology);
    const down = options.down && options.down.size > 0 ? downBits(this.compiled.image.componentIds, this.compiled.image.components.length, options.down) : undefined;
    this.options = { responseAfter: options.responseAfter ?? 0, ...(down ? { down } : {}) };
    this.batchSize = Math.max(1, options.batchSize ?? BATCH_FLOWS);
  }

  /** The engine, holding this walker's topology (another caller may have loaded another one since). */
  prepared(): Engine {
    prepare(this.engine, this.topology);
    return this.engine;
  }

  /** The down set as the engine's bitset, if any (for worker threads walking the same image). */
  get downBits(): Uint32Array | undefined {
    return this.options.down;
  }

  /** The engine origin of a FlowOrigin; throws for one the image does not hold. */
  origin(origin: FlowOrigin): number {
    const id = originId(this.compiled, origin);
    if (id === undefined) throw new Error(`vpcsim internal error: the compiled image has no origin for ${JSON.stringify(origin)}; please report it`);
    return id;
  }

  /** The dense engine id of an ENI, or NONE for undefined. */
  networkInterface(id: string | undefined): number {
    if (id === undefined) return NONE;
    const dense = this.compiled.eni.get(id);
    if (dense === undefined) throw new Error(`vpcsim internal error: the compiled image has no network interface ${id}; please report it`);
    return dense;
  }

  walk(n: number, fill: (batch: FlowBatch, row: number, index: number) => void, onProgress?: (done: number, total: number) => void): Int32Array {
    const verdicts = new Int32Array(n);
    this.walkEach(n, fill, (start, batchVerdicts) => verdicts.set(batchVerdicts, start), onProgress);
    return verdicts;
  }

  /** As walk(), handing each batch's verdicts (flows start .. start + length - 1) to `take` instead of keeping them all. */
  walkEach(n: number, fill: (batch: FlowBatch, row: number, index: number) => void, take: (start: number, verdicts: Int32Array) => void, onProgress?: (done: number, total: number) => void): void {
    let batch = allocateFlowBatch(Math.min(n, this.batchSize));
    // The engine reads whole columns: a row left over from the previous batch must not leak into the next.
    for (let start = 0; start < n; start += this.batchSize) {
      const rows = Math.min(this.batchSize, n - start);
      if (rows !== batch.origin.length) batch = allocateFlowBatch(rows);
      for (let row = 0; row < rows; row++) fill(batch, row, start + row);
      // Prepared again per batch: a caller's onProgress may trace on the same engine in between.
      prepare(this.engine, this.topology);
      const result = this.engine.walkBatch(batch, this.options);
      if (result.verdicts.includes(VERDICT_UNSUPPORTED)) throw new Error('vpcsim internal error: the WASM engine did not walk a flow of this batch (verdict 255); please report it');
      take(start, result.verdicts);
      onProgress?.(start + rows, n);
    }
  }

  /** Flows given as BatchFlow objects. */
  walkFlows(flows: readonly BatchFlow[], onProgress?: (done: number, total: number) => void): Int32Array {
    const origins = flows.map((f) => this.origin(f.origin));
    const destinations = flows.map((f) => this.networkInterface(f.destination));
    return this.walk(flows.length, (b, row, i) => writeFlow(b, row, origins[i]!, destinations[i]!, flows[i]!.flow), onProgress);
  }

  /** The explanation `trace` gives, for the flows at `which` only: one traced batch of them. */
  explain(flows: readonly BatchFlow[], which: readonly number[]): WalkResult[] {
    return this.#traced(which.map((i) => flows[i]!), (result, row, flow) => explainEngineFlow(this.topology, this.compiled.image, result, row, flow));
  }

  /** As explain() of every flow, but only each one's first blocker (undefined: reachable), without wording the other hops. */
  firstBlockers(flows: readonly BatchFlow[]): Array<BlockedAt | undefined> {
    return this.#traced(flows, (result, row, flow) => firstBlockerOfEngineFlow(this.topology, this.compiled.image, result, row, flow));
  }

  /** `picked` walked as one traced batch, each row read by `read`. */
  #traced<T>(picked: readonly BatchFlow[], read: (result: WalkBatchResult, row: number, flow: Flow) => T): T[] {
    return this.#tracedRows(
      picked.length,
      (batch, row) => writeFlow(batch, row, this.origin(picked[row]!.origin), this.networkInterface(picked[row]!.destination), picked[row]!.flow),
      (result, row) => read(result, row, picked[row]!.flow),
    );
  }

  /**
   * As firstBlockers(), for `n` flows that `fill` writes straight into the columns (no BatchFlow, no id
   * looked up again: `trace --flows` has each query's engine ids); `flow(row)` is the packet of that row.
   */
  firstBlockersOf(n: number, fill: (batch: FlowBatch, row: number) => void, flow: (row: number) => Flow): Array<BlockedAt | undefined> {
    return this.#tracedRows(n, fill, (result, row) => firstBlockerOfEngineFlow(this.topology, this.compiled.image, result, row, flow(row)));
  }

  /** `n` flows written by `fill`, walked as one traced batch, each row read by `read`. */
  #tracedRows<T>(n: number, fill: (batch: FlowBatch, row: number) => void, read: (result: WalkBatchResult, row: number) => T): T[] {
    if (n === 0) return [];
    const batch = allocateFlowBatch(n);
    for (let row = 0; row < n; row++) fill(batch, row);
    prepare(this.engine, this.topology);
    const result = this.engine.walkBatch(batch, { ...this.options, trace: true });
    const out = new Array<T>(n);
    for (let row = 0; row < n; row++) out[row] = read(result, row);
    return out;
  }
}

/** Verdicts of many flows (0 = reachable), walked in batches. */
export function walkFlows(engine: Engine, t: Topology, flows: readonly BatchFlow[], options: BatchWalkOptions = {}): Int32Array {
  return new BatchWalker(engine, t, options).walkFlows(flows, options.onProgress);
}

/** Explanations of the flows at `which` (e.g. the blocked ones a report shows), as `trace` words them. */
export function explainFlows(engine: Engine, t: Topology, flows: readonly BatchFlow[], which: readonly number[], options: BatchWalkOptions = {}): WalkResult[] {
  return new BatchWalker(engine, t, options).explain(flows, which);
}

/** The first blocker of an explanation, or undefined for a reachable flow. */
export function blockerOf(r: WalkResult): FlowBlocker | undefined {
  const b: BlockedAt | undefined = r.blockedAt ?? r.blockers[0];
  if (!b) return undefined;
  const out: FlowBlocker = { code: codeName(b.code), component: b.component, type: b.type, id: b.id, direction: b.direction, detail: b.detail };
  if (b.rule !== undefined) out.rule = b.rule;
  return out;
}
