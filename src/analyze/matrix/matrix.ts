// The reachability matrix (issue 15): every source group x destination group x port, walked on the
// engine in batches (../batch-walk.ts). Each equivalence class pair is walked once per port (members.ts,
// MATRIX-2) and its verdict shared by every member pair it stands for; a cell aggregates its member
// pairs (MATRIX-1): reachable when one pair is, its code that of its first pair (firstPair).
import type { Engine } from '../../../bindings/engine.js';
import { Code } from '../../../abi/codes.js';
import { pairFlowCount } from '../../../bindings/network.js';
import { formatAddress } from '../../model/ip.js';
import { InputError } from '../../model/errors.js';
import { quote } from '../../model/printable.js';
import { PROTOCOL_ICMP, hasPorts } from '../../model/protocols.js';
import type { Topology } from '../../model/types.js';
import type { Flow } from '../../walk/flow.js';
import { BatchWalker, type BatchFlow } from '../batch-walk.js';
import { CLASS_PAIR_CALL_FLOWS, classPairJob, MATRIX_SOURCE_PORT, walkJobRange, type ClassPairJob } from './class-walk.js';

export { MATRIX_SOURCE_PORT };
import { codeName, type CodeName } from '../codes.js';
import { GROUP_BY, firstPair, firstPairIndex, groupMembers, type GroupBy, type GroupClass, type Grouping, type MatrixGroup, type Member } from './members.js';
import { parsePorts, type MatrixPort } from './ports.js';

/** A cell with no pair of distinct members (an instance with itself): no verdict. */
export const NO_PAIR = 255;
/** Class pairs x ports one matrix may walk. */
const MAX_WALKS = 2 ** 31 - 1;

export interface MatrixOptions {
  /** Rows and columns: default `subnet`. */
  by?: GroupBy;
  /** `tcp/22,tcp/443,udp/53,icmp` (the default), or a list of such items. */
  ports?: string | readonly string[];
  /** Walk each equivalence class once (default true); false walks every member pair (brute force). */
  grouped?: boolean;
  /** Components that are down (TRACE-12). */
  down?: readonly string[] | ReadonlySet<string>;
  /** Node: worker threads walking the class pairs (default 1: this thread); the cells are the same for any number. */
  workers?: number;
  /** Called after each engine batch with the class pairs walked so far and their total. */
  onProgress?: (done: number, total: number) => void;
  /** How errors name the options: the CLI passes its flags. */
  words?: { by: string; ports: string };
}

export interface ReachabilityMatrix {
  by: GroupBy;
  groups: MatrixGroup[];
  ports: string[];
  /**
   * Per cell (from * groups * ports + to * ports + port): 0 reachable, a blocking code, or NO_PAIR.
   * Use matrixCells() / cellAt() rather than indexing it.
   */
  codes: Uint8Array;
  /** 1 where some but not all member pairs of a reachable cell get through. */
  partial: Uint8Array;
  /** Class pairs x ports walked on the engine. */
  walks: number;
  /** Member pairs x ports the cells stand for. */
  pairs: number;
}

export interface MatrixCell {
  from: string;
  to: string;
  port: string;
  reachable: boolean;
  /** The blocking code of the cell's first member pair, when it is not reachable. */
  code?: CodeName;
  /** Set when some, not all, member pairs get through. */
  partial?: true;
}

const groupings = new WeakMap<ReachabilityMatrix, { t: Topology; grouping: Grouping; ports: MatrixPort[] }>();

/** Checks the options that need no topology (the CLI calls this before loading the input). */
export function checkMatrixOptions(options: Pick<MatrixOptions, 'by' | 'ports' | 'words'>): { by: GroupBy; ports: MatrixPort[] } {
  const words = options.words ?? { by: 'by', ports: 'ports' };
  const by = options.by ?? 'subnet';
  if (!GROUP_BY.includes(by)) throw new InputError(`${words.by} ${quote(by)}: expected ${GROUP_BY.join(', ')}`);
  return { by, ports: parsePorts(options.ports, words.ports) };
}

