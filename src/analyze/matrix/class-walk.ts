// The matrix's hot loop, shared by the main thread and its worker threads: every equivalence-class pair
// on every port (flow k = (source class * C + destination class) * P + port), made and walked by the
// engine itself from one job of per-class and per-port arrays (bindings' walkClassPairs,
// abi/class-pairs.ts). A job holds only typed arrays, so it crosses to a worker as is.
import type { Engine } from '../../../bindings/engine.js';
import type { ClassPairFlows } from '../../../bindings/network.js';
import { VERDICT_UNSUPPORTED } from '../../../abi/batch.js';
import { PROTOCOL_ICMP, hasPorts } from '../../model/protocols.js';
import type { Grouping, Member } from './members.js';
import type { MatrixPort } from './ports.js';

/** MATRIX-3 CHOICE: the source port of every cell's packet (IANA dynamic range start, inside Linux's and Windows' ephemeral ranges). */
export const MATRIX_SOURCE_PORT = 49152;

/** Per class: engine ENI id and IPv4 address of its first and second member (the first again when it has one); per port: the packet's fields. */
export type ClassPairJob = ClassPairFlows;

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

/**
 * Flows per engine call: the engine walks a call's source classes across each tile of destination
 * classes before the next tile (assembly/walk-class-pairs.ts), so the more source classes a call holds,
 * the fewer times each tile's records are fetched; 2^20 flows are 1 MB of verdicts and ~0.2 s of walking.
 */
export const CLASS_PAIR_CALL_FLOWS = 1 << 20;

/** Verdicts of flows [start, end) of the job on an engine that already holds the image, a call per CLASS_PAIR_CALL_FLOWS. */
export function walkJobRange(engine: Engine, job: ClassPairJob, start: number, end: number, down?: Uint32Array): Uint8Array {
  const out = new Uint8Array(end - start);
  for (let at = start; at < end; at += CLASS_PAIR_CALL_FLOWS) {
    const stop = Math.min(end, at + CLASS_PAIR_CALL_FLOWS);
    const verdicts = engine.walkClassPairs(job, at, stop, down ? { down } : {});
    if (verdicts.includes(VERDICT_UNSUPPORTED)) throw new Error('vpcsim internal error: the WASM engine did not walk a flow of the matrix (verdict 255); please report it');
    out.set(verdicts, at - start);
  }
  return out;
}
