// Network interfaces: subnet, kind, flags, addresses, group membership and the SG rules that apply
// to each (SG-1: the union of all its groups, grouped per ENI at compile time so the walk scans one
// contiguous list). Also the address -> ENI tables: per VPC private addresses, and public IPv4s.
import type { NetworkInterface, NetworkInterfaceKind } from '../model/types.js';
import { addressWords, ipv4Word } from './address.js';
import { denseOr, type CompileContext } from './context.js';
import { EniField, EniFlag, EniKind, Section, SubnetField, VpcField } from '../../abi/image.js';
import { EniIp4Field, EniIp6Field, Owner4Field, Owner6Field, Public4Field } from '../../abi/image-addresses.js';
import {
  EniGroupField,
  EniRuleField,
  GroupMember4Field,
  GroupMember6Field,
  SecurityGroupField,
} from '../../abi/image-security-groups.js';

const KINDS: Record<NetworkInterfaceKind, EniKind> = {
  instance: EniKind.Instance,
  interface: EniKind.Interface,
  'nat-gateway': EniKind.NatGateway,
  'vpc-endpoint': EniKind.VpcEndpoint,
  'transit-gateway-attachment': EniKind.TransitGatewayAttachment,
  'firewall-endpoint': EniKind.FirewallEndpoint,
};

export function compileInterfaces(ctx: CompileContext): void {
  const { t, ids } = ctx;
  const enis = ctx.sections[Section.Eni]!;
  const subnets = ctx.sections[Section.Subnet]!;
  const stopped = stoppedInterfaces(ctx);
  const sharedRules: SharedRules = { bySingle: new Map(), byList: new Map() };
  // Each ENI's owner, looked up once (id maps of 100,000s of instances are slow to read), and how many
  // ENIs each instance has.
  const owners = new Int32Array(t.networkInterfaces.length);
  const instanceEnis = new Int32Array(t.instances.length);
  t.networkInterfaces.forEach((eni, e) => {
    const owner = eni.kind === 'instance' && ctx.eniInstances ? ctx.eniInstances[e]! : ownerOf(ctx, eni);
    owners[e] = owner;
    if (eni.kind === 'instance' && owner >= 0) instanceEnis[owner]!++;
  });
  t.networkInterfaces.forEach((eni, e) => {
    const r = enis.add();
    const subnet = denseOr(ids.subnet, eni.subnetId);
    const owner = owners[e]!;
    enis.set(r, EniField.Subnet, subnet);
    enis.set(r, EniField.Vpc, subnet < 0 ? -1 : subnets.get(subnet, SubnetField.Vpc));
    enis.set(r, EniField.Kind, KINDS[eni.kind]);
    // TRACE-15: the walk looks for another ENI of the host only when the instance has several.
    const sole = eni.kind === 'instance' && owner >= 0 && instanceEnis[owner] === 1;
    enis.set(r, EniField.Flags, (eni.sourceDestCheck ? EniFlag.SourceDestCheck : 0) | (stopped.has(eni.id) ? EniFlag.Stopped : 0)
      | (sole ? EniFlag.SoleOfInstance : 0));
    enis.set(r, EniField.Owner, owner);
    writeGroupsAndRules(ctx, r, eni, sharedRules);
    writeAddresses(ctx, r, e, eni);
  });
  const eniBefore = idOrder(t.networkInterfaces);
  writeOwnerTables(ctx, eniBefore);
  writeGroupMembers(ctx, eniBefore);
}

/** EniField.Owner: the instance, NAT gateway, VPC endpoint, TGW attachment or firewall the ENI belongs to. */
function ownerOf(ctx: CompileContext, eni: NetworkInterface): number {
  switch (eni.kind) {
    case 'instance':
      return denseOr(ctx.ids.instance, eni.ownerId);
    case 'nat-gateway':
      return denseOr(ctx.ids.natGateway, eni.ownerId);
    case 'vpc-endpoint':
      return denseOr(ctx.ids.vpcEndpoint, eni.ownerId);
    case 'transit-gateway-attachment':
      return denseOr(ctx.ids.tgwAttachment, eni.ownerId);
    case 'firewall-endpoint':
      return denseOr(ctx.ids.firewall, eni.ownerId);
    default:
      return -1;
  }
}

