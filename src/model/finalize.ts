// Completes a Topology with what AWS creates implicitly, so every importer (CloudFormation,
// snapshot, builder) hands the same shape to validation and compile. Idempotent: running it on
// its own output changes nothing. It mutates and returns `t`; it only ever adds what is missing.
import { allocatePrivateAddresses } from './address-allocation.js';
import { awsManagedPrefixList, gatewayServiceOf } from './aws-prefix-lists.js';
import { physicalId } from './ids.js';
import { makePrefix, parsePrefix } from './ip.js';
import { PublicIpPool } from './public-ips.js';
import { aclEntry, privateIp, securityGroupRule, stringListCopy } from './shapes.js';
import type {
  NetworkAcl,
  NetworkInterface,
  NetworkInterfaceKind,
  PrivateIp,
  RouteTable,
  SecurityGroup,
  Subnet,
  Topology,
  Vpc,
} from './types.js';

const ANY_V4 = parsePrefix('0.0.0.0/0');
// Made, not parsed: parsing IPv6 text loads ip-num, which a cache hit of the CLI never needs otherwise.
const ANY_V6 = makePrefix(6, 0n, 0);

/**
 * Adds what AWS implies once every resource is in (VPC defaults, the ENIs resources own, gateway endpoint
 * routes, default security groups ...); the importers and the builder call it before validateTopology().
 * Returns `t`.
 */
export function finalizeTopology(t: Topology): Topology {
  ensureVpcDefaults(t);
  ensureOwnedInterfaces(t);
  ensureGatewayEndpointRoutes(t);
  applyDefaultSecurityGroups(t);
  allocatePrivateAddresses(t);
  assignPublicIps(t);
  return t;
}

// RT-1, NACL-1/NACL-2, SG-8: every VPC has a main route table, a default network ACL and a default
// security group. They are created only when their ids are absent, so a snapshot's own wins.
export function ensureVpcDefaults(t: Topology): void {
  // Id indexes built once: a scan of every table per VPC was quadratic on 1,000-VPC models.
  const routeTables = new Map<string, RouteTable>();
  for (const r of t.routeTables) if (!routeTables.has(r.id)) routeTables.set(r.id, r);
  const acls = new Set(t.networkAcls.map((n) => n.id));
  const groups = new Set(t.securityGroups.map((g) => g.id));
  for (const vpc of t.vpcs) {
    if (!vpc.mainRouteTableId) vpc.mainRouteTableId = physicalId('rtb', `${vpc.id}/main`);
    if (!vpc.defaultNetworkAclId) vpc.defaultNetworkAclId = physicalId('acl', `${vpc.id}/default`);
    if (!vpc.defaultSecurityGroupId) vpc.defaultSecurityGroupId = physicalId('sg', `${vpc.id}/default`);
    const hasV6 = vpc.ipv6CidrBlocks.length > 0;

    const main = routeTables.get(vpc.mainRouteTableId);
    if (main) main.main = true;
    else {
      const created = mainRouteTable(vpc);
      t.routeTables.push(created);
      routeTables.set(created.id, created);
    }
    if (!acls.has(vpc.defaultNetworkAclId)) {
      t.networkAcls.push(defaultNetworkAcl(vpc, hasV6));
      acls.add(vpc.defaultNetworkAclId);
    }
    if (!groups.has(vpc.defaultSecurityGroupId)) {
      t.securityGroups.push(defaultSecurityGroup(vpc, hasV6));
      groups.add(vpc.defaultSecurityGroupId);
    }
  }
}

function mainRouteTable(vpc: Vpc): RouteTable {
  return {
    id: vpc.mainRouteTableId,
    logicalId: `${vpc.logicalId}.MainRouteTable`,
    vpcId: vpc.id,
    main: true,
    routes: [],
    subnetIds: [],
    gatewayIds: [],
    propagatingVgwIds: [],
  };
}

