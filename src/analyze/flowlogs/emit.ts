// `vpcsim flowlogs emit`: the records AWS would log for declared flows (FL-8). Each flow is walked on
// the engine like `trace` (one traced batch for all flows), and its hops are read back into visits: each
// ENI the packet leaves or arrives at, in each direction, with the packet there and whether that ENI's
// security groups or network ACL rejected it. A visit is one record (aggregation interval 60 s simulated,
// start/end plus the epoch; packets and bytes as declared).
// CHOICE (FL-8): records at every ENI reached or rejected at, NAT gateway and endpoint ENIs included;
// interface-level addresses as the "Flow log records" page defines them (srcaddr is the interface's own
// address for outgoing traffic, dstaddr for incoming; pkt-srcaddr / pkt-dstaddr the packet's); a packet
// dropped by a route or gateway after leaving an ENI is logged ACCEPT there and nowhere else; tcp-flags
// is 2 (SYN) on requests and 18 (SYN-ACK) on responses, account-id the topology's, az-id and the service
// fields '-'. FL-7: flows to the Amazon-provided services on the host (DNS, metadata, Time Sync) get none.
import { HopComponent, HopKind } from '../../../abi/hops.js';
import type { Engine } from '../../../bindings/engine.js';
import { lazyEngine } from '../../../bindings/lazy.js';
import { InputError } from '../../model/errors.js';
import { assertObject, assertTopology } from '../../model/guards.js';
import { formatAddress, type Family } from '../../model/ip.js';
import { networkIndex } from '../../model/network-index.js';
import type { NetworkInterface, Topology } from '../../model/types.js';
import type { Flow } from '../../walk/flow.js';
import type { WalkHop } from '../../walk/hop.js';
import { engineHops } from '../engine-hops.js';
import { destinationId, flowBatch, originId, prepare, type Compiled } from '../engine-trace.js';
import type { QueryWords } from '../query-checks.js';
import type { TraceProtocol, TraceQuery } from '../trace.js';
import { isResolved, resolveTrace } from '../resolve.js';
import { DEFAULT_FORMAT, FLOW_LOG_FIELDS, type FlowLogFormat } from './format.js';
import { TRAFFIC_WORDS, type Traffic, type TrafficFlow } from './traffic.js';

/** FL-8: the aggregation interval, simulated seconds. */
export const AGGREGATION_SECONDS = 60;
/** CHOICE: the source port of a declared flow without one (as the reachability matrix, MATRIX-3). */
export const EMIT_SOURCE_PORT = 49152;

/** One ENI a packet left or arrived at. */
export interface Visit {
  eni: number;
  egress: boolean;
  packet: Flow;
  rejected: boolean;
  response: boolean;
}

/** One emitted record's facts. */
export interface EmittedRecord extends Visit {
  start: number;
  end: number;
  packets: number;
  bytes: number;
}

/** The records of every declared flow, in flow order, each flow's forward visits then its response's. */
export function emitRecords(engine: Engine, t: Topology, traffic: Traffic, words: QueryWords = TRAFFIC_WORDS, file?: string): EmittedRecord[] {
  const c = prepare(engine, t);
  const records: EmittedRecord[] = [];
  const epoch = traffic.epoch ?? 0;
  traffic.flows.forEach((f, i) => {
    const walk = walkOne(engine, t, c, f, i, words, file);
    const at = f.at ?? 0;
    const start = epoch + Math.floor(at / AGGREGATION_SECONDS) * AGGREGATION_SECONDS;
    for (const v of walk) records.push({ ...v, start, end: start + AGGREGATION_SECONDS, packets: f.packets ?? 1, bytes: f.bytes ?? 0 });
  });
  return records;
}

