// What `--from` / `--to` may name besides an ENI-backed resource (./endpoints.ts): an Elastic IP stands for
// its public address; any other resource of the model is not a traffic endpoint, and the message says
// what it is and what to trace instead (a security group's or subnet's instances), rather than a
// "did you mean" that points at an unrelated name.
import { formatAddress, type Address } from '../model/ip.js';
import type { NetworkIndex } from '../model/network-index.js';
import { elementsWith, firstWith, keyIndexOf, referenceKey } from '../model/list-index.js';
import type { NetworkInterface, Resource, Topology, VpcEndpoint } from '../model/types.js';

/**
 * ADDR-14: the public address of the Elastic IP `value` names, by its logical id (templates, the builder),
 * or allocation id (snapshots: a public address is an address already); undefined when no associated EIP has that name.
 */
export function elasticIpAddress(t: Topology, value: string): Address | undefined {
  const named = (ip: NetworkInterface['privateIps'][number]) => ip.publicIp && ip.allocationId && (ip.elasticIpLogicalId === value || ip.allocationId === value);
  const eni = firstWith(t.networkInterfaces, value, (e) => e.privateIps.some(named));
  if (eni) return eni.privateIps.find(named)!.publicIp;
  const nat = firstWith(t.natGateways, value, (n) => !!n.publicIp && (n.elasticIpLogicalId === value || (n.allocationId !== undefined && n.allocationId === value)));
  return nat?.publicIp;
}

type ListKey = {
  [K in keyof Topology]: Topology[K] extends Resource[] ? K : never;
}[keyof Topology];

/** Model resources that are not traffic endpoints, with the words that say what they are. */
const NOT_ENDPOINTS: Array<[ListKey, string]> = [
  ['vpcs', 'a VPC'],
  ['subnets', 'a subnet'],
  ['securityGroups', 'a security group'],
  ['routeTables', 'a route table'],
  ['networkAcls', 'a network ACL'],
  ['internetGateways', 'an internet gateway'],
  ['egressOnlyInternetGateways', 'an egress-only internet gateway'],
  ['vpcPeeringConnections', 'a VPC peering connection'],
  ['transitGateways', 'a transit gateway'],
  ['transitGatewayAttachments', 'a transit gateway attachment'],
  ['transitGatewayRouteTables', 'a transit gateway route table'],
  ['vpnGateways', 'a virtual private gateway'],
  ['customerGateways', 'a customer gateway'],
  ['vpnConnections', 'a VPN connection'],
  ['directConnectGateways', 'a Direct Connect gateway'],
  ['directConnectConnections', 'a Direct Connect connection'],
  ['virtualInterfaces', 'a Direct Connect virtual interface'],
  ['vpcEndpoints', 'a gateway VPC endpoint'],
  ['prefixLists', 'a prefix list'],
  ['networkFirewalls', 'a network firewall'],
  ['firewallPolicies', 'a firewall policy'],
  ['firewallRuleGroups', 'a firewall rule group'],
];

const WHAT_TO_TRACE = 'trace from or to an instance, network interface, NAT gateway, interface endpoint, Elastic IP or IP address (`vpcsim list` shows them)';

/** How many members a message names before "and N more". */
const SHOWN = 5;

/** A short phrase naming the resources whose ENIs these are (instance, NAT gateway, endpoint or the ENI itself). */
function ownersOf(t: Topology, ix: NetworkIndex, enis: NetworkInterface[]): string {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const eni of enis) {
    const ownerId = eni.ownerId;
    const owner = ownerId !== undefined ? (ix.lookup.instances.get(ownerId) ?? firstWith(t.natGateways, ownerId, (n) => n.id === ownerId) ?? ix.vpcEndpoints.get(ownerId)) : undefined;
    const name = (owner ?? eni).logicalId;
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  }
  const shown = names.slice(0, SHOWN).join(', ');
  return names.length > SHOWN ? `${shown} and ${names.length - SHOWN} more` : shown;
}

