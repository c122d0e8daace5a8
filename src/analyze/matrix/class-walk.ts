// The matrix's hot loop, shared by the main thread and its worker threads: every equivalence-class pair
// on every port as engine flows (flow k = (source class * C + destination class) * P + port), written
// straight into batch columns. A job holds only typed arrays, so it crosses to a worker as is.
import type { Engine } from '../../../bindings/engine.js';
import { allocateFlowBatch, type FlowBatch } from '../../../bindings/network.js';
import { VERDICT_UNSUPPORTED } from '../../../abi/batch.js';
import { PROTOCOL_ICMP, hasPorts } from '../../model/protocols.js';
import type { Grouping, Member } from './members.js';
import type { MatrixPort } from './ports.js';

/** MATRIX-3 CHOICE: the source port of every cell's packet (IANA dynamic range start, inside Linux's and Windows' ephemeral ranges). */
export const MATRIX_SOURCE_PORT = 49152;

export interface ClassPairJob {
  classes: number;
  ports: number;
  /** Per class: engine ENI id and IPv4 address of its first and second member (the first again when it has one). */
  firstEni: Int32Array;
  secondEni: Int32Array;
  firstAddress: Uint32Array;
  secondAddress: Uint32Array;
  /** Per port. */
  protocol: Int32Array;
  dstPort: Int32Array;
  srcPort: Int32Array;
  icmpType: Int32Array;
  icmpCode: Int32Array;
}

export function classPairJob(g: Grouping, ports: readonly MatrixPort[], eniId: (m: Member) => number): ClassPairJob {
  const first = g.classMembers.map((list) => g.members[list[0]!]!);
  const second = g.classMembers.map((list) => g.members[list[1] ?? list[0]!]!);
  return {
    classes: g.classMembers.length,
    ports: ports.length,
    firstEni: Int32Array.from(first, eniId),
    secondEni: Int32Array.from(second, eniId),
    firstAddress: Uint32Array.from(first, (m) => m.address),
    secondAddress: Uint32Array.from(second, (m) => m.address),
    protocol: Int32Array.from(ports, (p) => p.protocol),
    dstPort: Int32Array.from(ports, (p) => p.port),
    srcPort: Int32Array.from(ports, (p) => (hasPorts(p.protocol) ? MATRIX_SOURCE_PORT : 0)),
    icmpType: Int32Array.from(ports, (p) => (p.protocol === PROTOCOL_ICMP ? 8 : -1)),
    icmpCode: Int32Array.from(ports, (p) => (p.protocol === PROTOCOL_ICMP ? 0 : -1)),
  };
}

/** Writes flow k of the job at `row`. A class with itself walks its first member to its second. */
export function fillClassPair(job: ClassPairJob, b: FlowBatch, row: number, k: number): void {
  const P = job.ports;
  const C = job.classes;
  const p = k % P;
  const pair = (k - p) / P;
  const d = pair % C;
  const c = (pair - d) / C;
  b.origin[row] = job.firstEni[c]!;
  b.src[4 * row] = job.firstAddress[c]!;
  const self = c === d;
  b.destination[row] = self ? job.secondEni[d]! : job.firstEni[d]!;
  b.dst[4 * row] = self ? job.secondAddress[d]! : job.firstAddress[d]!;
  b.family[row] = 4;
  b.protocol[row] = job.protocol[p]!;
  b.srcPort[row] = job.srcPort[p]!;
  b.dstPort[row] = job.dstPort[p]!;
  b.icmpType[row] = job.icmpType[p]!;
  b.icmpCode[row] = job.icmpCode[p]!;
}

/** Flows per engine call in a worker: as BatchWalker's BATCH_FLOWS (src/analyze/batch-walk.ts says why), not imported: workers load only this module's imports. */
const WORKER_BATCH = 1 << 16;

/** Verdicts of flows [start, end) of the job on an engine that already holds the image (a worker's). */
export function walkJobRange(engine: Engine, job: ClassPairJob, start: number, end: number, down?: Uint32Array): Uint8Array {
  const out = new Uint8Array(end - start);
  let batch = allocateFlowBatch(Math.min(WORKER_BATCH, end - start));
  for (let at = start; at < end; at += WORKER_BATCH) {
    const rows = Math.min(WORKER_BATCH, end - at);
    if (rows !== batch.origin.length) batch = allocateFlowBatch(rows);
    for (let row = 0; row < rows; row++) fillClassPair(job, batch, row, at + row);
    const verdicts = engine.walkBatch(batch, down ? { down } : {}).verdicts;
    if (verdicts.includes(VERDICT_UNSUPPORTED)) throw new Error('vpcsim internal error: the WASM engine did not walk a flow of this batch (verdict 255); please report it');
    out.set(verdicts, at - start);
  }
  return out;
}
