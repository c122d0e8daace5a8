// trace() on the WASM engine (issue 5): the topology is compiled once per Topology object and loaded
// into the engine; the query's packets (TRACE-4: one per elementary source-port interval) cross the
// boundary as ONE traced batch; the engine's verdicts decide the answer and the working source ports,
// and the engine's own hop records of the packet shown are worded by ./engine-explain.ts (actions,
// translated addresses, rule labels), without walking the packet again.
// Every query option is the engine's: components that are down (TRACE-12, MC-1..7) as its down set (a
// bitset over the image's component ids), `allBlocking` (TRACE-8) and `responseAfter` (the idle-timeout
// clock of its conntrack). trace() never walks the reference: that is traceReference(), the spec.
import type { Engine } from '../../bindings/engine.js';
import { lazyEngine } from '../../bindings/lazy.js';
import { writePacket } from '../../bindings/columns.js';
import { allocateFlowBatch, type FlowBatch, type WalkBatchResult } from '../../bindings/network.js';
import { addressWords } from '../compile/address.js';
import { compileTopology, downBits, type NetworkImage } from '../compile/index.js';
import { Origin, VERDICT_UNSUPPORTED } from '../../abi/batch.js';
import { NONE } from '../../abi/version.js';
import { positionMap } from '../model/list-index.js';
import type { Topology } from '../model/types.js';
import type { Flow, FlowOrigin } from '../walk/flow.js';
import { answerFor, unresolvable } from './answer.js';
import { explainEngineFlow } from './engine-explain.js';
import type { QueryWords } from './query-checks.js';
import { isResolved, resolveTrace, type ResolvedTrace } from './resolve.js';
import { walkOptionsOf, type TraceAnswer, type TraceQuery } from './trace.js';
import type { WalkOptions } from '../walk/result.js';

export interface TraceOptions {
  /**
   * The engine to walk on; default: one loaded lazily by the entry point (Node: build/release.wasm;
   * browser: fetched next to the bundle). trace() owns the network loaded in it: tracing another
   * Topology object resets the engine (Engine.reset(), which also frees LPM tables built on it).
   */
  engine?: Engine;
  /** How errors name the query's fields; default the library's (`query.port`), the CLI passes its flags. */
  words?: QueryWords;
}

export type TraceFunction = (t: Topology, q: TraceQuery, options?: TraceOptions) => Promise<TraceAnswer>;

/** A topology as the engine knows it: the image and dense ids of the origins a query can start from. */
export interface Compiled {
  image: NetworkImage;
  eni: Map<string, number>;
  connection: Map<string, number>;
}

const compiled = new WeakMap<Topology, Compiled>();

function compiledOf(image: NetworkImage): Compiled {
  // positionMap: through the list's key index on a cached Topology (a trace asks for one or two ENIs of 100,000).
  return { image, eni: positionMap(image.names.networkInterfaces), connection: positionMap(image.names.onPremConnections) };
}

/** The topology compiled once per Topology object (shared by trace() and Monte Carlo plans). */
export function compile(t: Topology, onProgress?: (done: number, total: number) => void): Compiled {
  let c = compiled.get(t);
  if (!c) {
    c = compiledOf(compileTopology(t, onProgress));
    compiled.set(t, c);
  }
  return c;
}

/** Gives `t` the image compiled from it earlier (the CLI's image cache, ./image-cache/), so trace() loads it instead of compiling. */
export function useCompiledImage(t: Topology, image: NetworkImage): void {
  compiled.set(t, compiledOf(image));
}

/** Loads the topology's image unless the engine holds it (it says what it holds: a Monte Carlo plan or another trace may have replaced it). */
export function prepare(engine: Engine, t: Topology): Compiled {
  const c = compile(t);
  if (engine.loadedNetwork() !== c.image) {
    engine.reset();
    engine.loadNetwork(c.image);
  }
  return c;
}

