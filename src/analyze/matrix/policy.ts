// `vpcsim check` / checkPolicy() (issue 15 §3): each assertion's selectors become endpoints (instances,
// or addresses and names `trace` resolves), its protocol and ports become representative packets (one
// per elementary port interval of the topology's rules, TRACE-4's argument applied to destination ports),
// and every (source, destination, packet) is walked on the engine in batches. Instances that behave
// alike are walked once (MATRIX-2). A violated assertion lists its first witnesses, explained as `trace`
// explains them (POLICY-1).
import { PAIR_NO_FLOW } from '../../../abi/class-pairs.js';
import { NONE } from '../../../abi/version.js';
import type { Engine } from '../../../bindings/engine.js';
import { pairFlowCount, type PairFlows } from '../../../bindings/network.js';
import { isPublicAddress } from '../../model/address-classes.js';
import { InputError } from '../../model/errors.js';
import { formatAddress, type Prefix } from '../../model/ip.js';
import { quote } from '../../model/printable.js';
import { PROTOCOL_ICMP, PROTOCOL_TCP, PROTOCOL_UDP } from '../../model/protocols.js';
import type { Resource, Topology } from '../../model/types.js';
import { BatchWalker, blockerOf, type BatchFlow, type FlowBlocker } from '../batch-walk.js';
import { listEndpoints } from '../endpoint-list.js';
import { isResolved, resolveTrace } from '../resolve.js';
import { KEY_WORDS } from '../query-checks.js';
import { elementaryIntervals, portCuts } from '../source-ports.js';
import { MATRIX_SOURCE_PORT, memberFlow } from './matrix.js';
import { CLASS_PAIR_CALL_FLOWS, portArrays, walkJobRange } from './class-walk.js';
import { groupMembers, ipv4Prefixes, type Grouping, type Member } from './members.js';
import type { MatrixPort } from './ports.js';
import type { Policy, PolicyAssertion, Selector } from './policy-parse.js';

/** Witnesses listed per violated assertion. */
export const MAX_WITNESSES = 10;
/** The most flows one engine pair job may hold (walkPairs: an i32 flow index). Tests lower it to walk sources in several blocks. */
export const policyLimits = { jobFlows: 2 ** 31 - 1 };
/** Flows walked per engine call while looking for witnesses (instance pairs: the first call's; later ones grow). */
const CHUNK = 16_384;

/** A source or destination: an instance (a member), or what `trace` resolves from text (address, service, NAT gateway ...). */
type PolicyEndpoint = { kind: 'member'; member: number } | { kind: 'trace'; text: string };

export interface PolicyWitness {
  from: string;
  to: string;
  source: string;
  destination: string;
  /** `tcp/22`, `udp/53`, `icmp`; `ports` is the interval the packet stands for, when wider. */
  port: string;
  ports?: string;
  reachable: boolean;
  /** Blocked: the first blocker, as trace names it. */
  blockedBy?: FlowBlocker;
  /** Reachable: the forward and return paths, hop by hop (`component: action`), as trace words them. */
  path?: string[];
  returnPath?: string[];
}

export interface AssertionResult {
  name: string;
  expect: 'reachable' | 'unreachable';
  holds: boolean;
  /** Packets walked (source x destination x representative port). */
  flows: number;
  /** Up to MAX_WITNESSES flows that contradict the expectation, in selector order. */
  witnesses: PolicyWitness[];
}

export interface PolicyResult {
  file: string;
  passed: number;
  failed: number;
  assertions: AssertionResult[];
}

/** Addresses standing for the internet: one in each public prefix the rules name, and one outside all (POLICY-2). */
function internetAddresses(t: Topology): string[] {
  const prefixes = ipv4Prefixes(t).filter((p) => p.len > 0 && isPublicAddress(4, p.addr));
  const unique = new Map<string, Prefix>(prefixes.map((p) => [p.text, p]));
  const inside = (v: bigint) => [...unique.values()].some((p) => v >> BigInt(32 - p.len) === p.addr >> BigInt(32 - p.len));
  const out = [...unique.values()].map((p) => formatAddress(4, p.len >= 31 ? p.addr : p.addr + 10n));
  const outside = ['8.8.8.8', '1.1.1.1', '9.9.9.9', '208.67.222.222'].find((a) => !inside(BigInt(a.split('.').reduce((v, x) => v * 256 + Number(x), 0))));
  if (outside) out.unshift(outside);
  return [...new Set(out)];
}

