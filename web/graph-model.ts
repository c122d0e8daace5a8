// Topology -> the graph the page draws: nested boxes (Region > VPC > Availability Zone > subnet) with
// instances, ENIs, NAT gateways, endpoints and firewall endpoints inside their subnets, and the
// gateways and connections between VPCs (internet, egress-only, virtual private and transit gateways,
// peering, VPN, Direct Connect) as nodes of their own. Pure data: no DOM, so tests run it in Node.
import type { Topology } from '../src/browser.js';

export type NodeKind =
  | 'region'
  | 'vpc'
  | 'az'
  | 'subnet'
  | 'instance'
  | 'eni'
  | 'nat'
  | 'endpoint'
  | 'firewall'
  | 'igw'
  | 'eigw'
  | 'vgw'
  | 'tgw'
  | 'peering'
  | 'vpn'
  | 'cgw'
  | 'dxgw'
  | 'dx'
  | 'vif'
  | 'internet'
  | 'onprem';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  parent?: string;
  /** The model object's AWS id (absent for the boxes the page adds: AZ, internet, on-premises). */
  modelId?: string;
  /** Its logical id, as the CLI names it. */
  logicalId?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
}

export interface TopologyGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** AWS id (and logical id) of every drawn model object -> its node: ENIs map to what owns them. */
  nodeOf: Map<string, string>;
}

/** Kinds drawn as boxes holding others. */
export const COMPOUND_KINDS: ReadonlySet<NodeKind> = new Set(['region', 'vpc', 'az', 'subnet', 'onprem']);

export const INTERNET = 'internet';
export const ON_PREMISES = 'on-premises';

/** The logical id, with the Name tag under it when it says something the logical id does not. */
function title(r: { logicalId: string; name?: string }): string {
  return r.name && r.name !== r.logicalId ? `${r.logicalId}\n${r.name}` : r.logicalId;
}

/** The same on one line, for the boxes (their label sits on the border). */
function boxTitle(r: { logicalId: string; name?: string }): string {
  return r.name && r.name !== r.logicalId ? `${r.logicalId} (${r.name})` : r.logicalId;
}