/**
 * Public6: every IPv6 address -> its ENI (smallest ENI id first). Anywhere4/6: a private address ->
 * its ENI in the VPC with the smallest id (C-4), for "owned by the model but private" answers (GW-3).
 * `v4`/`v6`: per VPC, each address's ENI (the smallest id in that VPC).
 */
function writeGlobalOwners(ctx: CompileContext, v4: Map<number, number>[], v6: Map<bigint, number>[], eniBefore: IdOrder): void {
  // C-4: the owner is the ENI in the VPC with the smallest id, then the ENI with the smallest id.
  const vpcBefore = idOrder(ctx.t.vpcs);
  const any4 = new Map<number, number>();
  const any6 = new Map<bigint, number>();
  const better = (e: number, v: number, current: number | undefined, currentVpc: number): boolean =>
    current === undefined || vpcBefore(v, currentVpc) || (v === currentVpc && eniBefore(e, current));
  const vpcOf = (e: number) => ctx.sections[Section.Eni]!.get(e, EniField.Vpc);
  for (let v = 0; v < v4.length; v++) {
    for (const [addr, e] of v4[v]!) {
      const current = any4.get(addr);
      if (better(e, v, current, current === undefined ? -1 : vpcOf(current))) any4.set(addr, e);
    }
    for (const [addr, e] of v6[v]!) {
      const current = any6.get(addr);
      if (better(e, v, current, current === undefined ? -1 : vpcOf(current))) any6.set(addr, e);
    }
  }
  const o4 = ctx.sections[Section.Anywhere4]!;
  for (const addr of sortedNumbers(any4.keys())) {
    const r = o4.add();
    o4.set(r, Owner4Field.Address, addr);
    o4.set(r, Owner4Field.Eni, any4.get(addr)!);
  }
  const write6 = (section: Section, owners: Map<bigint, number>) => {
    const table = ctx.sections[section]!;
    for (const [addr, e] of sortedByBigint(owners)) {
      const r = table.add();
      const w = addressWords(6, addr);
      for (let i = 0; i < 4; i++) table.set(r, Owner6Field.W0 + i, w[i]!);
      table.set(r, Owner6Field.Eni, e);
    }
  };
  write6(Section.Anywhere6, any6);
  const pub6 = new Map<bigint, number>();
  for (const inVpc of v6) for (const [addr, e] of inVpc) keepSmallest(pub6, addr, e, eniBefore);
  write6(Section.Public6, pub6);
}

/** C-4: does item a come before item b in AWS id order? Only asked on ties, so no sort up front. */
type IdOrder = (a: number, b: number) => boolean;

function idOrder(items: readonly { id: string }[]): IdOrder {
  return (a, b) => items[a]!.id < items[b]!.id || (items[a]!.id === items[b]!.id && a < b);
}

/**
 * SG-4: a group peer matches the private addresses (IPv4 and IPv6) of the ENIs carrying the group.
 * Each member address keeps the ENI with the smallest id holding it (SG-5/6 look at that ENI's VPC,
 * as the reference walk does); the address index (address-index.ts) serves the IPv4 lookups.
 */