class Resolver {
  private readonly byKey = new Map<string, Map<string, number[]>>();

  constructor(
    private readonly t: Topology,
    readonly g: Grouping,
    private readonly file: string,
  ) {}

  /** Members of the resources of a kind whose logical id, AWS id or Name tag is `text`. */
  private membersOf(kind: 'instance' | 'subnet' | 'vpc' | 'securityGroup', text: string): number[] | undefined {
    let index = this.byKey.get(kind);
    if (!index) {
      index = new Map();
      const add = (r: Resource, m: number) => {
        for (const k of new Set([r.logicalId, r.id, ...(r.name !== undefined ? [r.name] : [])])) index!.set(k, [...(index!.get(k) ?? []), m]);
      };
      const subnets = new Map(this.t.subnets.map((s) => [s.id, s]));
      const vpcs = new Map(this.t.vpcs.map((v) => [v.id, v]));
      const sgs = new Map(this.t.securityGroups.map((s) => [s.id, s]));
      this.g.members.forEach((m, i) => {
        if (kind === 'instance') add(m.instance, i);
        if (kind === 'subnet') add(subnets.get(m.subnet.id)!, i);
        if (kind === 'vpc') add(vpcs.get(m.subnet.vpcId)!, i);
        if (kind === 'securityGroup') for (const id of m.eni.securityGroupIds) if (sgs.has(id)) add(sgs.get(id)!, i);
      });
      this.byKey.set(kind, index);
    }
    return index.get(text);
  }

  private resourceExists(kind: 'subnet' | 'vpc' | 'securityGroup', text: string): boolean {
    const list: Resource[] = kind === 'subnet' ? this.t.subnets : kind === 'vpc' ? this.t.vpcs : this.t.securityGroups;
    return list.some((r) => r.logicalId === text || r.id === text || r.name === text);
  }

  /** POLICY-2: instances carrying the tag, or in a subnet or VPC, or with a security group, that carries it. */
  private tagged(key: string, value: string): number[] {
    const has = (r: Resource | undefined) => r !== undefined && (key === 'Name' ? r.name === value : r.tags?.[key] === value);
    const subnets = new Map(this.t.subnets.map((s) => [s.id, s]));
    const vpcs = new Map(this.t.vpcs.map((v) => [v.id, v]));
    const sgs = new Map(this.t.securityGroups.map((s) => [s.id, s]));
    return [...this.g.members.keys()].filter((i) => {
      const m = this.g.members[i]!;
      return has(m.instance) || has(subnets.get(m.subnet.id)) || has(vpcs.get(m.subnet.vpcId)) || m.eni.securityGroupIds.some((id) => has(sgs.get(id)));
    });
  }

