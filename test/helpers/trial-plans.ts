// Trial plans for the Monte Carlo tests (mc-front builds the real ones from scenario files): units
// named by the ids the engine's component table uses (FailableComponent.id: AWS id, AZ name,
// `<vpn id>#tunnelN`), queries resolved exactly as trace() resolves them (TRACE-4: one flow per
// elementary source-port interval), and the test-only TypeScript trial loop over the reference walk
// with the same draws (MC-10), which is the spec the engine's trial loop must match trial by trial.
import { Origin } from '../../abi/batch.js';
import { Code } from '../../abi/codes.js';
import { DownRoot, HopComponent, HopKind, HopNote } from '../../abi/hops.js';
import { wordWalk } from '../../src/analyze/hop-text/index.js';
import { referenceHops } from '../../src/reference/walk.js';
import type { WalkTrace } from '../../src/walk/hop.js';
import { flowBatch } from '../../src/analyze/engine-trace.js';
import { wordsValue } from '../../src/analyze/engine-hops.js';
import { causeNamed } from '../../src/analyze/hop-text/index.js';
import type { TrialPlan, TrialUnit } from '../../src/analyze/montecarlo/types.js';
import { isResolved, resolveTrace } from '../../src/analyze/resolve.js';
import { referenceWalk } from '../../src/analyze/trace-reference.js';
import type { TraceQuery } from '../../src/analyze/trace.js';
import { compileTopology, type NetworkImage } from '../../src/compile/index.js';
import { Random } from '../../src/generate/random.js';
import { networkIndex } from '../../src/model/network-index.js';
import type { Topology } from '../../src/model/types.js';
import type { Flow, FlowOrigin } from '../../src/walk/flow.js';
import { fastDraws } from './trial-random.js';

export interface UnitSpec {
  key: number;
  probability: number;
  /** FailableComponent ids (image.componentIds keys). */
  components: string[];
  label?: string;
}

export interface QuerySpec extends TraceQuery {
  name: string;
}

/** A query's packets with their reference-walk form. */
export interface ResolvedQuery {
  origin: FlowOrigin;
  flows: Flow[];
  /** Per flow, when the flows start in different places (random test queries). */
  origins?: FlowOrigin[];
}

export interface TestPlan {
  t: Topology;
  image: NetworkImage;
  plan: TrialPlan;
  resolved: ResolvedQuery[];
}

function originId(image: NetworkImage, origin: FlowOrigin): number {
  switch (origin.kind) {
    case 'network-interface':
      return image.names.networkInterfaces.findIndex((e) => e.id === origin.networkInterfaceId);
    case 'internet':
      return Origin.Internet;
    case 'on-premises':
      return origin.via === undefined ? Origin.OnPremises : Origin.OnPremisesVia - image.names.onPremConnections.findIndex((c) => c.id === origin.via);
  }
}

export function unitOf(image: NetworkImage, spec: UnitSpec): TrialUnit {
  const components = spec.components.map((id) => {
    const c = image.componentIds.get(id);
    if (c === undefined) throw new Error(`test plan: no failable component ${id}`);
    return c;
  });
  return { key: spec.key, probability: spec.probability, components, label: spec.label ?? spec.components.join('+') };
}

export function testPlan(t: Topology, units: UnitSpec[], queries: QuerySpec[], image: NetworkImage = compileTopology(t)): TestPlan {
  const resolved: ResolvedQuery[] = [];
  const plan: TrialPlan = {
    image,
    units: units.map((u) => unitOf(image, u)),
    queries: queries.map((q) => {
      const r = resolveTrace(t, q);
      if (!isResolved(r)) throw new Error(`test plan: query ${q.name} does not resolve: ${r.detail}`);
      resolved.push({ origin: r.origin, flows: r.flows });
      const origin = originId(image, r.origin);
      return { name: q.name, origin, flows: flowBatch(r.flows, origin, -1) };
    }),
  };
  return { t, image, plan, resolved };
}

