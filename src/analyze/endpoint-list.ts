// `vpcsim list`: the endpoints a user can name in `--from` / `--to` (TRACE-1), so nobody has to read
// the template to find them: every resource that stands for a network interface (instances, NAT
// gateways, interface endpoints, and the ENIs no such resource speaks for), then the on-premises
// networks reachable over VPN and Direct Connect (HYB-3, HYB-12), which are traced by address.
import type { NetworkInterface, Resource, Topology } from '../model/types.js';

export interface TraceableEndpoint {
  /** AWS type of the resource, e.g. `AWS::EC2::Instance`. */
  type: string;
  logicalId: string;
  /** The `Name` tag, when present. */
  name?: string;
  /** AWS physical id. */
  id: string;
  /** Private IPv4 addresses, then IPv6 addresses, of the ENI the resource stands for (TRACE-2). */
  privateAddresses: string[];
  /** Public IPv4 addresses (auto-assigned or Elastic IP) mapped to those private addresses. */
  publicAddresses: string[];
  /** The network interface the resource stands for. */
  networkInterfaceId: string;
  /** The subnet's logical id (snapshots: its Name tag, else its id). */
  subnet: string;
  vpc: string;
  availabilityZone: string;
}

export interface OnPremisesNetwork {
  /** The on-premises prefix, e.g. 192.168.0.0/16. */
  prefix: string;
  /** The VPN connection or virtual interface it is learned over. */
  via: string;
  type: 'AWS::EC2::VPNConnection' | 'AWS::DirectConnect::VirtualInterface';
}

export interface EndpointList {
  endpoints: TraceableEndpoint[];
  onPremises: OnPremisesNetwork[];
}

interface Speaker {
  resource: Resource;
  type: string;
  eniId: string | undefined;
}

/** Resources that speak for one ENI, in the order `--from` resolution prefers them. */
function speakers(t: Topology, azOf: (eniId: string) => string): Speaker[] {
  const out: Speaker[] = [];
  for (const i of t.instances) out.push({ resource: i, type: 'AWS::EC2::Instance', eniId: i.networkInterfaceIds[0] });
  for (const n of t.natGateways) out.push({ resource: n, type: 'AWS::EC2::NatGateway', eniId: n.networkInterfaceId });
  for (const ep of t.vpcEndpoints) {
    if (ep.type === 'Gateway') continue;
    // VPCE-10 CHOICE (as trace resolves it): an interface endpoint stands for its ENI in the first AZ by name;
    // its other ENIs are listed as network interfaces.
    const first = [...ep.networkInterfaceIds].sort((a, b) => azOf(a).localeCompare(azOf(b)))[0];
    out.push({ resource: ep, type: 'AWS::EC2::VPCEndpoint', eniId: first });
  }
  return out;
}

/** A template's logical id; for a snapshot (logical id = AWS id), its Name tag when it has one. */
export function shownName(r: Resource): string {
  return r.logicalId === r.id && r.name !== undefined ? r.name : r.logicalId;
}

function row(t: Topology, s: Speaker, eni: NetworkInterface, subnets: Map<string, Topology['subnets'][number]>, vpcs: Map<string, Topology['vpcs'][number]>): TraceableEndpoint {
  const subnet = subnets.get(eni.subnetId);
  const vpc = subnet ? vpcs.get(subnet.vpcId) : undefined;
  const r: TraceableEndpoint = {
    type: s.type,
    logicalId: s.resource.logicalId,
    id: s.resource.id,
    privateAddresses: [...eni.privateIps.flatMap((p) => (p.address ? [p.address.text] : [])), ...eni.ipv6Addresses.map((a) => a.text)],
    publicAddresses: eni.privateIps.flatMap((p) => (p.publicIp ? [p.publicIp.text] : [])),
    networkInterfaceId: eni.id,
    subnet: subnet ? shownName(subnet) : eni.subnetId,
    vpc: vpc ? shownName(vpc) : (subnet?.vpcId ?? ''),
    availabilityZone: subnet?.availabilityZone ?? '',
  };
  if (s.resource.name !== undefined) r.name = s.resource.name;
  return r;
}

/** Every traceable endpoint of the topology, in model order (instances, NAT gateways, endpoints, other ENIs). */
export function listEndpoints(t: Topology): EndpointList {
  const enis = new Map(t.networkInterfaces.map((e) => [e.id, e]));
  const subnets = new Map(t.subnets.map((s) => [s.id, s]));
  const vpcs = new Map(t.vpcs.map((v) => [v.id, v]));
  const endpoints: TraceableEndpoint[] = [];
  const spoken = new Set<string>();
  const azOf = (eniId: string) => subnets.get(enis.get(eniId)?.subnetId ?? '')?.availabilityZone ?? '';
  for (const s of speakers(t, azOf)) {
    const eni = s.eniId === undefined ? undefined : enis.get(s.eniId);
    if (!eni) continue;
    spoken.add(eni.id);
    endpoints.push(row(t, s, eni, subnets, vpcs));
  }
  // ENIs that no listed resource stands for: secondary instance ENIs, standalone ENIs, attachment and firewall ENIs.
  for (const eni of t.networkInterfaces) {
    if (!spoken.has(eni.id)) endpoints.push(row(t, { resource: eni, type: 'AWS::EC2::NetworkInterface', eniId: eni.id }, eni, subnets, vpcs));
  }
  const onPremises: OnPremisesNetwork[] = [];
  for (const vpn of t.vpnConnections) {
    for (const p of [...vpn.staticRoutes, ...vpn.bgpPrefixes]) onPremises.push({ prefix: p.text, via: vpn.logicalId, type: 'AWS::EC2::VPNConnection' });
  }
  for (const vif of t.virtualInterfaces) {
    for (const p of vif.onPremisesPrefixes) onPremises.push({ prefix: p.text, via: vif.logicalId, type: 'AWS::DirectConnect::VirtualInterface' });
  }
  return { endpoints, onPremises };
}