  endpoints(s: Selector, a: PolicyAssertion, field: 'from' | 'to'): PolicyEndpoint[] {
    const fail = (detail: string) => new InputError(`assertion ${quote(a.name)}: ${field}: ${detail}`, { file: this.file });
    const members = (list: number[]) => list.map((member): PolicyEndpoint => ({ kind: 'member', member }));
    switch (s.kind) {
      case 'internet':
        return internetAddresses(this.t).map((text) => ({ kind: 'trace', text }));
      case 'on-premises': {
        const nets = listEndpoints(this.t).onPremises.filter((n) => !n.prefix.includes(':'));
        if (nets.length === 0) throw fail('on-premises: the design has no on-premises network (VPN static routes or BGP prefixes, Direct Connect prefixes)');
        return [...new Set(nets.map((n) => n.prefix))].map((prefix) => {
          const [addr, len] = prefix.split('/');
          const value = BigInt(addr!.split('.').reduce((v, x) => v * 256 + Number(x), 0));
          return { kind: 'trace', text: formatAddress(4, Number(len) >= 31 ? value : value + 10n) };
        });
      }
      case 'all-instances':
        return members([...this.g.members.keys()]);
      case 'cidr': {
        const p = s.prefix;
        if (p.family !== 4) throw fail(`${p.text}: vpcsim check selects IPv4 only`);
        const inside = [...this.g.members.keys()].filter((i) => p.len === 0 || BigInt(this.g.members[i]!.address) >> BigInt(32 - p.len) === p.addr >> BigInt(32 - p.len));
        if (inside.length > 0) return members(inside);
        return [{ kind: 'trace', text: formatAddress(4, p.len >= 31 ? p.addr : p.addr + 10n) }];
      }
      case 'subnet':
      case 'vpc':
      case 'securityGroup': {
        const found = this.membersOf(s.kind, s.ref);
        if (found) return members(found);
        if (this.resourceExists(s.kind, s.ref)) return [];
        throw fail(`no ${s.kind === 'securityGroup' ? 'security group' : s.kind} ${quote(s.ref)} (logical id, AWS id or Name tag)`);
      }
      case 'tag':
        return members(this.tagged(s.key, s.value));
      case 'id': {
        for (const kind of ['instance', 'subnet', 'vpc', 'securityGroup'] as const) {
          const found = this.membersOf(kind, s.text);
          if (found) return members(found);
        }
        return [{ kind: 'trace', text: s.text }];
      }
      case 'not': {
        const inner = new Set(this.endpoints(s.inner, a, field).flatMap((e) => (e.kind === 'member' ? [e.member] : [])));
        return members([...this.g.members.keys()].filter((i) => !inner.has(i)));
      }
    }
  }
}

/** The packets of an assertion: one per elementary destination-port interval of the rules (TCP/UDP), echo request for ICMP. */
function assertionPorts(t: Topology, a: PolicyAssertion): Array<{ port: MatrixPort; range?: string }> {
  const out: Array<{ port: MatrixPort; range?: string }> = [];
  const cuts = portCuts(t);
  for (const [name, protocol] of [['tcp', PROTOCOL_TCP], ['udp', PROTOCOL_UDP]] as const) {
    if (a.protocol !== name && a.protocol !== 'all') continue;
    for (const iv of elementaryIntervals(cuts, a.ports.from, a.ports.to)) {
      const entry: { port: MatrixPort; range?: string } = { port: { label: `${name}/${iv.from}`, protocol, port: iv.from } };
      if (iv.to > iv.from) entry.range = `${name}/${iv.from}-${iv.to}`;
      out.push(entry);
    }
  }
  if (a.protocol === 'icmp' || a.protocol === 'all') out.push({ port: { label: 'icmp', protocol: PROTOCOL_ICMP, port: 0 } });
  return out;
}

interface Candidate {
  flow: BatchFlow;
  from: string;
  to: string;
  source: string;
  destination: string;
  port: { port: MatrixPort; range?: string };
}

/** Instances reduced to their equivalence classes (MATRIX-2): the class's first member stands for the others. */
function representatives(g: Grouping, list: PolicyEndpoint[]): PolicyEndpoint[] {
  const seen = new Map<number, number>();
  const out: PolicyEndpoint[] = [];
  for (const e of list) {
    if (e.kind !== 'member') {
      out.push(e);
      continue;
    }
    const cls = g.classOf[e.member]!;
    const count = seen.get(cls) ?? 0;
    // Two per class: a class paired with itself needs two different members.
    if (count < 2) out.push(e);
    seen.set(cls, count + 1);
  }
  return out;
}