/** One unit per failable component of the image with probability p (class code 1, index = component id), keyed by component id. */
export function everyComponentFails(image: NetworkImage, p: (id: number) => number): UnitSpec[] {
  return image.components.flatMap((c, i) => (p(i) > 0 ? [{ key: (1 << 24) | i, probability: p(i), components: [c.id] }] : []));
}

/**
 * Random units over a topology's failable components: each component fails alone with a probability
 * drawn from `probabilities`, plus `groups` correlated groups of 2-4 random components (MC-13).
 */
export function randomUnits(image: NetworkImage, rng: Random, probabilities: number[], groups = 2): UnitSpec[] {
  const units: UnitSpec[] = [];
  image.components.forEach((c, i) => {
    const p = probabilities[rng.nextUint32() % probabilities.length]!;
    if (p > 0) units.push({ key: (1 << 24) | i, probability: p, components: [c.id] });
  });
  for (let g = 0; g < groups && image.components.length > 0; g++) {
    const members = new Set<string>();
    const size = 2 + (rng.nextUint32() % 3);
    for (let k = 0; k < size; k++) members.add(image.components[rng.nextUint32() % image.components.length]!.id);
    units.push({ key: (7 << 24) | g, probability: probabilities[rng.nextUint32() % probabilities.length]! || 0.1, components: [...members] });
  }
  return units;
}

// ---- the reference trial loop (the spec) ------------------------------------------------------

export interface ReferenceOutcome {
  verdict: number;
  /** Logical id and AWS type of the primary flow's first blocker (MC-14); '' when reachable. */
  component: string;
  type: string;
}

/**
 * Trials [trialStart, trialStart + count) through the reference walk: unit u is down in trial i iff
 * uniform(seed, i, key_u) < p_u (MC-10, test/helpers/trial-random.ts, drawn by its BigInt-free
 * fastDraws, checked against uniform() bit for bit in test/montecarlo/trial-random.test.ts); the down set is the union of
 * the failed units' component ids; a query is reachable iff one of its flows is (TRACE-4), else its
 * cause is the first blocker of its primary flow (the first flow reachable with nothing down, else
 * the first flow).
 */
export function referenceTrials(tp: TestPlan, seed: number, trialStart: number, count: number): ReferenceOutcome[][] {
  const { t, image, plan, resolved } = tp;
  const originOf = (q: ResolvedQuery, j: number) => q.origins?.[j] ?? q.origin;
  const primary = resolved.map((q) => Math.max(0, q.flows.findIndex((f, j) => referenceWalk(t, f, originOf(q, j)).verdict === 0)));
  const draws = fastDraws(seed, plan.units.map((u) => u.key), plan.units.map((u) => u.probability));
  const out: ReferenceOutcome[][] = [];
  for (let i = trialStart; i < trialStart + count; i++) {
    const down = new Set<string>();
    for (const u of draws(i)) for (const c of plan.units[u]!.components) down.add(image.components[c]!.id);
    out.push(resolved.map((q, k) => {
      const hops = referenceHops(t, q.flows[primary[k]!]!, originOf(q, primary[k]!), { down });
      if (hops.verdict === 0 || q.flows.some((f, j) => j !== primary[k] && referenceWalk(t, f, originOf(q, j), { down }).verdict === 0)) {
        return { verdict: 0, component: '', type: '' };
      }
      return { verdict: hops.verdict, ...causeOf(t, hops) };
    }));
  }
  return out;
}

/**
 * MC-14: the first blocking hop's component as the answer names it, except a source, destination or NAT
 * gateway down because its AZ or subnet is (DownRoot in the hop's Ref / Ref2): then that AZ or subnet.
 */