function writeGroupMembers(ctx: CompileContext, eniBefore: IdOrder): void {
  const sgs = ctx.sections[Section.SecurityGroup]!;
  const m4 = ctx.sections[Section.GroupMember4]!;
  const m6 = ctx.sections[Section.GroupMember6]!;
  const v4 = Array.from({ length: sgs.count }, () => new Map<number, number>());
  const v6 = Array.from({ length: sgs.count }, () => new Map<bigint, number>());
  // Each ENI's distinct groups as the Eni records hold them (a group listed twice adds nothing).
  const enis = ctx.sections[Section.Eni]!;
  const groupList = ctx.sections[Section.EniGroup]!;
  ctx.t.networkInterfaces.forEach((eni, e) => {
    const start = enis.get(e, EniField.GroupStart);
    const end = start + enis.get(e, EniField.GroupCount);
    for (let k = start; k < end; k++) {
      const g = groupList.get(k, EniGroupField.Group);
      for (const ip of eni.privateIps) if (ip.address?.family === 4) keepSmallest(v4[g]!, Number(ip.address.value), e, eniBefore);
      for (const a of eni.ipv6Addresses) keepSmallest(v6[g]!, a.value, e, eniBefore);
    }
  });
  ctx.groupMemberEni4 = v4;
  for (let g = 0; g < sgs.count; g++) {
    sgs.set(g, SecurityGroupField.Member4Start, m4.count);
    for (const a of sortedNumbers(v4[g]!.keys())) m4.set(m4.add(), GroupMember4Field.Address, a);
    sgs.set(g, SecurityGroupField.Member4Count, m4.count - sgs.get(g, SecurityGroupField.Member4Start));
    sgs.set(g, SecurityGroupField.Member6Start, m6.count);
    for (const [a, e] of sortedByBigint(v6[g]!)) {
      const r = m6.add();
      const w = addressWords(6, a);
      for (let i = 0; i < 4; i++) m6.set(r, GroupMember6Field.W0 + i, w[i]!);
      m6.set(r, GroupMember6Field.Eni, e);
    }
    sgs.set(g, SecurityGroupField.Member6Count, m6.count - sgs.get(g, SecurityGroupField.Member6Start));
  }
}

function stoppedInterfaces(ctx: CompileContext): Set<string> {
  const set = new Set<string>();
  for (const instance of ctx.t.instances) {
    if (instance.state === 'stopped') for (const id of instance.networkInterfaceIds) set.add(id);
  }
  return set;
}

const RULE_FIELDS = [
  [EniField.IngressStart, EniField.IngressCount, SecurityGroupField.IngressStart, SecurityGroupField.IngressCount],
  [EniField.EgressStart, EniField.EgressCount, SecurityGroupField.EgressStart, SecurityGroupField.EgressCount],
] as const;

/**
 * The ENI's groups and the rule lists of both directions. ENIs with the same group sequence share one
 * EniRule range (a fleet has few distinct sequences), which keeps the image small and the rules the
 * walk scans in cache.
 */
function writeGroupsAndRules(ctx: CompileContext, r: number, eni: NetworkInterface, shared: SharedRules): void {
  const enis = ctx.sections[Section.Eni]!;
  const groupList = ctx.sections[Section.EniGroup]!;
  const ruleList = ctx.sections[Section.EniRule]!;
  const sgs = ctx.sections[Section.SecurityGroup]!;
  // The ENI's group order decides which rule a trace names, as in the reference walk; a repeated
  // group counts once. (No array per ENI for the usual single group: 100,000s of ENIs.)
  const ids = eni.securityGroupIds;
  let groups: number[] | undefined;
  let single = -1;
  if (ids.length === 1) single = denseOr(ctx.ids.securityGroup, ids[0]);
  if (single < 0) {
    groups = [];
    for (const id of ids) {
      const g = denseOr(ctx.ids.securityGroup, id);
      if (g >= 0 && !groups.includes(g)) groups.push(g);
    }
    if (groups.length === 1) {
      single = groups[0]!;
      groups = undefined;
    }
  }
  const count = groups ? groups.length : 1;
  enis.set(r, EniField.GroupStart, groupList.count);
  enis.set(r, EniField.GroupCount, count);
  if (groups) for (const g of [...groups].sort((a, b) => a - b)) groupList.set(groupList.add(), EniGroupField.Group, g);
  else groupList.set(groupList.add(), EniGroupField.Group, single);
  let ranges = groups ? shared.byList.get(groups.join(',')) : shared.bySingle.get(single);
  if (!ranges) {
    const inOrder = groups ?? [single];
    ranges = [];
    for (const [, , sgStart, sgCount] of RULE_FIELDS) {
      const start = ruleList.count;
      for (const g of inOrder) {
        const first = sgs.get(g, sgStart);
        const n = sgs.get(g, sgCount);
        for (let i = 0; i < n; i++) ruleList.set(ruleList.add(), EniRuleField.Rule, first + i);
      }
      ranges.push(start, ruleList.count - start);
    }
    if (groups) shared.byList.set(groups.join(','), ranges);
    else shared.bySingle.set(single, ranges);
  }
  enis.set(r, EniField.IngressStart, ranges[0]!);
  enis.set(r, EniField.IngressCount, ranges[1]!);
  enis.set(r, EniField.EgressStart, ranges[2]!);
  enis.set(r, EniField.EgressCount, ranges[3]!);
}