// NACL-2: rule 100 allows all IPv4 (and rule 101 all IPv6 when the VPC has IPv6), both directions.
function defaultNetworkAcl(vpc: Vpc, hasV6: boolean): NetworkAcl {
  const entries: NetworkAcl['entries'] = [];
  for (const egress of [false, true]) {
    entries.push(aclEntry(100, egress, -1, 'allow', ANY_V4));
    if (hasV6) entries.push(aclEntry(101, egress, -1, 'allow', ANY_V6));
  }
  return { id: vpc.defaultNetworkAclId, logicalId: `${vpc.logicalId}.DefaultNetworkAcl`, vpcId: vpc.id, isDefault: true, entries, subnetIds: [] };
}

// SG-8: inbound from members of the same group; outbound to everything (IPv6 too when the VPC has it).
function defaultSecurityGroup(vpc: Vpc, hasV6: boolean): SecurityGroup {
  const egress: SecurityGroup['egress'] = [securityGroupRule(-1, -1, -1, { kind: 'cidr', prefix: ANY_V4 })];
  if (hasV6) egress.push(securityGroupRule(-1, -1, -1, { kind: 'cidr', prefix: ANY_V6 }));
  return {
    id: vpc.defaultSecurityGroupId,
    logicalId: `${vpc.logicalId}.DefaultSecurityGroup`,
    vpcId: vpc.id,
    groupName: 'default',
    isDefault: true,
    ingress: [securityGroupRule(-1, -1, -1, { kind: 'security-group', groupId: vpc.defaultSecurityGroupId })],
    egress,
  };
}

/** Id of the ENI AWS places for `ownerId` in `subnetId` (importers use it for GetAtt ...NetworkInterfaceIds). */
export function serviceInterfaceId(ownerId: string, subnetId: string): string {
  return physicalId('eni', `${ownerId}/${subnetId}`);
}

/**
 * A service or instance ENI with the fields of the importer's instance ENIs, in their order (deviceIndex
 * present, undefined for a service's): compile and validate then meet one shape, where an ENI of another
 * shape after the importer's 100,000s (these come last) threw away their optimized per-ENI code.
 */
function newInterface(
  id: string,
  logicalId: string,
  subnetId: string,
  kind: NetworkInterfaceKind,
  ownerId: string,
  securityGroupIds: string[],
  deviceIndex?: number,
): NetworkInterface {
  return {
    id,
    logicalId,
    subnetId,
    kind,
    ownerId,
    deviceIndex,
    privateIps: [privateIp(true, undefined)],
    ipv6Addresses: [],
    securityGroupIds: stringListCopy(securityGroupIds),
    // Service-managed ENIs forward traffic that is not addressed to them.
    sourceDestCheck: kind === 'instance' || kind === 'interface',
  };
}