function causeOf(t: Topology, hops: WalkTrace): { component: string; type: string } {
  const blocking = [...hops.forward, ...hops.response].find((h) => h.code !== 0)!;
  const downHop = (blocking.kind === HopKind.NETWORK_INTERFACE && blocking.note === HopNote.Down) || (blocking.kind === HopKind.NAT_GATEWAY && blocking.note === HopNote.ZoneDown);
  if (downHop && blocking.code === Code.BAD_STATE && blocking.ref === DownRoot.Zone) return { component: networkIndex(t).availabilityZones[blocking.ref2]!, type: 'AWS::EC2::AvailabilityZone' };
  if (downHop && blocking.code === Code.BAD_STATE && blocking.ref === DownRoot.Subnet) return { component: t.subnets[blocking.ref2]!.logicalId, type: 'AWS::EC2::Subnet' };
  // A hop without a model object (or an Amazon-provided service) is named by what the walk reached.
  if (blocking.component === HopComponent.None) return causeNamed({ t, ix: networkIndex(t) }, HopComponent.None, blocking.kind, blocking.code);
  if (blocking.component === HopComponent.AmazonService) return causeNamed({ t, ix: networkIndex(t) }, blocking.component, blocking.id, blocking.code);
  const worded = wordWalk(t, hops).blockedAt;
  return { component: worded?.component ?? '', type: worded?.type ?? '' };
}

/** An engine outcome's blocking hop named as the reference names it (src/analyze/hop-text). */
export function engineOutcomeNamed(tp: TestPlan, verdict: number, hopComponent: number, component: number): ReferenceOutcome {
  if (verdict === 0) return { verdict: 0, component: '', type: '' };
  return { verdict, ...causeNamed({ t: tp.t, ix: networkIndex(tp.t) }, hopComponent, component, verdict) };
}

/** A flow and where it starts (the shape of test/helpers/walk-differential.ts randomCases). */
export interface FlowCase {
  origin: FlowOrigin;
  originEni: number;
  flow: Flow;
}

/** A plan whose queries are random flows: query k takes the next `sizes[k % sizes.length]` cases (TRACE-4: reachable iff one is). */
export function casesPlan(t: Topology, units: UnitSpec[], cases: FlowCase[], sizes: number[] = [1, 2, 1, 3], image: NetworkImage = compileTopology(t)): TestPlan {
  const resolved: ResolvedQuery[] = [];
  const queries: TrialPlan['queries'] = [];
  for (let at = 0, k = 0; at < cases.length; k++) {
    const group = cases.slice(at, at + sizes[k % sizes.length]!);
    at += group.length;
    const flows = group.map((c) => c.flow);
    resolved.push({ origin: group[0]!.origin, flows, origins: group.map((c) => c.origin) });
    const batch = flowBatch(flows, 0, -1);
    group.forEach((c, i) => {
      batch.origin[i] = c.originEni;
    });
    queries.push({ name: `q${k}`, origin: group[0]!.originEni, flows: batch });
  }
  return { t, image, plan: { image, units: units.map((u) => unitOf(image, u)), queries }, resolved };
}

/** A plan built elsewhere (mc-front's buildTrialPlan) with its packets in the reference walk's form, for referenceTrials. */
export function fromTrialPlan(t: Topology, plan: TrialPlan): TestPlan {
  const { image } = plan;
  const originOf = (o: number): FlowOrigin => {
    if (o >= 0) return { kind: 'network-interface', networkInterfaceId: image.names.networkInterfaces[o]!.id };
    if (o === Origin.Internet) return { kind: 'internet' };
    if (o === Origin.OnPremises) return { kind: 'on-premises' };
    return { kind: 'on-premises', via: image.names.onPremConnections[Origin.OnPremisesVia - o]!.id };
  };
  const resolved = plan.queries.map((q): ResolvedQuery => {
    const b = q.flows;
    const flows = Array.from(b.origin, (_, i): Flow => {
      const family = b.family[i] === 6 ? 6 : 4;
      return {
        family, src: wordsValue(family, b.src, 4 * i), dst: wordsValue(family, b.dst, 4 * i), protocol: b.protocol[i]!,
        srcPort: b.srcPort[i]!, dstPort: b.dstPort[i]!, icmpType: b.icmpType[i]!, icmpCode: b.icmpCode[i]!,
      };
    });
    const origins = Array.from(b.origin, originOf);
    return { origin: origins[0]!, flows, origins };
  });
  return { t, image, plan, resolved };
}