/**
 * The EniRule ranges (ingress start, count, egress start, count) already written per group sequence:
 * a lone group by its dense id, any other sequence (none included) by its ids joined.
 */
interface SharedRules {
  bySingle: Map<number, number[]>;
  byList: Map<string, number[]>;
}

function writeAddresses(ctx: CompileContext, r: number, e: number, eni: NetworkInterface): void {
  const enis = ctx.sections[Section.Eni]!;
  const ip4 = ctx.sections[Section.EniIp4]!;
  const ip6 = ctx.sections[Section.EniIp6]!;
  // The primary private IP first (TRACE-2 names it).
  const privateIps = eni.privateIps.length < 2 ? eni.privateIps : [...eni.privateIps].sort((a, b) => Number(b.primary) - Number(a.primary));
  enis.set(r, EniField.Ip4Start, ip4.count);
  for (const ip of privateIps) {
    if (!ip.address || ip.address.family !== 4) continue;
    const a = ip4.add();
    ip4.set(a, EniIp4Field.Eni, e);
    ip4.set(a, EniIp4Field.Private, ipv4Word(ip.address));
    ip4.set(a, EniIp4Field.HasPublic, ip.publicIp ? 1 : 0);
    ip4.set(a, EniIp4Field.Public, ip.publicIp ? ipv4Word(ip.publicIp) : 0);
  }
  enis.set(r, EniField.Ip4Count, ip4.count - enis.get(r, EniField.Ip4Start));
  const primary = privateIps[0]?.address;
  enis.set(r, EniField.PrimaryIp4, primary && primary.family === 4 && privateIps[0]!.primary ? ipv4Word(primary) : 0);
  enis.set(r, EniField.Ip6Start, ip6.count);
  for (const address of eni.ipv6Addresses) {
    const a = ip6.add();
    ip6.set(a, EniIp6Field.Eni, e);
    const w = addressWords(6, address.value);
    for (let i = 0; i < 4; i++) ip6.set(a, EniIp6Field.W0 + i, w[i]!);
  }
  enis.set(r, EniField.Ip6Count, ip6.count - enis.get(r, EniField.Ip6Start));
}

/**
 * Per VPC, its ENIs' private addresses sorted for binary search (unsigned order), so the walk finds
 * the ENI a packet is delivered to; a duplicate address (invalid, ADDR-10) keeps the smaller ENI id (C-4).
 * Public4 maps public IPv4s and EIPs back to their ENI for internet ingress (GW-3).
 */
