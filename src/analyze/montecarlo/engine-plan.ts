// A TrialPlan (./types.ts) on an engine: loads the plan's compiled image and the plan into the engine
// when it holds something else (the engine says what it holds: a reset, another image or another
// plan in between is noticed), so runTrials and exactAvailability can be called with the same plan
// again and again (a worker keeps its engine and its loaded plan).
import type { Engine } from '../../../bindings/engine.js';
import type { EnginePlan } from '../../../bindings/montecarlo.js';
import { allocateFlowBatch } from '../../../bindings/network.js';
import type { TrialPlan } from './types.js';

/** The plan as the engine takes it: units as structure of arrays, every query's flows in one batch. */
export function enginePlan(plan: TrialPlan): EnginePlan {
  const units = plan.units.length;
  const keys = new Uint32Array(units);
  const probabilities = new Float64Array(units);
  const componentStart = new Int32Array(units + 1);
  plan.units.forEach((u, i) => {
    if (!Number.isInteger(u.key) || u.key < 0 || u.key > 0xffffffff) throw new RangeError(`trial plan: unit ${u.label} has key ${u.key}, want a 32-bit unsigned integer`);
    keys[i] = u.key;
    probabilities[i] = u.probability;
    componentStart[i + 1] = componentStart[i]! + u.components.length;
  });
  const components = Int32Array.from(plan.units.flatMap((u) => u.components));
  const flowStart = new Int32Array(plan.queries.length + 1);
  plan.queries.forEach((q, i) => {
    flowStart[i + 1] = flowStart[i]! + q.flows.origin.length;
  });
  const n = flowStart[plan.queries.length]!;
  const flows = allocateFlowBatch(n);
  plan.queries.forEach((q, i) => {
    const at = flowStart[i]!;
    const m = q.flows.origin.length;
    flows.origin.set(q.flows.origin.subarray(0, m), at);
    flows.family.set(q.flows.family.subarray(0, m), at);
    flows.protocol.set(q.flows.protocol.subarray(0, m), at);
    flows.srcPort.set(q.flows.srcPort.subarray(0, m), at);
    flows.dstPort.set(q.flows.dstPort.subarray(0, m), at);
    flows.icmpType.set(q.flows.icmpType.subarray(0, m), at);
    flows.icmpCode.set(q.flows.icmpCode.subarray(0, m), at);
    flows.src.set(q.flows.src.subarray(0, 4 * m), 4 * at);
    flows.dst.set(q.flows.dst.subarray(0, 4 * m), 4 * at);
  });
  return { keys, probabilities, componentStart, components, componentCount: plan.image.components.length, flowStart, flows };
}

/** Makes `engine` hold the plan's image and the plan. */
export function preparePlan(engine: Engine, plan: TrialPlan): void {
  if (engine.loadedTrialPlan() === plan && engine.loadedNetwork() === plan.image) return;
  if (engine.loadedNetwork() !== plan.image) {
    engine.reset();
    engine.loadNetwork(plan.image);
  }
  engine.loadTrialPlan(enginePlan(plan), plan);
}
