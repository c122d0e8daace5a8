// The flow mix the packet-walk bench measures: traffic as a fleet of three-tier VPCs sends it, not
// uniform noise. Most flows go where a service listens (a port some ingress rule of the destination
// opens), within the VPC or to a peered / hub-connected neighbour, plus internet egress, internet
// ingress to public addresses and a share of random probes. Deterministic by seed.
import { allocateFlowBatch, type FlowBatch } from '../bindings/network.js';
import { addressWords } from '../src/compile/address.js';
import { Origin } from '../abi/batch.js';
import type { NetworkInterface, Topology } from '../src/model/types.js';
import type { Flow, FlowOrigin } from '../src/walk/flow.js';

export interface FlowSample {
  flows: Flow[];
  origins: FlowOrigin[];
  batch: FlowBatch;
}

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const PROBE_PORTS = [22, 80, 443, 3306, 5432, 8080, 53];
/** Public destinations on the internet (RFC 5737 documentation ranges count as public, ADDR-15). */
const INTERNET_DESTINATIONS = [0x08080808, 0x01010101, 0xc6336410, 0x34d9a00e];

/** TCP ports some ingress rule of the ENI's groups opens to someone (service ports). */
function listeningPorts(groups: Map<string, Topology['securityGroups'][number]>, eni: NetworkInterface): number[] {
  const ports = new Set<number>();
  for (const id of eni.securityGroupIds) {
    for (const rule of groups.get(id)?.ingress ?? []) {
      if (rule.protocol === TCP && rule.fromPort > 0 && rule.fromPort === rule.toPort) ports.add(rule.fromPort);
    }
  }
  return [...ports];
}

export function sampleFlows(t: Topology, n: number, seed = 12345): FlowSample {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 2 ** 32);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const index = new Map(t.networkInterfaces.map((e, i) => [e.id, i]));
  const groups = new Map(t.securityGroups.map((g) => [g.id, g]));
  const vpcOfSubnet = new Map(t.subnets.map((x) => [x.id, x.vpcId]));
  const instances = t.networkInterfaces.filter((e) => e.kind === 'instance' && e.privateIps[0]?.address);
  const byVpc = new Map<string, NetworkInterface[]>();
  for (const e of instances) {
    const v = vpcOfSubnet.get(e.subnetId)!;
    const list = byVpc.get(v) ?? [];
    list.push(e);
    byVpc.set(v, list);
  }
  const vpcIds = t.vpcs.map((v) => v.id).filter((id) => byVpc.has(id));
  const vpcIndex = new Map(vpcIds.map((id, i) => [id, i]));
  const publicEnis = instances.filter((e) => e.privateIps[0]?.publicIp);
  const ports = new Map<NetworkInterface, number[]>();
  const portsOf = (e: NetworkInterface) => {
    let p = ports.get(e);
    if (!p) ports.set(e, (p = listeningPorts(groups, e)));
    return p;
  };

  const batch = allocateFlowBatch(n);
  const flows: Flow[] = [];
  const origins: FlowOrigin[] = [];
  for (let i = 0; i < n; i++) {
    const roll = next();
    let origin: FlowOrigin;
    let src: bigint;
    let dst: bigint;
    let server: NetworkInterface | undefined;
    if (roll < 0.1 && publicEnis.length > 0) {
      // Internet clients to public web servers.
      server = pick(publicEnis);
      origin = { kind: 'internet' };
      src = BigInt(0xc6336400 + Math.floor(next() * 256));
      dst = server.privateIps[0]!.publicIp!.value;
    } else {
      const client = pick(instances);
      origin = { kind: 'network-interface', networkInterfaceId: client.id };
      src = client.privateIps[0]!.address!.value;
      const home = vpcOfSubnet.get(client.subnetId)!;
      if (roll < 0.2) {
        dst = BigInt(pick(INTERNET_DESTINATIONS)); // egress to the internet (IGW or NAT gateway)
      } else {
        let vpc = home;
        if (roll < 0.35) vpc = vpcIds[(vpcIndex.get(home)! + 1 + Math.floor(next() * 3)) % vpcIds.length]!; // a neighbour VPC
        else if (roll < 0.45) vpc = pick(vpcIds); // anywhere
        server = pick(byVpc.get(vpc)!);
        dst = server.privateIps[0]!.address!.value;
      }
    }
    let protocol = TCP;
    let dstPort = 443;
    const listening = server ? portsOf(server) : [];
    if (listening.length > 0 && next() < 0.8) dstPort = pick(listening);
    else if (next() < 0.7) dstPort = pick(PROBE_PORTS);
    else protocol = next() < 0.5 ? UDP : ICMP;
    const flow: Flow = {
      family: 4, src, dst, protocol,
      srcPort: protocol === ICMP ? 0 : 1024 + Math.floor(next() * 60000),
      dstPort: protocol === ICMP ? 0 : protocol === UDP ? 53 : dstPort,
      icmpType: protocol === ICMP ? 8 : -1,
      icmpCode: protocol === ICMP ? 0 : -1,
    };
    flows.push(flow);
    origins.push(origin);
    batch.origin[i] = origin.kind === 'internet' ? Origin.Internet : index.get(origin.networkInterfaceId)!;
    batch.family[i] = 4;
    batch.protocol[i] = protocol;
    batch.srcPort[i] = flow.srcPort;
    batch.dstPort[i] = flow.dstPort;
    batch.icmpType[i] = flow.icmpType;
    batch.icmpCode[i] = flow.icmpCode;
    batch.src.set(addressWords(4, flow.src).map((w) => w >>> 0), 4 * i);
    batch.dst.set(addressWords(4, flow.dst).map((w) => w >>> 0), 4 * i);
  }
  return { flows, origins, batch };
}