// ENIs that AWS places for NAT gateways, TGW VPC attachments (TGW-9), interface/GWLB endpoints
// (VPCE-8), firewall endpoints (NFW-1) and instances declared without interfaces.
function ensureOwnedInterfaces(t: Topology): void {
  // The ENIs to add, in order; an id already there (or proposed before) is skipped at the end, so
  // only the few proposed ids are kept in a set, not the 100,000s of ENIs there are.
  const proposed: NetworkInterface[] = [];
  let subnetLogical: Map<string, string> | undefined;
  const add = (eni: NetworkInterface): void => {
    proposed.push(eni);
  };
  const perSubnetLogical = (owner: string, subnetId: string): string => {
    if (!subnetLogical) {
      subnetLogical = new Map();
      for (const s of t.subnets) subnetLogical.set(s.id, s.logicalId);
    }
    return `${owner}.${subnetLogical.get(subnetId) ?? subnetId}`;
  };

  for (const nat of t.natGateways) {
    if (!nat.networkInterfaceId) nat.networkInterfaceId = physicalId('eni', `${nat.id}/eni`);
    const eni = newInterface(nat.networkInterfaceId, `${nat.logicalId}.NetworkInterface`, nat.subnetId, 'nat-gateway', nat.id, []);
    // GW-7: the NAT gateway's Elastic IP is mapped to its primary private IP.
    if (nat.publicIp) eni.privateIps[0] = privateIp(true, undefined, nat.publicIp, nat.allocationId, nat.elasticIpLogicalId);
    add(eni);
  }

  for (const att of t.transitGatewayAttachments) {
    if (att.resourceType !== 'vpc') continue;
    att.subnetIds.forEach((subnetId, i) => {
      if (!att.networkInterfaceIds[i]) att.networkInterfaceIds[i] = serviceInterfaceId(att.id, subnetId);
      add(newInterface(att.networkInterfaceIds[i]!, perSubnetLogical(att.logicalId, subnetId), subnetId, 'transit-gateway-attachment', att.id, []));
    });
  }

  let vpcs: Map<string, Vpc> | undefined;
  for (const ep of t.vpcEndpoints) {
    if (ep.type === 'Gateway') continue;
    // The first VPC with the endpoint's VPC id (a map: one scan of the VPCs per endpoint was quadratic).
    if (!vpcs) {
      vpcs = new Map();
      for (const v of t.vpcs) if (!vpcs.has(v.id)) vpcs.set(v.id, v);
    }
    const vpc = vpcs.get(ep.vpcId);
    // SG-9 / VPCE-9: an interface endpoint without security groups gets the VPC's default group.
    if (ep.type === 'Interface' && ep.securityGroupIds.length === 0 && vpc) ep.securityGroupIds = [vpc.defaultSecurityGroupId];
    const groups = ep.type === 'Interface' ? ep.securityGroupIds : [];
    ep.subnetIds.forEach((subnetId, i) => {
      if (!ep.networkInterfaceIds[i]) ep.networkInterfaceIds[i] = serviceInterfaceId(ep.id, subnetId);
      add(newInterface(ep.networkInterfaceIds[i]!, perSubnetLogical(ep.logicalId, subnetId), subnetId, 'vpc-endpoint', ep.id, groups));
    });
  }

  for (const fw of t.networkFirewalls) {
    for (const ep of fw.endpoints) {
      if (!ep.networkInterfaceId) ep.networkInterfaceId = serviceInterfaceId(fw.id, ep.subnetId);
      add(newInterface(ep.networkInterfaceId, perSubnetLogical(fw.logicalId, ep.subnetId), ep.subnetId, 'firewall-endpoint', fw.id, []));
    }
  }

  // Indexed loops over the 100,000s of instances and ENIs: finalize runs once per import, so its loops
  // start in the interpreter, where for-of costs an iterator call per item.
  const instances = t.instances;
  for (let i = 0; i < instances.length; i++) {
    const inst = instances[i]!;
    if (inst.networkInterfaceIds.length > 0) continue;
    const eni = newInterface(physicalId('eni', `${inst.id}/eth0`), `${inst.logicalId}.eth0`, inst.subnetId, 'instance', inst.id, [], 0);
    inst.networkInterfaceIds.push(eni.id);
    add(eni);
  }

  if (proposed.length === 0) return;
  const ids = new Set<string>();
  for (const eni of proposed) ids.add(eni.id);
  const taken = new Set<string>();
  const enis = t.networkInterfaces;
  for (let i = 0; i < enis.length; i++) {
    const id = enis[i]!.id;
    if (ids.has(id)) taken.add(id);
  }
  for (const eni of proposed) {
    if (taken.has(eni.id)) continue;
    taken.add(eni.id);
    t.networkInterfaces.push(eni);
  }
}