function walkOne(engine: Engine, t: Topology, c: Compiled, f: TrafficFlow, i: number, words: QueryWords, file: string | undefined): Visit[] {
  // The protocol is checked by resolveTrace (checkQueryShape), like trace's.
  const p = typeof f.protocol === 'string' ? f.protocol.toLowerCase() : f.protocol;
  const ports = p === undefined || p === 'tcp' || p === 'udp' || p === 6 || p === 17;
  const sourcePort = f.sourcePort ?? (ports ? EMIT_SOURCE_PORT : undefined);
  const q: TraceQuery = { from: f.from, to: f.to, port: f.port, ...(sourcePort !== undefined ? { sourcePort } : {}), ...(f.protocol !== undefined ? { protocol: f.protocol as TraceProtocol } : {}) };
  let resolved;
  try {
    resolved = resolveTrace(t, q, words);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`flows[${i}]: ${err.detail}`, { ...err.context, ...(file ? { file } : {}) });
    throw err;
  }
  if (!isResolved(resolved)) throw new InputError(`flows[${i}]: ${resolved.detail}`, file ? { file } : {});
  const origin = originId(c, resolved.origin);
  if (origin === undefined) throw new Error(`vpcsim internal error: the compiled image has no origin for ${JSON.stringify(resolved.origin)}; please report it`);
  const flow = resolved.flows[0]!;
  const result = engine.walkBatch(flowBatch([flow], origin, destinationId(c, resolved)), { trace: true });
  const hops = engineHops(t, c.image, result, 0, flow);
  // FL-7: traffic between an instance and the Amazon DNS server, instance metadata or Time Sync is not logged.
  if (hops.forward.some((h) => h.kind === HopKind.AWS_SERVICE && h.component === HopComponent.AmazonService)) return [];
  const start = resolved.origin.kind === 'network-interface' ? c.eni.get(resolved.origin.networkInterfaceId) : undefined;
  const visits = new VisitReader(t, c);
  const forward = visits.read(hops.forward, start, false);
  const arrived = visits.arrival;
  return hops.response.length > 0 ? [...forward, ...visits.read(hops.response, arrived, true)] : forward;
}

/** Reads a direction's hops into the ENIs it left and arrived at. */
class VisitReader {
  private readonly ix;
  /** The ENI the last direction ended at. */
  arrival: number | undefined;

  constructor(private readonly t: Topology, private readonly c: Compiled) {
    this.ix = networkIndex(t);
  }

  read(hops: readonly WalkHop[], start: number | undefined, response: boolean): Visit[] {
    const visits: Visit[] = [];
    let current = start;
    let out: Visit | undefined;
    let inbound: Flow | undefined;
    let previous: Flow | undefined;
    this.arrival = undefined;
    const leave = (packet: Flow): Visit | undefined => {
      if (current !== undefined && !out) {
        out = { eni: current, egress: true, packet, rejected: false, response };
        visits.push(out);
        // It left: the direction does not end there.
        this.arrival = undefined;
      }
      return out;
    };
    const arrive = (e: number, packet: Flow): void => {
      visits.push({ eni: e, egress: false, packet: inbound ?? packet, rejected: false, response });
      current = e;
      out = undefined;
      inbound = undefined;
      this.arrival = e;
    };
    for (const h of hops) {
      const blocked = h.code !== 0;
      switch (h.kind) {
        case HopKind.SECURITY_GROUP_EGRESS: {
          const v = leave(h.packet);
          if (v && blocked) v.rejected = true;
          break;
        }
        case HopKind.NETWORK_ACL_OUTBOUND: {
          const inSubnet = current !== undefined && this.t.networkInterfaces[current]!.subnetId === this.t.subnets[h.ref]!.id;
          const v = inSubnet ? leave(h.packet) : undefined;
          if (v && blocked) v.rejected = true;
          break;
        }
        case HopKind.NETWORK_ACL_INBOUND:
        case HopKind.SECURITY_GROUP_INGRESS: {
          leave(previous ?? h.packet);
          inbound ??= h.packet;
          if (blocked) {
            const e = h.component === HopComponent.SecurityGroupOfInterface ? h.id : this.receiver(h);
            if (e !== undefined) visits.push({ eni: e, egress: false, packet: inbound, rejected: true, response });
          }
          break;
        }
        case HopKind.NETWORK_INTERFACE:
          if (!blocked && (h.component === HopComponent.InstanceOrInterface || h.component === HopComponent.NetworkInterface)) {
            leave(previous ?? h.packet);
            arrive(h.id, h.packet);
          }
          break;
        case HopKind.NAT_GATEWAY:
          if (!blocked && h.component === HopComponent.NatGateway) {
            const e = this.c.eni.get(this.t.natGateways[h.id]!.networkInterfaceId);
            leave(previous ?? h.packet);
            if (e !== undefined) arrive(e, previous ?? h.packet);
          }
          break;
        case HopKind.INTERFACE_ENDPOINT:
          if (!blocked) {
            const e = this.owner(h.packet.family, h.packet.dst);
            leave(previous ?? h.packet);
            if (e !== undefined) arrive(e, h.packet);
          }
          break;
        default:
          // Routes, gateways, attachments: the packet has left the ENI it was at.
          if (h.kind !== HopKind.ROUTE_TABLE) leave(previous ?? h.packet);
      }
      previous = h.packet;
    }
    return visits;
  }