/** Verdict code -> count, most frequent first (for the bench report). */
export function verdictMix(verdicts: Int32Array): Array<[number, number]> {
  const m = new Map<number, number>();
  for (const v of verdicts) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]);
}

/** Flows [start, end) of a batch: views of its columns, nothing copied. */
export function sliceBatch(batch: FlowBatch, start: number, end: number): FlowBatch {
  const cut = <T extends Int32Array | Uint32Array>(column: T, words = 1) => column.subarray(words * start, words * end) as T;
  return {
    origin: cut(batch.origin), family: cut(batch.family), protocol: cut(batch.protocol), srcPort: cut(batch.srcPort), dstPort: cut(batch.dstPort),
    icmpType: cut(batch.icmpType), icmpCode: cut(batch.icmpCode), destination: cut(batch.destination), src: cut(batch.src, 4), dst: cut(batch.dst, 4),
  };
}

/**
 * `n` flows, flow i a copy of flow `index(i)` of `batch` with a fresh TCP/UDP source port drawn from
 * 49152-65535 (the same client, server and port: a repeated conversation, for the verdict memo).
 */
export function repeatedFlows(batch: FlowBatch, n: number, index: (i: number) => number): FlowBatch {
  const out = allocateFlowBatch(n);
  let s = 987654321;
  for (let i = 0; i < n; i++) {
    const j = index(i);
    out.origin[i] = batch.origin[j]!;
    out.family[i] = batch.family[j]!;
    out.protocol[i] = batch.protocol[j]!;
    out.dstPort[i] = batch.dstPort[j]!;
    out.icmpType[i] = batch.icmpType[j]!;
    out.icmpCode[i] = batch.icmpCode[j]!;
    out.destination[i] = batch.destination[j]!;
    out.src.set(batch.src.subarray(4 * j, 4 * j + 4), 4 * i);
    out.dst.set(batch.dst.subarray(4 * j, 4 * j + 4), 4 * i);
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const ports = batch.protocol[j] === 6 || batch.protocol[j] === 17;
    out.srcPort[i] = ports ? 49152 + (s % 16384) : batch.srcPort[j]!;
  }
  return out;
}