export function topologyGraph(t: Topology): TopologyGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const nodeOf = new Map<string, string>();
  const ids = new Set<string>();
  const add = (n: GraphNode): void => {
    if (ids.has(n.id)) return;
    ids.add(n.id);
    nodes.push(n);
    if (n.modelId) nodeOf.set(n.modelId, n.id);
    if (n.logicalId && !nodeOf.has(n.logicalId)) nodeOf.set(n.logicalId, n.id);
  };
  const link = (source: string, target: string, id = `${source}--${target}`): void => {
    if (!ids.has(source) || !ids.has(target) || source === target) return;
    if (edges.some((e) => e.id === id)) return;
    edges.push({ id, source, target });
  };
  const model = (kind: NodeKind, r: { id: string; logicalId: string; name?: string }, parent?: string, label = title(r)): GraphNode => ({
    id: r.id,
    kind,
    label,
    ...(parent !== undefined && { parent }),
    modelId: r.id,
    logicalId: r.logicalId,
  });

  const region = `region:${t.region}`;
  add({ id: region, kind: 'region', label: `Region ${t.region}` });
  const hasInternet = t.internetGateways.some((g) => g.vpcId) || t.egressOnlyInternetGateways.length > 0;
  if (hasInternet) add({ id: INTERNET, kind: 'internet', label: 'Internet' });
  const hasOnPremises = t.customerGateways.length > 0 || t.directConnectConnections.length > 0;
  if (hasOnPremises) add({ id: ON_PREMISES, kind: 'onprem', label: 'On premises' });

  for (const v of t.vpcs) add(model('vpc', v, region, `${boxTitle(v)}  ${v.cidrBlocks.map((c) => c.text).join(' ')}`));
  const subnetById = new Map(t.subnets.map((s) => [s.id, s]));
  for (const s of t.subnets) {
    const az = `az:${s.vpcId}:${s.availabilityZone}`;
    add({ id: az, kind: 'az', label: s.availabilityZone, parent: s.vpcId });
    const cidrs = [s.cidrBlock?.text, s.ipv6CidrBlock?.text].filter(Boolean).join(' ');
    add(model('subnet', s, az, `${boxTitle(s)}  ${cidrs}`));
  }
  const inSubnet = (subnetId: string): string | undefined => (subnetById.has(subnetId) ? subnetId : undefined);

  for (const i of t.instances) {
    add(model('instance', i, inSubnet(i.subnetId)));
    for (const eni of i.networkInterfaceIds) nodeOf.set(eni, i.id);
  }
  for (const n of t.natGateways) {
    add(model('nat', n, inSubnet(n.subnetId)));
    nodeOf.set(n.networkInterfaceId, n.id);
  }
  for (const e of t.vpcEndpoints) {
    if (e.type === 'Gateway') {
      add(model('endpoint', e, region, `${e.logicalId}\n${e.serviceName.split('.').pop()} gateway endpoint`));
      link(e.id, e.vpcId);
      continue;
    }
    // An interface (or GWLB) endpoint has one ENI per subnet: one node each, named after the endpoint.
    e.subnetIds.forEach((subnetId, k) => {
      const id = k === 0 ? e.id : `${e.id}@${subnetId}`;
      add({ ...model('endpoint', e, inSubnet(subnetId), `${e.logicalId}\n${e.serviceName.split('.').pop()}`), id });
      const eni = t.networkInterfaces.find((n) => n.ownerId === e.id && n.subnetId === subnetId);
      if (eni) nodeOf.set(eni.id, id);
    });
  }
  for (const f of t.networkFirewalls) {
    f.endpoints.forEach((ep, k) => {
      const id = k === 0 ? f.id : `${f.id}@${ep.subnetId}`;
      add({ ...model('firewall', f, inSubnet(ep.subnetId), `${f.logicalId}\nfirewall endpoint`), id });
      nodeOf.set(ep.networkInterfaceId, id);
      nodeOf.set(ep.endpointId, id);
    });
  }
  for (const n of t.networkInterfaces) {
    if (nodeOf.has(n.id) || n.kind === 'transit-gateway-attachment') continue;
    add(model('eni', n, inSubnet(n.subnetId)));
  }

  for (const g of t.internetGateways) {
    add(model('igw', g, region));
    if (g.vpcId) {
      link(g.id, g.vpcId);
      link(g.id, INTERNET);
    }
  }
  for (const g of t.egressOnlyInternetGateways) {
    add(model('eigw', g, region));
    link(g.id, g.vpcId);
    link(g.id, INTERNET);
  }
  for (const g of t.vpnGateways) {
    add(model('vgw', g, region));
    if (g.vpcId) link(g.id, g.vpcId);
  }
  for (const p of t.vpcPeeringConnections) {
    add(model('peering', p, region));
    link(p.id, p.requesterVpcId);
    link(p.id, p.accepterVpcId);
  }
  for (const g of t.transitGateways) add(model('tgw', g, region));
  for (const c of t.customerGateways) add(model('cgw', c, ON_PREMISES, `${title(c)}\n${c.ipAddress.text}`));
  for (const c of t.directConnectConnections) add(model('dx', c, ON_PREMISES));
  for (const g of t.directConnectGateways) {
    add(model('dxgw', g));
    for (const a of g.associations) link(g.id, a.gatewayId);
  }
  for (const v of t.vpnConnections) {
    add(model('vpn', v));
    link(v.id, v.customerGatewayId);
    if (v.vpnGatewayId) link(v.id, v.vpnGatewayId);
    if (v.transitGatewayId) link(v.id, v.transitGatewayId);
  }
  for (const vif of t.virtualInterfaces) {
    add(model('vif', vif));
    link(vif.id, vif.connectionId);
    if (vif.vpnGatewayId) link(vif.id, vif.vpnGatewayId);
    if (vif.directConnectGatewayId) link(vif.id, vif.directConnectGatewayId);
  }
  // Transit gateway attachments are the edges from the gateway to what it attaches; their ENIs and the
  // attachment itself light the gateway.
  for (const a of t.transitGatewayAttachments) {
    nodeOf.set(a.id, a.transitGatewayId);
    nodeOf.set(a.logicalId, a.transitGatewayId);
    for (const eni of a.networkInterfaceIds) nodeOf.set(eni, a.transitGatewayId);
    link(a.transitGatewayId, a.resourceId, a.id);
  }
  return { nodes, edges, nodeOf };
}