/** The packet from member a to member b on `port` (IPv4, MATRIX-3 source port; echo request for ICMP). */
export function memberFlow(a: Member, b: Member, port: MatrixPort): BatchFlow {
  const icmp = port.protocol === PROTOCOL_ICMP;
  const flow: Flow = {
    family: 4,
    src: BigInt(a.address),
    dst: BigInt(b.address),
    protocol: port.protocol,
    srcPort: hasPorts(port.protocol) ? MATRIX_SOURCE_PORT : 0,
    dstPort: port.port,
    icmpType: icmp ? 8 : -1,
    icmpCode: icmp ? 0 : -1,
  };
  return { origin: { kind: 'network-interface', networkInterfaceId: a.eni.id }, flow, destination: b.eni.id };
}

/** A matrix ready to walk: its members, ports and class-pair flows (as a job a worker can take). */
export interface MatrixPlan {
  t: Topology;
  grouping: Grouping;
  ports: MatrixPort[];
  job: ClassPairJob;
  walker: BatchWalker;
}

/** Groups the members and lays out the class-pair flows; loads the topology into the engine. */
export function planMatrix(engine: Engine, t: Topology, options: MatrixOptions = {}): MatrixPlan {
  const { by, ports } = checkMatrixOptions(options);
  const grouping = groupMembers(t, by, options.grouped ?? true);
  const down = options.down ? new Set(options.down) : undefined;
  const walker = new BatchWalker(engine, t, down ? { down } : {});
  const P = ports.length;
  const C = grouping.classMembers.length;
  if (C * C * P > MAX_WALKS) throw new InputError(`the matrix would walk ${C * C * P} class pairs x ports (over ${MAX_WALKS}): use fewer ports or --by vpc`);
  return { t, grouping, ports, job: classPairJob(grouping, ports, (m) => walker.networkInterface(m.eni.id)), walker };
}

/**
 * Every class pair on every port, on the plan's engine: flow k = (source class * C + destination
 * class) * P + port. A one-member class with itself is walked (member to itself) and used by no cell.
 */
export function walkPlan(plan: MatrixPlan, onProgress?: (done: number, total: number) => void): Uint8Array {
  const { job } = plan;
  const total = pairFlowCount(job);
  const verdicts = new Uint8Array(total);
  for (let start = 0; start < total; start += CLASS_PAIR_CALL_FLOWS) {
    const end = Math.min(total, start + CLASS_PAIR_CALL_FLOWS);
    // Prepared again per call: a caller's onProgress may trace on the same engine in between.
    verdicts.set(walkJobRange(plan.walker.prepared(), job, start, end, plan.walker.downBits), start);
    onProgress?.(end, total);
  }
  return verdicts;
}

/** The matrix on a given engine. */
export function computeMatrix(engine: Engine, t: Topology, options: MatrixOptions = {}): ReachabilityMatrix {
  const plan = planMatrix(engine, t, options);
  return finishMatrix(plan, walkPlan(plan, options.onProgress));
}

/** The cells from the class-pair verdicts of walkPlan() (or of worker threads walking the same job). */
export function finishMatrix(plan: MatrixPlan, verdicts: Uint8Array): ReachabilityMatrix {
  return aggregate(plan.t, plan.grouping, plan.ports, verdicts);
}

function aggregate(t: Topology, g: Grouping, ports: MatrixPort[], verdicts: Uint8Array): ReachabilityMatrix {
  const P = ports.length;
  const C = g.classMembers.length;
  const G = g.groups.length;
  const codes = new Uint8Array(G * G * P).fill(NO_PAIR);
  const partial = new Uint8Array(G * G * P);
  let pairs = 0;
  for (let from = 0; from < G; from++) {
    const sources = g.groupClasses[from]!;
    for (let to = 0; to < G; to++) {
      const pair = firstPairIndex(g, from, to);
      if (pair < 0) continue;
      const targets = g.groupClasses[to]!;
      const cellBase = (from * G + to) * P;
      const head = (g.classOf[Math.floor(pair / g.members.length)]! * C + g.classOf[pair % g.members.length]!) * P;
      // Bit p: on port p some class pair gets through / every one does (ports past 30 by the slow path).
      let some = 0;
      let every = -1;
      for (const s of sources) {
        const row = s.cls * C;
        for (const d of targets) {
          // A class with itself stands for no pair when both groups hold only the same one member of it.
          if (s.cls === d.cls && s.count === 1 && d.count === 1 && s.first === d.first) continue;
          const at = (row + d.cls) * P;
          let bits = 0;
          for (let p = 0; p < P && p < 31; p++) if (verdicts[at + p] === Code.REACHABLE) bits |= 1 << p;
          some |= bits;
          every &= bits;
        }
      }
      for (let p = 0; p < P; p++) {
        let any = (some >>> p) & 1;
        let all = (every >>> p) & 1;
        if (p >= 31) [any, all] = portPairs(verdicts, sources, targets, C, P, p);
        codes[cellBase + p] = any ? Code.REACHABLE : verdicts[head + p]!;
        if (any && !all) partial[cellBase + p] = 1;
      }
      pairs += (g.groupMembers[from]!.length * g.groupMembers[to]!.length - sharedMembers(g, from, to)) * P;
    }
  }
  const m: ReachabilityMatrix = { by: g.by, groups: g.groups, ports: ports.map((p) => p.label), codes, partial, walks: C * C * P, pairs };
  groupings.set(m, { t, grouping: g, ports });
  return m;
}