function candidate(t: Topology, g: Grouping, src: PolicyEndpoint, dst: PolicyEndpoint, port: { port: MatrixPort; range?: string }, file: string, a: PolicyAssertion): Candidate | undefined {
  if (src.kind === 'member' && dst.kind === 'member') {
    if (src.member === dst.member) return undefined;
    const x: Member = g.members[src.member]!;
    const y: Member = g.members[dst.member]!;
    return { flow: memberFlow(x, y, port.port), from: x.instance.logicalId, to: y.instance.logicalId, source: formatAddress(4, BigInt(x.address)), destination: formatAddress(4, BigInt(y.address)), port };
  }
  const text = (e: PolicyEndpoint) => (e.kind === 'member' ? g.members[e.member]!.instance.id : e.text);
  const label = (e: PolicyEndpoint) => (e.kind === 'member' ? g.members[e.member]!.instance.logicalId : e.text);
  const protocol = port.port.protocol === PROTOCOL_ICMP ? 'icmp' : port.port.protocol === PROTOCOL_TCP ? 'tcp' : 'udp';
  let r;
  try {
    r = resolveTrace(t, { from: text(src), to: text(dst), protocol, ...(protocol === 'icmp' ? {} : { port: port.port.port, sourcePort: MATRIX_SOURCE_PORT }), file }, KEY_WORDS);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`assertion ${quote(a.name)}: ${err.detail}`, { file });
    throw err;
  }
  if (!isResolved(r)) return undefined;
  return { flow: { origin: r.origin, flow: r.flows[0]!, ...(r.destination ? { destination: r.destination } : {}) }, from: label(src), to: label(dst), source: r.query.source, destination: r.query.destination, port };
}

function evaluate(engine: Engine, t: Topology, g: Grouping, resolver: Resolver, a: PolicyAssertion, file: string): AssertionResult {
  const sources = resolver.endpoints(a.from, a, 'from');
  const targets = resolver.endpoints(a.to, a, 'to');
  for (const [field, list] of [['from', sources], ['to', targets]] as const) {
    if (list.length === 0) throw new InputError(`assertion ${quote(a.name)}: ${field}: the selector matches no instance`, { file });
  }
  const ports = assertionPorts(t, a);
  const walker = new BatchWalker(engine, t);
  const wantReachable = a.expect === 'reachable';
  const witnesses: PolicyWitness[] = [];
  /** Adds the witnesses among `pending`'s flows whose verdicts contradict the expectation, explained as trace explains them. */
  const addWitnesses = (pending: Candidate[], verdicts: ArrayLike<number>): void => {
    const bad = [...pending.keys()].filter((i) => (verdicts[i] === 0) !== wantReachable).slice(0, MAX_WITNESSES - witnesses.length);
    const explained = walker.explain(pending.map((c) => c.flow), bad);
    bad.forEach((i, k) => {
      const c = pending[i]!;
      const w: PolicyWitness = { from: c.from, to: c.to, source: c.source, destination: c.destination, port: c.port.port.label, reachable: verdicts[i] === 0 };
      if (c.port.range) w.ports = c.port.range;
      const r = explained[k]!;
      const blocker = blockerOf(r);
      if (blocker) w.blockedBy = blocker;
      else {
        w.path = r.forward.map((h) => `${h.component}: ${h.action}`);
        w.returnPath = r.response.map((h) => `${h.component}: ${h.action}`);
      }
      witnesses.push(w);
    });
  };
  // MATRIX-2 holds between instances; a flow to or from an address or a service is walked per instance.
  const instancesOnly = [...sources, ...targets].every((e) => e.kind === 'member');
  const srcs = instancesOnly ? representatives(g, sources) : sources;
  const dsts = instancesOnly ? representatives(g, targets) : targets;
  let flows = 0;
  if (instancesOnly) flows = walkInstancePairs(walker, g, srcs, dsts, ports, wantReachable, (s, d, p) => candidate(t, g, srcs[s]!, dsts[d]!, ports[p]!, file, a)!, addWitnesses, () => witnesses.length >= MAX_WITNESSES);
  else {
    let pending: Candidate[] = [];
    const flush = (): void => {
      if (pending.length === 0) return;
      addWitnesses(pending, walker.walkFlows(pending.map((c) => c.flow)));
      flows += pending.length;
      pending = [];
    };
    outer: for (const src of srcs) {
      for (const dst of dsts) {
        for (const port of ports) {
          const c = candidate(t, g, src, dst, port, file, a);
          if (c) pending.push(c);
          if (pending.length >= CHUNK) {
            flush();
            if (witnesses.length >= MAX_WITNESSES) break outer;
          }
        }
      }
    }
    if (witnesses.length < MAX_WITNESSES) flush();
  }
  if (flows === 0) throw new InputError(`assertion ${quote(a.name)}: no flow between the selected endpoints (each side selects only the same one instance)`, { file });
  return { name: a.name, expect: a.expect, holds: witnesses.length === 0, flows, witnesses };
}

