// Network interfaces: subnet, kind, flags, addresses, group membership and the SG rules that apply
// to each (SG-1: the union of all its groups, grouped per ENI at compile time so the walk scans one
// contiguous list). Also the address -> ENI tables: per VPC private addresses, and public IPv4s.
import type { NetworkInterface, NetworkInterfaceKind } from '../model/types.js';
import { addressWords, ipv4Word } from './address.js';
import { idOrder, writeGroupMembers, writeOwnerTables } from './address-owners.js';
import { denseOr, type CompileContext } from './context.js';
import type { RecordTable } from './records.js';
import { EniDetailField, EniField, EniFlag, EniKind, PrefixField, Section, SubnetField } from '../../abi/image.js';
import { EniIp4Field, EniIp6Field } from '../../abi/image-addresses.js';
import { EniGroupField, EniRuleField, SecurityGroupField, SgPeerKind, SgRuleField } from '../../abi/image-security-groups.js';

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
  // Known sizes, reserved once (see RecordTable.reserve).
  let ip4Count = 0;
  let ip6Count = 0;
  for (const eni of t.networkInterfaces) {
    ip4Count += eni.privateIps.length;
    ip6Count += eni.ipv6Addresses.length;
  }
  const details = ctx.sections[Section.EniDetail]!;
  enis.reserve(t.networkInterfaces.length);
  details.reserve(t.networkInterfaces.length);
  ctx.sections[Section.EniGroup]!.reserve(t.networkInterfaces.length);
  ctx.sections[Section.EniIp4]!.reserve(ip4Count);
  ctx.sections[Section.EniIp6]!.reserve(ip6Count);
  t.networkInterfaces.forEach((eni, e) => {
    const r = enis.add();
    details.add();
    const subnet = denseOr(ids.subnet, eni.subnetId);
    const owner = owners[e]!;
    enis.set(r, EniField.Subnet, subnet);
    enis.set(r, EniField.Vpc, subnet < 0 ? -1 : subnets.get(subnet, SubnetField.Vpc));
    enis.set(r, EniField.Kind, KINDS[eni.kind]);
    // TRACE-15: the walk looks for another ENI of the host only when the instance has several.
    const sole = eni.kind === 'instance' && owner >= 0 && instanceEnis[owner] === 1;
    enis.set(r, EniField.Flags, (eni.sourceDestCheck ? EniFlag.SourceDestCheck : 0) | (stopped.size > 0 && stopped.has(eni.id) ? EniFlag.Stopped : 0)
      | (sole ? EniFlag.SoleOfInstance : 0));
    details.set(r, EniDetailField.Owner, owner);
    writeGroupsAndRules(ctx, r, eni, sharedRules);
    const egressStart = enis.get(r, EniField.IngressStart) + enis.get(r, EniField.IngressCount);
    enis.set(r, EniField.Flags, enis.get(r, EniField.Flags) | egressOpenFlags(ctx, egressStart, enis.get(r, EniField.EgressCount)));
    writeAddresses(ctx, r, e, eni);
    // SG-4's group bits, only with a primary IPv4: the walk tests them when that word is the peer's
    // address, and a PrimaryIp4 of 0 (none) is no ENI's address (ADDR-7, ADDR-9: a subnet's network address).
    if (enis.get(r, EniField.PrimaryIp4) !== 0) enis.set(r, EniField.Flags, enis.get(r, EniField.Flags) | groupFlags(ctx, r));
  });
  const eniBefore = idOrder(t.networkInterfaces);
  writeOwnerTables(ctx, eniBefore);
  writeGroupMembers(ctx, eniBefore);
}

/** EniDetailField.Owner: the instance, NAT gateway, VPC endpoint, TGW attachment or firewall the ENI belongs to. */
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

function stoppedInterfaces(ctx: CompileContext): Set<string> {
  const set = new Set<string>();
  for (const instance of ctx.t.instances) {
    if (instance.state === 'stopped') for (const id of instance.networkInterfaceIds) set.add(id);
  }
  return set;
}

/** Each direction's rule range of a group, ingress first: an ENI's egress range follows its ingress range (EniField). */
const RULE_FIELDS = [
  [SecurityGroupField.IngressStart, SecurityGroupField.IngressCount],
  [SecurityGroupField.EgressStart, SecurityGroupField.EgressCount],
] as const;

/**
 * The ENI's groups and the rule lists of both directions. ENIs with the same group sequence share one
 * EniRule range (a fleet has few distinct sequences), which keeps the image small and the rules the
 * walk scans in cache.
 */