/** The engine's origin column value (FlowColumn.Origin), or undefined when the image has no such origin. */
export function originId(c: Compiled, origin: FlowOrigin): number | undefined {
  switch (origin.kind) {
    case 'network-interface':
      return c.eni.get(origin.networkInterfaceId);
    case 'internet':
      return Origin.Internet;
    case 'on-premises': {
      if (origin.via === undefined) return Origin.OnPremises;
      const index = c.connection.get(origin.via);
      return index === undefined ? undefined : Origin.OnPremisesVia - index;
    }
  }
}

/** The engine's destination column value (FlowColumn.Destination, TRACE-13): the dense id of the query's ENI, or NONE. */
export function destinationId(c: Compiled, resolved: ResolvedTrace): number {
  if (resolved.destination === undefined) return NONE;
  const id = c.eni.get(resolved.destination);
  if (id === undefined) throw new Error(`vpcsim internal error: the compiled image has no network interface ${resolved.destination}; please report it`);
  return id;
}

/**
 * A query's packets as one engine batch (TRACE-4: one per elementary source-port interval), all from
 * `origin`; `destination` is the ENI they must arrive at (TRACE-13), -1 for any.
 */
export function flowBatch(flows: readonly Flow[], origin: number, destination: number): FlowBatch {
  const b = allocateFlowBatch(flows.length);
  flows.forEach((f, i) => writeFlow(b, i, origin, destination, f));
  return b;
}

/** Writes `f` into row `i` of a batch, starting at engine origin `origin`, addressed to ENI `destination` (or NONE). */
export function writeFlow(b: FlowBatch, i: number, origin: number, destination: number, f: Flow): void {
  b.origin[i] = origin;
  b.destination[i] = destination;
  b.icmpType[i] = f.icmpType;
  b.icmpCode[i] = f.icmpCode;
  writePacket(b, i, f.family, f.protocol, f.srcPort, f.dstPort, addressWords(f.family, f.src), addressWords(f.family, f.dst));
}

/** trace() on a given engine, with the query's options: components down, allBlocking, responseAfter. */
export function traceOnEngine(engine: Engine, t: Topology, resolved: ResolvedTrace, options: WalkOptions = {}): TraceAnswer {
  const c = prepare(engine, t);
  const origin = originId(c, resolved.origin);
  // resolveTrace() only yields origins of the topology, and the image numbers all of them.
  if (origin === undefined) throw new Error(`vpcsim internal error: the compiled image has no origin for ${JSON.stringify(resolved.origin)}; please report it`);
  const down = options.down ? downBits(c.image.componentIds, c.image.components.length, options.down) : undefined;
  const allBlocking = options.allBlocking ?? false;
  const result = engine.walkBatch(flowBatch(resolved.flows, origin, destinationId(c, resolved)), { trace: true, allBlocking, responseAfter: options.responseAfter ?? 0, ...(down ? { down } : {}) });
  // 255 only for an origin the image does not know (excluded above) or a route target kind it does not have.
  if (result.verdicts.includes(VERDICT_UNSUPPORTED)) throw new Error('vpcsim internal error: the WASM engine did not walk a flow of this query (verdict 255); please report it');
  return answerFor(t, resolved, result.verdicts, (i) => explainEngineFlow(t, c.image, result, i, resolved.flows[i]!, allBlocking));
}

/**
 * The library trace(): `loadEngine` is the entry point's loader (Node or browser), called once, on
 * the first trace that needs the engine.
 */
export function createTrace(loadEngine: () => Promise<Engine>): TraceFunction {
  const defaultEngine = lazyEngine(loadEngine);
  return async (t, q, options = {}) => {
    const resolved = resolveTrace(t, q, options.words);
    if (!isResolved(resolved)) return unresolvable(resolved);
    return traceOnEngine(options.engine ?? (await defaultEngine()), t, resolved, walkOptionsOf(q));
  };
}