/**
 * Instance to instance: every (source, destination, packet) made and walked by the engine as one pair
 * job (no flow from an instance to itself), in calls of CHUNK flows growing to CLASS_PAIR_CALL_FLOWS, until `done`;
 * the flows that contradict the expectation, in order, go to `witness` as candidates. Returns the flows walked.
 */
function walkInstancePairs(
  walker: BatchWalker,
  g: Grouping,
  srcs: PolicyEndpoint[],
  dsts: PolicyEndpoint[],
  ports: Array<{ port: MatrixPort; range?: string }>,
  wantReachable: boolean,
  candidateAt: (s: number, d: number, p: number) => Candidate,
  witness: (pending: Candidate[], verdicts: ArrayLike<number>) => void,
  done: () => boolean,
): number {
  const member = (e: PolicyEndpoint) => g.members[(e as { member: number }).member]!;
  const ids = (list: PolicyEndpoint[]) => Int32Array.from(list, (e) => (e as { member: number }).member);
  const eni = (e: PolicyEndpoint) => walker.networkInterface(member(e).eni.id);
  const job: PairFlows = {
    sourceEni: Int32Array.from(srcs, eni),
    sourceAddress: Uint32Array.from(srcs, (e) => member(e).address),
    sourceId: ids(srcs),
    destinationEni: Int32Array.from(dsts, eni),
    destinationAddress: Uint32Array.from(dsts, (e) => member(e).address),
    destinationId: ids(dsts),
    // No alternate: an instance sends nothing to itself.
    alternateEni: new Int32Array(dsts.length).fill(NONE),
    alternateAddress: new Uint32Array(dsts.length),
    ...portArrays(ports.map((p) => p.port)),
  };
  const P = ports.length;
  const D = dsts.length;
  // One engine job holds at most 2^31 - 1 flows: sources in blocks that fit (one block but on huge selections).
  const block = Math.max(1, Math.floor(policyLimits.jobFlows / (D * P)));
  let flows = 0;
  for (let first = 0; first < srcs.length && !done(); first += block) {
    const part: PairFlows = { ...job, sourceEni: job.sourceEni.subarray(first, first + block), sourceAddress: job.sourceAddress.subarray(first, first + block), sourceId: job.sourceId.subarray(first, first + block) };
    const total = pairFlowCount(part);
    // Calls grow from CHUNK flows (a violated assertion usually shows in the first) to CLASS_PAIR_CALL_FLOWS.
    for (let start = 0, size = CHUNK; start < total && !done(); start += size, size = Math.min(CLASS_PAIR_CALL_FLOWS, size * 4)) {
      const verdicts = walkJobRange(walker.prepared(), part, start, Math.min(total, start + size));
      const pending: Candidate[] = [];
      const pendingVerdicts: number[] = [];
      for (let i = 0; i < verdicts.length; i++) {
        const v = verdicts[i]!;
        if (v === PAIR_NO_FLOW) continue;
        flows++;
        if ((v === 0) === wantReachable || pending.length >= MAX_WITNESSES) continue;
        const k = start + i;
        pending.push(candidateAt(first + Math.floor(k / P / D), Math.floor(k / P) % D, k % P));
        pendingVerdicts.push(v);
      }
      witness(pending, pendingVerdicts);
    }
  }
  return flows;
}

/** Every assertion of the policy, on a given engine. */
export function computePolicyCheck(engine: Engine, t: Topology, policy: Policy): PolicyResult {
  const g = groupMembers(t, 'instance');
  const resolver = new Resolver(t, g, policy.file);
  // Selectors first, for every assertion: a bad one is reported before anything is walked.
  for (const a of policy.assertions) (resolver.endpoints(a.from, a, 'from'), resolver.endpoints(a.to, a, 'to'));
  const assertions = policy.assertions.map((a) => evaluate(engine, t, g, resolver, a, policy.file));
  const passed = assertions.filter((r) => r.holds).length;
  return { file: policy.file, passed, failed: assertions.length - passed, assertions };
}
