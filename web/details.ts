// The side panel: what the selected component is, with the rules and routes that decide its traffic
// (security group rules, network ACL entries, the subnet's route table, transit gateway route tables).
import type { NetworkAcl, NetworkInterface, RouteTable, SecurityGroup, SecurityGroupRule, Topology } from '../src/browser.js';
import { h, table } from './dom.js';
import type { GraphNode } from './graph-model.js';

const PROTOCOLS: Record<number, string> = { [-1]: 'all', 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };
const protocolName = (p: number): string => PROTOCOLS[p] ?? String(p);
const ports = (from: number, to: number): string => (from === -1 || (from === 0 && to === 65535) ? 'all' : from === to ? String(from) : `${from}-${to}`);

/** Logical id of any model object by AWS id (what the CLI prints), else the id. */
export function namer(t: Topology): (id: string | undefined) => string {
  const names = new Map<string, string>();
  for (const list of Object.values(t)) {
    if (!Array.isArray(list)) continue;
    for (const r of list as Array<{ id?: unknown; logicalId?: unknown }>) {
      if (typeof r?.id === 'string' && typeof r.logicalId === 'string') names.set(r.id, r.logicalId);
    }
  }
  return (id) => (id === undefined ? '' : (names.get(id) ?? id));
}

function sgRules(t: Topology, sg: SecurityGroup): HTMLElement {
  const name = namer(t);
  const peer = (r: SecurityGroupRule): string =>
    r.peer.kind === 'cidr' ? r.peer.prefix.text : r.peer.kind === 'security-group' ? `sg ${name(r.peer.groupId)}` : `prefix list ${name(r.peer.prefixListId)}`;
  const rows = (rules: SecurityGroupRule[], dir: string) => rules.map((r) => [dir, protocolName(r.protocol), r.protocol === 6 || r.protocol === 17 ? ports(r.fromPort, r.toPort) : '-', peer(r)]);
  return h(
    'section',
    {},
    h('h4', {}, `Security group ${sg.logicalId}`, h('span', { class: 'id' }, ` ${sg.id}`)),
    table(['direction', 'protocol', 'ports', 'peer'], [...rows(sg.ingress, 'inbound'), ...rows(sg.egress, 'outbound')]),
  );
}

function naclEntries(acl: NetworkAcl): HTMLElement {
  const entries = [...acl.entries].sort((a, b) => Number(a.egress) - Number(b.egress) || a.ruleNumber - b.ruleNumber);
  const rows = entries.map((e) => [
    e.egress ? 'outbound' : 'inbound',
    e.ruleNumber,
    protocolName(e.protocol),
    e.portRange ? ports(e.portRange.from, e.portRange.to) : '-',
    e.cidr.text,
    e.ruleAction,
  ]);
  for (const dir of ['inbound', 'outbound']) rows.push([dir, '*', 'all', 'all', 'any', 'deny']);
  return h('section', {}, h('h4', {}, `Network ACL ${acl.logicalId}`, h('span', { class: 'id' }, ` ${acl.id}`)), table(['direction', 'rule', 'protocol', 'ports', 'cidr', 'action'], rows));
}

function routeTable(t: Topology, rt: RouteTable): HTMLElement {
  const name = namer(t);
  const vpc = t.vpcs.find((v) => v.id === rt.vpcId);
  const local = (vpc?.cidrBlocks ?? []).concat(vpc?.ipv6CidrBlocks ?? []).map((c) => [c.text, 'local', '']);
  const rows = rt.routes.map((r) => [r.destination?.text ?? `prefix list ${name(r.destinationPrefixListId)}`, r.target.kind === 'local' ? 'local' : `${r.target.kind} ${name(r.target.id)}`, r.state ?? '']);
  return h('section', {}, h('h4', {}, `Route table ${rt.logicalId}${rt.main ? ' (main)' : ''}`, h('span', { class: 'id' }, ` ${rt.id}`)), table(['destination', 'target', 'state'], [...local, ...rows]));
}

/** RT-1: the subnet's explicit association, else its VPC's main table. */
export function subnetRouteTable(t: Topology, subnetId: string): RouteTable | undefined {
  const subnet = t.subnets.find((s) => s.id === subnetId);
  return t.routeTables.find((r) => r.subnetIds.includes(subnetId)) ?? t.routeTables.find((r) => r.main && r.vpcId === subnet?.vpcId);
}

/** NACL-1: the associated ACL, else the VPC's default. */
export function subnetAcl(t: Topology, subnetId: string): NetworkAcl | undefined {
  const subnet = t.subnets.find((s) => s.id === subnetId);
  return t.networkAcls.find((a) => a.subnetIds.includes(subnetId)) ?? t.networkAcls.find((a) => a.isDefault && a.vpcId === subnet?.vpcId);
}

function eniFacts(t: Topology, eni: NetworkInterface): HTMLElement[] {
  const addrs = eni.privateIps.map((p) => `${p.address?.text ?? '(unallocated)'}${p.publicIp ? ` public ${p.publicIp.text}` : ''}`).concat(eni.ipv6Addresses.map((a) => a.text));
  const sgs = eni.securityGroupIds.map((id) => t.securityGroups.find((s) => s.id === id)).filter((s): s is SecurityGroup => s !== undefined);
  return [
    h('p', {}, `ENI ${eni.logicalId} (${eni.id}): ${addrs.join(', ')}${eni.sourceDestCheck ? '' : ', source/dest check off'}`),
    ...sgs.map((sg) => sgRules(t, sg)),
  ];
}

