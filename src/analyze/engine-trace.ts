// trace() on the WASM engine (issue 5): the topology is compiled once per Topology object and loaded
// into the engine; the query's packets (TRACE-4: one per elementary source-port interval) cross the
// boundary as ONE traced batch; the engine's verdicts decide the answer and the working source ports,
// and the engine's own hop records of the packet shown are worded by ./engine-explain.ts (actions,
// translated addresses, rule labels), without walking the packet again.
// Components that are down (TRACE-12, MC-1..7) go to the engine as its down set (a bitset over the
// image's component ids). The engine stops at the first blocker and answers the response at once, so
// queries with `allBlocking` (TRACE-8) or `responseAfter` still go to the reference walk.
import type { Engine } from '../../bindings/engine.js';
import { allocateFlowBatch, type FlowBatch, type WalkBatchResult } from '../../bindings/network.js';
import { addressWords } from '../compile/address.js';
import { compileTopology, downBits, type NetworkImage } from '../compile/index.js';
import { Origin, VERDICT_UNSUPPORTED } from '../../abi/batch.js';
import type { Topology } from '../model/types.js';
import type { FlowOrigin } from '../walk/flow.js';
import { answerFor, unresolvable } from './answer.js';
import { explainEngineFlow } from './engine-explain.js';
import { isResolved, resolveTrace, type ResolvedTrace } from './resolve.js';
import { referenceAnswer } from './trace-reference.js';
import { walkOptionsOf, type TraceAnswer, type TraceQuery } from './trace.js';

export interface TraceOptions {
  /**
   * The engine to walk on; default: one loaded lazily by the entry point (Node: build/release.wasm;
   * browser: fetched next to the bundle). trace() owns the network loaded in it: tracing another
   * Topology object resets the engine (Engine.reset(), which also frees LPM tables built on it).
   */
  engine?: Engine;
}

export type TraceFunction = (t: Topology, q: TraceQuery, options?: TraceOptions) => Promise<TraceAnswer>;

/** A topology as the engine knows it: the image and dense ids of the origins a query can start from. */
export interface Compiled {
  image: NetworkImage;
  eni: Map<string, number>;
  connection: Map<string, number>;
}

const compiled = new WeakMap<Topology, Compiled>();
/** Which topology each engine has loaded. */
const loaded = new WeakMap<Engine, Topology>();

/** The topology compiled once per Topology object (shared by trace() and Monte Carlo plans). */
export function compile(t: Topology): Compiled {
  let c = compiled.get(t);
  if (!c) {
    const image = compileTopology(t);
    const ids = (list: { id: string }[]) => new Map(list.map((x, i) => [x.id, i]));
    c = { image, eni: ids(image.names.networkInterfaces), connection: ids(image.names.onPremConnections) };
    compiled.set(t, c);
  }
  return c;
}

function prepare(engine: Engine, t: Topology): Compiled {
  const c = compile(t);
  if (loaded.get(engine) !== t) {
    engine.reset();
    loaded.delete(engine);
    engine.loadNetwork(c.image);
    loaded.set(engine, t);
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

/** The query's packets as one engine batch (TRACE-4: one per elementary source-port interval). */
export function flowBatch(resolved: ResolvedTrace, origin: number): FlowBatch {
  const b = allocateFlowBatch(resolved.flows.length);
  resolved.flows.forEach((f, i) => {
    b.origin[i] = origin;
    b.family[i] = f.family;
    b.protocol[i] = f.protocol;
    b.srcPort[i] = f.srcPort;
    b.dstPort[i] = f.dstPort;
    b.icmpType[i] = f.icmpType;
    b.icmpCode[i] = f.icmpCode;
    b.src.set(addressWords(f.family, f.src), 4 * i);
    b.dst.set(addressWords(f.family, f.dst), 4 * i);
  });
  return b;
}

/** trace() on a given engine; `down`: ids of components that are down (TRACE-12). */
export function traceOnEngine(engine: Engine, t: Topology, resolved: ResolvedTrace, down?: ReadonlySet<string>): TraceAnswer {
  const c = prepare(engine, t);
  const origin = originId(c, resolved.origin);
  const options = down ? { down } : {};
  if (origin === undefined) return referenceAnswer(t, resolved, options);
  const bits = down ? downBits(c.image.componentIds, c.image.components.length, down) : undefined;
  const result = engine.walkBatch(flowBatch(resolved, origin), { trace: true, ...(bits ? { down: bits } : {}) });
  // 255: a packet the engine does not walk (an origin the image does not know): the reference does.
  if (result.verdicts.includes(VERDICT_UNSUPPORTED)) return referenceAnswer(t, resolved, options);
  return answerFor(t, resolved, result.verdicts, (i) => explainEngineFlow(t, c.image, result, i, resolved.flows[i]!));
}

/**
 * The library trace(): `loadEngine` is the entry point's loader (Node or browser), called once, on
 * the first trace that needs the engine.
 */
export function createTrace(loadEngine: () => Promise<Engine>): TraceFunction {
  let engine: Promise<Engine> | undefined;
  const defaultEngine = (): Promise<Engine> => {
    engine ??= loadEngine().catch((err: unknown) => {
      engine = undefined; // a later call may retry (e.g. after the .wasm is built)
      throw err;
    });
    return engine;
  };
  return async (t, q, options = {}) => {
    const resolved = resolveTrace(t, q);
    if (!isResolved(resolved)) return unresolvable(resolved);
    const walkOptions = walkOptionsOf(q);
    if (walkOptions?.allBlocking || walkOptions?.responseAfter) return referenceAnswer(t, resolved, walkOptions);
    return traceOnEngine(options.engine ?? (await defaultEngine()), t, resolved, walkOptions?.down);
  };
}