/** Whether some / every class pair of a cell gets through on port p (ports past the 31 a bitmask holds). */
function portPairs(verdicts: Uint8Array, sources: GroupClass[], targets: GroupClass[], C: number, P: number, p: number): [number, number] {
  let any = 0;
  let all = 1;
  for (const s of sources) {
    for (const d of targets) {
      if (s.cls === d.cls && s.count === 1 && d.count === 1 && s.first === d.first) continue;
      const ok = verdicts[(s.cls * C + d.cls) * P + p] === Code.REACHABLE ? 1 : 0;
      any |= ok;
      all &= ok;
    }
  }
  return [any, all];
}

/** Members both groups hold (a member paired with itself is no pair). */
function sharedMembers(g: Grouping, from: number, to: number): number {
  if (from === to) return g.groupMembers[from]!.length;
  if (g.by === 'subnet' || g.by === 'vpc' || g.by === 'instance') return 0;
  const set = new Set(g.groupMembers[from]);
  return g.groupMembers[to]!.filter((i) => set.has(i)).length;
}

/** One cell, or undefined for a cell with no member pair. */
export function cellAt(m: ReachabilityMatrix, from: number, to: number, port: number): MatrixCell | undefined {
  const P = m.ports.length;
  const at = (from * m.groups.length + to) * P + port;
  const code = m.codes[at]!;
  if (code === NO_PAIR) return undefined;
  const cell: MatrixCell = { from: m.groups[from]!.id, to: m.groups[to]!.id, port: m.ports[port]!, reachable: code === Code.REACHABLE };
  if (code !== Code.REACHABLE) cell.code = codeName(code);
  if (m.partial[at]) cell.partial = true;
  return cell;
}

/** Every cell in row order (from, to, port), without the cells that have no member pair. */
export function* iterateCells(m: ReachabilityMatrix): Generator<MatrixCell> {
  const G = m.groups.length;
  for (let from = 0; from < G; from++) for (let to = 0; to < G; to++) for (let p = 0; p < m.ports.length; p++) {
    const cell = cellAt(m, from, to, p);
    if (cell) yield cell;
  }
}

/** Every cell of a matrix in one array (iterateCells() yields them one at a time): what `matrix --json` lists. */
export function matrixCells(m: ReachabilityMatrix): MatrixCell[] {
  return [...iterateCells(m)];
}

/** The packet a cell's code stands for (its first member pair), for explaining it as trace would. */
export function cellWitness(m: ReachabilityMatrix, from: number, to: number, port: number): { flow: BatchFlow; from: string; to: string; source: string; destination: string } | undefined {
  const held = groupings.get(m);
  if (!held) throw new TypeError('cellWitness: not a matrix from computeMatrix()');
  const pair = firstPair(held.grouping, from, to);
  if (!pair) return undefined;
  const a = held.grouping.members[pair[0]]!;
  const b = held.grouping.members[pair[1]]!;
  return { flow: memberFlow(a, b, held.ports[port]!), from: a.instance.logicalId, to: b.instance.logicalId, source: formatAddress(4, BigInt(a.address)), destination: formatAddress(4, BigInt(b.address)) };
}

/** The topology, members and ports a matrix was computed from. */
export function matrixGrouping(m: ReachabilityMatrix): Grouping & { t: Topology; ports: MatrixPort[] } {
  const held = groupings.get(m);
  if (!held) throw new TypeError('not a matrix from computeMatrix()');
  return { ...held.grouping, t: held.t, ports: held.ports };
}
