// Which drawn node each hop of a trace answer lights. Components that are nodes (instances, NAT and
// internet gateways, transit gateways ...) light themselves; ENIs light what owns them; rules light
// where they apply: a security group the ENI whose address the packet leaves (egress) or reaches
// (ingress), a network ACL or route table the associated subnet that holds the packet's address (or
// the subnet the packet was last in). Pure data: tests run it in Node.
import { parseAddress, prefixContains, type Topology, type TraceAnswer, type TraceHop } from '../src/browser.js';
import { subnetAcl, subnetRouteTable } from './details.js';
import { INTERNET, type TopologyGraph } from './graph-model.js';

export interface LitPath {
  /** Per hop of the path, the node it lights (undefined when none is drawn for it). */
  forward: Array<string | undefined>;
  back: Array<string | undefined>;
  /** The node of the blocking hop, when the answer is blocked. */
  blocked?: string;
}

function addressOf(text: string | undefined) {
  if (!text) return undefined;
  try {
    return parseAddress(text);
  } catch {
    return undefined;
  }
}

export function hopLocator(t: Topology, graph: TopologyGraph): (hop: TraceHop, previous: string | undefined) => string | undefined {
  const eniByAddress = new Map<string, string>();
  for (const n of t.networkInterfaces) {
    for (const p of n.privateIps) {
      if (p.address) eniByAddress.set(p.address.text, n.id);
      if (p.publicIp) eniByAddress.set(p.publicIp.text, n.id);
    }
    for (const a of n.ipv6Addresses) eniByAddress.set(a.text, n.id);
  }
  const parentOf = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const subnetHolding = (candidates: string[], address: string | undefined): string | undefined => {
    const a = addressOf(address);
    if (!a) return undefined;
    return candidates.find((id) => {
      const s = t.subnets.find((x) => x.id === id);
      return (s?.cidrBlock && prefixContains(s.cidrBlock, a)) || (s?.ipv6CidrBlock && prefixContains(s.ipv6CidrBlock, a));
    });
  };
  const subnetOfNode = (node: string | undefined): string | undefined => {
    for (let at = node; at !== undefined; at = parentOf.get(at)) if (t.subnets.some((s) => s.id === at)) return at;
    return undefined;
  };
  const pickSubnet = (candidates: string[], hop: TraceHop, outbound: boolean, previous: string | undefined): string | undefined => {
    const prev = subnetOfNode(previous);
    if (prev && candidates.includes(prev)) return prev;
    const held = subnetHolding(candidates, outbound ? hop.packet.src : hop.packet.dst) ?? subnetHolding(candidates, outbound ? hop.packet.dst : hop.packet.src);
    return held ?? (candidates.length === 1 ? candidates[0] : undefined);
  };
  return (hop, previous) => {
    const direct = graph.nodeOf.get(hop.id);
    if (direct) return direct;
    if (hop.type === 'AWS::EC2::SecurityGroup') {
      const egress = hop.kind.includes('EGRESS');
      const eni = eniByAddress.get(egress ? hop.packet.src : hop.packet.dst);
      return eni ? graph.nodeOf.get(eni) : undefined;
    }
    if (hop.type === 'AWS::EC2::NetworkAcl') {
      const candidates = t.subnets.filter((s) => subnetAcl(t, s.id)?.id === hop.id).map((s) => s.id);
      return pickSubnet(candidates, hop, hop.kind.includes('OUTBOUND'), previous);
    }
    if (hop.type === 'AWS::EC2::RouteTable') {
      const candidates = t.subnets.filter((s) => subnetRouteTable(t, s.id)?.id === hop.id).map((s) => s.id);
      const subnet = pickSubnet(candidates, hop, true, previous);
      if (subnet) return subnet;
      const gateway = t.routeTables.find((r) => r.id === hop.id)?.gatewayIds[0];
      return gateway ? graph.nodeOf.get(gateway) : undefined;
    }
    return graph.nodeOf.get(hop.component);
  };
}

export function litPath(t: Topology, graph: TopologyGraph, answer: TraceAnswer): LitPath {
  const locate = hopLocator(t, graph);
  const walk = (hops: TraceHop[]): Array<string | undefined> => {
    let previous: string | undefined;
    return hops.map((hop) => {
      const node = locate(hop, previous);
      if (node) previous = node;
      return node;
    });
  };
  const forward = walk(answer.forwardPath);
  const back = walk(answer.returnPath);
  const lit: LitPath = { forward, back };
  const blocker = answer.explanations[0];
  if (!answer.reachable && blocker) {
    const nodes = blocker.direction === 'forward' ? forward : back;
    const at = nodes[blocker.hopIndex] ?? nodes.slice(0, blocker.hopIndex + 1).filter(Boolean).pop();
    if (at) lit.blocked = at;
  }
  return lit;
}

/** Nodes a path passes, in order, without repeats next to each other; the internet where a gateway to it is crossed. */
export function pathNodes(graph: TopologyGraph, nodes: Array<string | undefined>): string[] {
  const out: string[] = [];
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  for (const n of nodes) if (n !== undefined && out[out.length - 1] !== n) out.push(n);
  const first = out[0];
  const last = out[out.length - 1];
  const gatewayToInternet = (id: string | undefined) => id !== undefined && (kindOf.get(id) === 'igw' || kindOf.get(id) === 'eigw');
  if (kindOf.has(INTERNET)) {
    if (gatewayToInternet(first)) out.unshift(INTERNET);
    if (gatewayToInternet(last) && out.length > 1) out.push(INTERNET);
  }
  return out;
}