function facts(rows: Array<[string, string | undefined]>): HTMLElement {
  return h('dl', {}, ...rows.filter(([, v]) => v !== undefined && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]));
}

export function describeNode(t: Topology, node: GraphNode): HTMLElement {
  const name = namer(t);
  const id = node.modelId;
  const body: Array<HTMLElement> = [];
  const heading = h('h3', {}, node.label.split('\n')[0]!.trim(), id ? h('span', { class: 'id' }, ` ${id}`) : undefined);
  switch (node.kind) {
    case 'vpc': {
      const v = t.vpcs.find((x) => x.id === id)!;
      body.push(facts([['CIDR blocks', [...v.cidrBlocks, ...v.ipv6CidrBlocks].map((c) => c.text).join(', ')]]));
      for (const rt of t.routeTables.filter((r) => r.vpcId === id)) body.push(routeTable(t, rt));
      break;
    }
    case 'subnet': {
      const s = t.subnets.find((x) => x.id === id)!;
      body.push(facts([['VPC', name(s.vpcId)], ['Availability Zone', s.availabilityZone], ['IPv4', s.cidrBlock?.text], ['IPv6', s.ipv6CidrBlock?.text], ['Public IP on launch', String(s.mapPublicIpOnLaunch)]]));
      const rt = subnetRouteTable(t, s.id);
      if (rt) body.push(routeTable(t, rt));
      const acl = subnetAcl(t, s.id);
      if (acl) body.push(naclEntries(acl));
      break;
    }
    case 'instance': {
      const i = t.instances.find((x) => x.id === id)!;
      body.push(facts([['State', i.state], ['Subnet', name(i.subnetId)]]));
      for (const eniId of i.networkInterfaceIds) {
        const eni = t.networkInterfaces.find((n) => n.id === eniId);
        if (eni) body.push(...eniFacts(t, eni));
      }
      break;
    }
    case 'eni': {
      const eni = t.networkInterfaces.find((n) => n.id === id);
      if (eni) body.push(facts([['Kind', eni.kind], ['Subnet', name(eni.subnetId)]]), ...eniFacts(t, eni));
      break;
    }
    case 'nat': {
      const n = t.natGateways.find((x) => x.id === id)!;
      body.push(facts([['Connectivity', n.connectivityType], ['State', n.state], ['Subnet', name(n.subnetId)], ['Elastic IP', n.publicIp?.text]]));
      break;
    }
    case 'igw':
    case 'eigw':
    case 'vgw': {
      const g = [...t.internetGateways, ...t.egressOnlyInternetGateways, ...t.vpnGateways].find((x) => x.id === id);
      body.push(facts([['Attached VPC', name(g?.vpcId)]]));
      for (const rt of t.routeTables.filter((r) => id !== undefined && r.gatewayIds.includes(id))) body.push(routeTable(t, rt));
      break;
    }
    case 'tgw': {
      const attachments = t.transitGatewayAttachments.filter((a) => a.transitGatewayId === id);
      body.push(table(['attachment', 'type', 'resource', 'state'], attachments.map((a) => [a.logicalId, a.resourceType, name(a.resourceId), a.state])));
      for (const rt of t.transitGatewayRouteTables.filter((r) => r.transitGatewayId === id)) {
        const rows = rt.routes.map((r) => [r.destination.text, r.blackhole ? 'blackhole' : name(r.attachmentId)]);
        const propagated = rt.propagationAttachmentIds.map((a) => ['(propagated)', name(a)]);
        body.push(h('section', {}, h('h4', {}, `TGW route table ${rt.logicalId}`), table(['destination', 'attachment'], [...rows, ...propagated])));
      }
      break;
    }
    case 'peering': {
      const p = t.vpcPeeringConnections.find((x) => x.id === id)!;
      body.push(facts([['Requester', name(p.requesterVpcId)], ['Accepter', name(p.accepterVpcId)], ['Status', p.status]]));
      break;
    }
    case 'vpn': {
      const v = t.vpnConnections.find((x) => x.id === id)!;
      body.push(
        facts([
          ['Customer gateway', name(v.customerGatewayId)],
          ['Gateway', name(v.vpnGatewayId ?? v.transitGatewayId)],
          ['Static routes only', String(v.staticRoutesOnly)],
          ['Static routes', v.staticRoutes.map((p) => p.text).join(', ')],
          ['BGP prefixes', v.bgpPrefixes.map((p) => p.text).join(', ')],
          ['Tunnels', v.tunnels.map((x, k) => `tunnel${k + 1} ${x.status}`).join(', ')],
        ]),
      );
      break;
    }
    case 'endpoint': {
      const e = t.vpcEndpoints.find((x) => x.id === id);
      if (e) body.push(facts([['Service', e.serviceName], ['Type', e.type], ['Policy', e.policy]]));
      for (const sg of t.securityGroups.filter((s) => e?.securityGroupIds.includes(s.id))) body.push(sgRules(t, sg));
      break;
    }
    default:
      break;
  }
  return h('div', {}, heading, h('p', { class: 'kind' }, node.kind), ...body);
}