function writeOwnerTables(ctx: CompileContext, eniBefore: IdOrder): void {
  const enis = ctx.sections[Section.Eni]!;
  const ip4 = ctx.sections[Section.EniIp4]!;
  const ip6 = ctx.sections[Section.EniIp6]!;
  const vpcs = ctx.sections[Section.Vpc]!;
  const owner4 = ctx.sections[Section.Owner4]!;
  const owner6 = ctx.sections[Section.Owner6]!;
  const public4 = ctx.sections[Section.Public4]!;

  // Address -> the ENI with the smallest id holding it, per VPC (no [address, ENI] pair per address:
  // 100,000s on big models; the addresses are sorted as numbers once they are distinct).
  const v4 = Array.from({ length: vpcs.count }, () => new Map<number, number>());
  const v6 = Array.from({ length: vpcs.count }, () => new Map<bigint, number>());
  // Public IPv4 -> [private address, ENI], the ENI with the smallest id first (the first listed on a tie).
  const pub = new Map<number, [number, number]>();
  for (let a = 0; a < ip4.count; a++) {
    const e = ip4.get(a, EniIp4Field.Eni);
    const vpc = enis.get(e, EniField.Vpc);
    const priv = ip4.get(a, EniIp4Field.Private) >>> 0;
    if (vpc >= 0) keepSmallest(v4[vpc]!, priv, e, eniBefore);
    if (ip4.get(a, EniIp4Field.HasPublic)) {
      const publicAddr = ip4.get(a, EniIp4Field.Public) >>> 0;
      const current = pub.get(publicAddr);
      if (current === undefined || (current[1] !== e && eniBefore(e, current[1]))) pub.set(publicAddr, [priv, e]);
    }
  }
  for (let a = 0; a < ip6.count; a++) {
    const e = ip6.get(a, EniIp6Field.Eni);
    const vpc = enis.get(e, EniField.Vpc);
    if (vpc < 0) continue;
    let value = 0n;
    for (let i = 0; i < 4; i++) value = (value << 32n) | BigInt(ip6.get(a, EniIp6Field.W0 + i) >>> 0);
    keepSmallest(v6[vpc]!, value, e, eniBefore);
  }
  for (let v = 0; v < vpcs.count; v++) {
    const inVpc4 = v4[v]!;
    vpcs.set(v, VpcField.Owner4Start, owner4.count);
    for (const addr of sortedNumbers(inVpc4.keys())) {
      const o = owner4.add();
      owner4.set(o, Owner4Field.Address, addr);
      owner4.set(o, Owner4Field.Eni, inVpc4.get(addr)!);
    }
    vpcs.set(v, VpcField.Owner4Count, owner4.count - vpcs.get(v, VpcField.Owner4Start));
    vpcs.set(v, VpcField.Owner6Start, owner6.count);
    for (const [value, e] of sortedByBigint(v6[v]!)) {
      const o = owner6.add();
      const w = addressWords(6, value);
      for (let i = 0; i < 4; i++) owner6.set(o, Owner6Field.W0 + i, w[i]!);
      owner6.set(o, Owner6Field.Eni, e);
    }
    vpcs.set(v, VpcField.Owner6Count, owner6.count - vpcs.get(v, VpcField.Owner6Start));
  }
  writeGlobalOwners(ctx, v4, v6, eniBefore);
  for (const publicAddr of sortedNumbers(pub.keys())) {
    const [priv, e] = pub.get(publicAddr)!;
    const o = public4.add();
    public4.set(o, Public4Field.Public, publicAddr);
    public4.set(o, Public4Field.Private, priv);
    public4.set(o, Public4Field.Eni, e);
  }
}

/** Sets map[key] to e unless an ENI before it in id order (C-4) holds the key already. */
function keepSmallest<K>(map: Map<K, number>, key: K, e: number, eniBefore: IdOrder): void {
  const current = map.get(key);
  if (current === undefined || eniBefore(e, current)) map.set(key, e);
}

/** Distinct unsigned 32-bit numbers in ascending order (a typed array sorts numerically, without a comparator). */
function sortedNumbers(values: Iterable<number>): Float64Array {
  return Float64Array.from(values).sort();
}

function sortedByBigint(map: Map<bigint, number>): [bigint, number][] {
  return [...map].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}