function writeGroupsAndRules(ctx: CompileContext, r: number, eni: NetworkInterface, shared: SharedRules): void {
  const enis = ctx.sections[Section.Eni]!;
  const details = ctx.sections[Section.EniDetail]!;
  const groupList = ctx.sections[Section.EniGroup]!;
  const ruleList = ctx.sections[Section.EniRule]!;
  const sgs = ctx.sections[Section.SecurityGroup]!;
  // The ENI's group order decides which rule a trace names, as in the reference walk; a repeated
  // group counts once. (No array per ENI for the usual single group: 100,000s of ENIs.)
  const ids = eni.securityGroupIds;
  // ENIs in a row often name the same groups (a subnet's fleet): the previous ENI's answer is reused.
  const last = shared.last;
  if (last && sameIds(last.ids, ids)) {
    details.set(r, EniDetailField.GroupStart, groupList.count);
    details.set(r, EniDetailField.GroupCount, last.groups.length);
    for (const g of last.groups) groupList.set(groupList.add(), EniGroupField.Group, g);
    writeRanges(enis, r, last.ranges);
    return;
  }
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
  const sorted = groups ? [...groups].sort((a, b) => a - b) : [single];
  details.set(r, EniDetailField.GroupStart, groupList.count);
  details.set(r, EniDetailField.GroupCount, sorted.length);
  for (const g of sorted) groupList.set(groupList.add(), EniGroupField.Group, g);
  let ranges = groups ? shared.byList.get(groups.join(',')) : shared.bySingle.get(single);
  if (!ranges) {
    const inOrder = groups ?? [single];
    ranges = [];
    for (const [sgStart, sgCount] of RULE_FIELDS) {
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
  writeRanges(enis, r, ranges);
  shared.last = { ids, groups: sorted, ranges };
}

/** EniFlag.EgressOpen4 / EgressOpen6 when the first rule of the ENI's egress range allows all traffic to /0. */
function egressOpenFlags(ctx: CompileContext, start: number, count: number): number {
  if (count === 0) return 0;
  const rules = ctx.sections[Section.SgRule]!;
  const rule = ctx.sections[Section.EniRule]!.get(start, EniRuleField.Rule);
  const prefix = SgRuleField.Prefix;
  if (rules.get(rule, SgRuleField.Protocol) !== -1 || rules.get(rule, SgRuleField.PeerKind) !== SgPeerKind.Cidr || rules.get(rule, prefix + PrefixField.Len) !== 0) return 0;
  const family = rules.get(rule, prefix + PrefixField.Family);
  return family === 4 ? EniFlag.EgressOpen4 : family === 6 ? EniFlag.EgressOpen6 : 0;
}

/** SG-4: the bits of the ENI's groups (its EniGroup records) that rules name as peers (security-groups.ts). */
function groupFlags(ctx: CompileContext, r: number): number {
  const details = ctx.sections[Section.EniDetail]!;
  const groupList = ctx.sections[Section.EniGroup]!;
  const bits = ctx.groupBits!;
  const start = details.get(r, EniDetailField.GroupStart);
  const end = start + details.get(r, EniDetailField.GroupCount);
  let flags = 0;
  for (let k = start; k < end; k++) flags |= bits[groupList.get(k, EniGroupField.Group)]!;
  return flags;
}

function writeRanges(enis: RecordTable, r: number, ranges: number[]): void {
  // The egress range follows the ingress range (the loop above writes them in that order).
  if (ranges[2] !== ranges[0]! + ranges[1]!) throw new Error('compile: an ENI egress rule range does not follow its ingress range');
  enis.set(r, EniField.IngressStart, ranges[0]!);
  enis.set(r, EniField.IngressCount, ranges[1]!);
  enis.set(r, EniField.EgressCount, ranges[3]!);
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The EniRule ranges (ingress start, count, egress start, count) already written per group sequence:
 * a lone group by its dense id, any other sequence (none included) by its ids joined.
 */
interface SharedRules {
  bySingle: Map<number, number[]>;
  byList: Map<string, number[]>;
  /** The previous ENI's group ids, its groups as its EniGroup records list them, and its ranges. */
  last?: { ids: readonly string[]; groups: number[]; ranges: number[] };
}

function writeAddresses(ctx: CompileContext, r: number, e: number, eni: NetworkInterface): void {
  const enis = ctx.sections[Section.Eni]!;
  const details = ctx.sections[Section.EniDetail]!;
  const ip4 = ctx.sections[Section.EniIp4]!;
  const ip6 = ctx.sections[Section.EniIp6]!;
  // The primary private IP first (TRACE-2 names it).
  const privateIps = eni.privateIps.length < 2 ? eni.privateIps : [...eni.privateIps].sort((a, b) => Number(b.primary) - Number(a.primary));
  const ip4Start = ip4.count;
  details.set(r, EniDetailField.Ip4Start, ip4Start);
  for (const ip of privateIps) {
    if (!ip.address || ip.address.family !== 4) continue;
    const a = ip4.add();
    ip4.set(a, EniIp4Field.Eni, e);
    ip4.set(a, EniIp4Field.Private, ipv4Word(ip.address));
    ip4.set(a, EniIp4Field.HasPublic, ip.publicIp ? 1 : 0);
    ip4.set(a, EniIp4Field.Public, ip.publicIp ? ipv4Word(ip.publicIp) : 0);
  }
  const ip4Count = ip4.count - ip4Start;
  details.set(r, EniDetailField.Ip4Count, ip4Count);
  const primary = privateIps[0]?.address;
  const primaryWord = primary && primary.family === 4 && privateIps[0]!.primary ? ipv4Word(primary) : 0;
  enis.set(r, EniField.PrimaryIp4, primaryWord);
  // The walk reads the EniIp4 range past the primary (the first record when PrimaryIp4 is not 0) only with this flag.
  if (ip4Count > (primaryWord !== 0 ? 1 : 0)) enis.set(r, EniField.Flags, enis.get(r, EniField.Flags) | EniFlag.MoreIp4);
  details.set(r, EniDetailField.Ip6Start, ip6.count);
  for (const address of eni.ipv6Addresses) {
    const a = ip6.add();
    ip6.set(a, EniIp6Field.Eni, e);
    const w = addressWords(6, address.value);
    for (let i = 0; i < 4; i++) ip6.set(a, EniIp6Field.W0 + i, w[i]!);
  }
  details.set(r, EniDetailField.Ip6Count, ip6.count - details.get(r, EniDetailField.Ip6Start));
}