/** The ENIs in the subnets `subnetIds`, in list order (through the ENI list's key index when it has one). */
function enisInSubnets(enis: readonly NetworkInterface[], subnetIds: ReadonlySet<string>): NetworkInterface[] {
  const index = keyIndexOf(enis);
  if (!index) return enis.filter((e) => subnetIds.has(e.subnetId));
  const positions = new Set<number>();
  for (const id of subnetIds) for (const p of Array.from(index.candidates(referenceKey(id)))) positions.add(p);
  return [...positions].sort((a, b) => a - b).map((p) => enis[p]!).filter((e) => subnetIds.has(e.subnetId));
}

function membersHint(t: Topology, ix: NetworkIndex, key: ListKey, r: Resource): string {
  const enis = t.networkInterfaces;
  switch (key) {
    case 'securityGroups': {
      const members = elementsWith(enis, referenceKey(r.id), (e) => e.securityGroupIds.includes(r.id));
      return members.length === 0 ? 'no network interface uses it' : `its network interfaces belong to ${ownersOf(t, ix, members)}: trace from or to one of those`;
    }
    case 'subnets': {
      const members = elementsWith(enis, referenceKey(r.id), (e) => e.subnetId === r.id);
      const cidr = (r as Topology['subnets'][number]).cidrBlock;
      const address = cidr ? `an address in ${cidr.text}` : 'an address in it';
      return members.length === 0 ? `it holds no network interface; use ${address}` : `it holds ${ownersOf(t, ix, members)}: trace from or to one of those, or ${address}`;
    }
    case 'vpcs': {
      const subnets = new Set(elementsWith(t.subnets, referenceKey(r.id), (s) => s.vpcId === r.id).map((s) => s.id));
      const members = enisInSubnets(enis, subnets);
      return members.length === 0 ? 'it holds no network interface' : `it holds ${ownersOf(t, ix, members)}: trace from or to one of those`;
    }
    case 'vpcEndpoints':
      return gatewayEndpointHint(t, r as VpcEndpoint);
    case 'customerGateways':
    case 'vpnConnections':
    case 'directConnectGateways':
    case 'directConnectConnections':
    case 'virtualInterfaces':
      return 'trace from or to an address of the on-premises network (`vpcsim list` shows the networks)';
    default:
      return WHAT_TO_TRACE;
  }
}

/**
 * VPCE-2 ("Gateway endpoints", AWS PrivateLink Guide): a gateway endpoint is a route target for the service's
 * AWS-managed prefix list, not an address; traffic to the service name or to an address in that list takes it.
 */
function gatewayEndpointHint(t: Topology, ep: VpcEndpoint): string {
  // Only the endpoint's own route tables and its prefix list are read (the lists may be the image cache's, decoded on read).
  const listId = ep.routeTableIds
    .flatMap((id) => firstWith(t.routeTables, id, (rt) => rt.id === id)?.routes ?? [])
    .find((r) => r.target.kind === 'vpc-endpoint' && r.target.id === ep.id && r.destinationPrefixListId !== undefined)?.destinationPrefixListId;
  const list = listId === undefined ? undefined : firstWith(t.prefixLists, listId, (p) => p.id === listId);
  const first = list?.entries.find((p) => p.family === 4 && p.len < 31);
  if (!list || !first) return `trace to its service name (${ep.serviceName})`;
  const example = formatAddress(4, first.addr + 1n);
  return `its route tables send the prefix list ${list.id} (${list.prefixListName}) to it: trace to its service name (${ep.serviceName}) or to an address in ${list.id}, such as ${example}`;
}

/**
 * The message for a model resource that is not a traffic endpoint ("'WebSg' is a security group, not
 * a traffic endpoint; ..."), by logical id, physical id or Name tag; undefined when `value` names none.
 */
export function notAnEndpoint(t: Topology, ix: NetworkIndex, value: string): string | undefined {
  for (const match of [(r: Resource) => r.logicalId === value, (r: Resource) => r.id === value, (r: Resource) => r.name === value]) {
    for (const [key, words] of NOT_ENDPOINTS) {
      const r = firstWith(t[key] as Resource[], value, match);
      if (r) return `'${value}' is ${words}, not a traffic endpoint; ${membersHint(t, ix, key, r)}`;
    }
  }
  return undefined;
}
