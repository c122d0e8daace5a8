// The Monte Carlo boundary between the plan (what to draw and what to ask, built by ./plan.ts from the
// scenario and the topology) and the trial loop (runTrials, in WebAssembly): plain numbers and typed
// arrays only, so a plan crosses to worker threads by structured clone. /work/team/mc-contract.md.
import type { FlowBatch } from '../../../bindings/network.js';
import type { NetworkImage } from '../../compile/image.js';

/** One independent Bernoulli draw per trial (MC-1, MC-12, MC-13). */
export interface TrialUnit {
  /**
   * Stable 32-bit address of the unit's draw: (class code << 24) | index within the class (MC-10), so
   * trial i draws uniform(seed, i, key) whatever the worker or shard that runs it.
   */
  key: number;
  /** Down when the draw is below it; 0 < probability <= 1 (units that never fail are left out). */
  probability: number;
  /** Dense failable component ids the unit takes down (an AZ unit: the AZ; the engine cascades, MC-2). */
  components: number[];
  /** For people: the component or group the unit stands for. */
  label: string;
}

export interface TrialQuery {
  name: string;
  /** The engine's origin value of the query's flows (FlowColumn.Origin). */
  origin: number;
  /** The query's packets: one per elementary source-port interval (TRACE-4); reachable iff one is. */
  flows: FlowBatch;
}

export interface TrialPlan {
  /** The compiled topology whose dense component ids the units use; runTrials loads it when needed. */
  image: NetworkImage;
  units: TrialUnit[];
  queries: TrialQuery[];
}

/**
 * Why a query failed in some trials: the first blocking hop (MC-14), named as a hop record names it
 * (HopComponent kind and dense id, explanation code).
 */
export interface TrialCause {
  query: number;
  hopComponent: number;
  component: number;
  code: number;
  trials: number;
}

/** Counts of a run of trials; runs merge by adding (MC-11). */
export interface TrialCounts {
  trials: number;
  /** Per query (plan order): trials in which the query was reachable. */
  successes: number[];
  causes: TrialCause[];
}

/**
 * MC-15: exact availability of one query; the true value lies in [availability, availability + bound].
 * `complete`: the unexplored mass is below the enumeration's threshold (else sampling stands).
 */
export interface ExactResult {
  availability: number;
  bound: number;
  states: number;
  complete: boolean;
}

/** Unit key class codes (high byte of TrialUnit.key). */
export const UnitClass = {
  availabilityZone: 1,
  natGateway: 2,
  vpnTunnel: 3,
  directConnectConnection: 4,
  transitGatewayAttachment: 5,
  instance: 6,
  group: 7,
} as const;

/** Units per class a key can address (24 bits of index). */
export const MAX_UNITS_PER_CLASS = 1 << 24;

export function unitKey(classCode: number, index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_UNITS_PER_CLASS) throw new RangeError(`unit index ${index} out of range`);
  return ((classCode << 24) | index) >>> 0;
}