  /** The ENI a packet blocked on its way in was addressed to (NACL: in that subnet), if the model has one. */
  private receiver(h: WalkHop): number | undefined {
    const e = this.owner(h.packet.family, h.packet.dst);
    if (e === undefined) return undefined;
    if (h.kind === HopKind.NETWORK_ACL_INBOUND && this.t.networkInterfaces[e]!.subnetId !== this.t.subnets[h.ref]!.id) return undefined;
    return e;
  }

  private owner(family: Family, value: bigint): number | undefined {
    const o = this.ix.ownerAnywhere(family, value);
    return o ? this.c.eni.get(o.eni.id) : undefined;
  }
}

/** The interface's own address for a packet: the packet's when it holds it, else its primary (FL-6). */
function ownAddress(e: NetworkInterface, family: Family, packetSide: bigint): string {
  if (family === 4) {
    const mine = e.privateIps.some((p) => p.address?.value === packetSide);
    const primary = e.privateIps.find((p) => p.primary)?.address ?? e.privateIps[0]?.address;
    return mine || !primary ? formatAddress(4, packetSide) : primary.text;
  }
  const mine = e.ipv6Addresses.some((a) => a.value === packetSide);
  return mine || e.ipv6Addresses.length === 0 ? formatAddress(6, packetSide) : e.ipv6Addresses[0]!.text;
}

/** Records as lines of `format` (FL-2 by default), with the header line S3 delivery starts files with. */
export function recordLines(t: Topology, records: readonly EmittedRecord[], format: FlowLogFormat = DEFAULT_FORMAT): string[] {
  const version = Math.max(2, ...format.map((f) => Math.min(5, FLOW_LOG_FIELDS[f] ?? 2)));
  const subnets = new Map(t.subnets.map((s) => [s.id, s]));
  return [
    format.join(' '),
    ...records.map((r) => {
      const e = t.networkInterfaces[r.eni]!;
      const p = r.packet;
      const src = formatAddress(p.family, p.src);
      const dst = formatAddress(p.family, p.dst);
      const ports = p.protocol === 6 || p.protocol === 17;
      const subnet = subnets.get(e.subnetId);
      const value = (field: string): string => {
        switch (field) {
          case 'version': return String(version);
          case 'account-id': return t.accountId;
          case 'interface-id': return e.id;
          case 'srcaddr': return r.egress ? ownAddress(e, p.family, p.src) : src;
          case 'dstaddr': return r.egress ? dst : ownAddress(e, p.family, p.dst);
          case 'srcport': return String(ports ? p.srcPort : 0);
          case 'dstport': return String(ports ? p.dstPort : 0);
          case 'protocol': return String(p.protocol < 0 ? 0 : p.protocol);
          case 'packets': return String(r.packets);
          case 'bytes': return String(r.bytes);
          case 'start': return String(r.start);
          case 'end': return String(r.end);
          case 'action': return r.rejected ? 'REJECT' : 'ACCEPT';
          case 'log-status': return 'OK';
          case 'vpc-id': return subnet?.vpcId ?? '-';
          case 'subnet-id': return e.subnetId;
          case 'instance-id': return e.kind === 'instance' && e.ownerId ? e.ownerId : '-';
          case 'tcp-flags': return p.protocol === 6 ? (r.response ? '18' : '2') : '0';
          case 'type': return p.family === 4 ? 'IPv4' : 'IPv6';
          case 'pkt-srcaddr': return src;
          case 'pkt-dstaddr': return dst;
          case 'region': return t.region;
          case 'flow-direction': return r.egress ? 'egress' : 'ingress';
          default: return '-';
        }
      };
      return format.map(value).join(' ');
    }),
  ];
}

export interface EmitOptions {
  /** The engine to walk on (default: the entry point's). */
  engine?: Engine;
  /** Fields to write; default version 2 (FL-2). */
  format?: FlowLogFormat;
  /** The traffic file, for error messages. */
  file?: string;
}

/** emitFlowLogs(topology, traffic, options): the lines of a flow log file (header first) for the declared traffic. */
export type EmitFunction = (t: Topology, traffic: Traffic, options?: EmitOptions) => Promise<string[]>;

export function createEmit(loadEngine: () => Promise<Engine>): EmitFunction {
  const defaultEngine = lazyEngine(loadEngine);
  return async (t, traffic, options = {}) => {
    assertTopology(t, 'emitFlowLogs');
    assertObject(traffic as unknown, 'emitFlowLogs', 'the traffic');
    const e = options.engine ?? (await defaultEngine());
    return recordLines(t, emitRecords(e, t, traffic, TRAFFIC_WORDS, options.file), options.format);
  };
}