// VPCE-2: a gateway endpoint adds, to each of its route tables, a route from the service's
// AWS-managed prefix list to the endpoint; the prefix list itself is added when missing.
function ensureGatewayEndpointRoutes(t: Topology): void {
  const routeTables = new Map<string, RouteTable>();
  for (const r of t.routeTables) if (!routeTables.has(r.id)) routeTables.set(r.id, r);
  for (const ep of t.vpcEndpoints) {
    if (ep.type !== 'Gateway') continue;
    const service = gatewayServiceOf(ep.serviceName, t.region);
    if (!service) continue; // VPCE-1: validation rejects other services
    const { list, known } = awsManagedPrefixList(service, t.region);
    if (!t.prefixLists.some((p) => p.id === list.id)) {
      t.prefixLists.push(list);
      if (!known) t.warnings.push(`no built-in address ranges for ${list.prefixListName}; gateway endpoint '${ep.logicalId}' matches nothing`);
    }
    for (const rtId of ep.routeTableIds) {
      const rt = routeTables.get(rtId);
      if (!rt || rt.routes.some((r) => r.destinationPrefixListId === list.id && r.target.id === ep.id)) continue;
      rt.routes.push({ destinationPrefixListId: list.id, target: { kind: 'vpc-endpoint', id: ep.id }, origin: 'CreateRoute', logicalId: `${ep.logicalId}.Route` });
    }
  }
}

// SG-9: an instance or ENI declared without a security group gets its VPC's default group.
// SG-16: NAT gateway, TGW attachment and firewall endpoint ENIs have none.
function applyDefaultSecurityGroups(t: Topology): void {
  // Built when an ENI needs them: most ENIs name their groups.
  let subnetVpc: Map<string, string> | undefined;
  let defaults: Map<string, string> | undefined;
  const enis = t.networkInterfaces;
  for (let i = 0; i < enis.length; i++) {
    const eni = enis[i]!;
    if (eni.securityGroupIds.length > 0) continue;
    if (eni.kind !== 'instance' && eni.kind !== 'interface' && eni.kind !== 'vpc-endpoint') continue;
    if (eni.kind === 'vpc-endpoint' && t.vpcEndpoints.find((e) => e.id === eni.ownerId)?.type !== 'Interface') continue;
    subnetVpc ??= new Map(t.subnets.map((s) => [s.id, s.vpcId]));
    defaults ??= new Map(t.vpcs.map((v) => [v.id, v.defaultSecurityGroupId]));
    const group = defaults.get(subnetVpc.get(eni.subnetId) ?? '');
    if (group) eni.securityGroupIds.push(group);
  }
}

// ADDR-12/13: an instance's primary ENI (device index 0) gets an auto-assigned public IPv4 when the
// launch asked for one or, by default, when its subnet maps public IPs on launch. ADDR-14: an Elastic
// IP already on the address wins. Addresses come from the deterministic pool (public-ips.ts).
function assignPublicIps(t: Topology): void {
  const pool = new PublicIpPool();
  // Indexed loops (see ensureOwnedInterfaces): one pass over the ENIs reserves, a second allocates.
  const enis = t.networkInterfaces;
  for (let i = 0; i < enis.length; i++) {
    const ips = enis[i]!.privateIps;
    for (let k = 0; k < ips.length; k++) if (ips[k]!.publicIp) pool.reserve(ips[k]!.publicIp!);
  }
  for (const nat of t.natGateways) if (nat.publicIp) pool.reserve(nat.publicIp);
  const subnets = new Map<string, Subnet>();
  for (const s of t.subnets) subnets.set(s.id, s);
  for (let i = 0; i < enis.length; i++) {
    const eni = enis[i]!;
    if (eni.kind !== 'instance' || eni.deviceIndex !== 0) continue;
    const subnet = subnets.get(eni.subnetId);
    if (!subnet?.cidrBlock) continue;
    if (!(eni.associatePublicIpAddress ?? subnet.mapPublicIpOnLaunch)) continue;
    const primary = primaryIp(eni);
    if (!primary || primary.publicIp) continue;
    primary.publicIp = pool.allocate(eni.id);
  }
}

/** The ENI's first primary private IP. */
function primaryIp(eni: NetworkInterface): PrivateIp | undefined {
  const ips = eni.privateIps;
  for (let k = 0; k < ips.length; k++) if (ips[k]!.primary) return ips[k];
  return undefined;
}
