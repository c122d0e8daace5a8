// Who a reachability matrix is about, and which of them behave alike. Members are instances (their
// primary ENI and its primary private IPv4 address); groups are the rows and columns (`--by subnet`,
// `vpc`, `security-group` or `instance`). Members of one equivalence class are walked once: same
// subnet, same security-group rules, same instance state, public address or not, same source/destination
// check, and no prefix anywhere in the topology (route, NACL entry, security group rule, prefix list,
// firewall rule, on-premises prefix ...) that tells their addresses apart (docs/semantics.md, MATRIX-2).
import { formatAddress, type Prefix } from '../../model/ip.js';
import type { Instance, NetworkInterface, Resource, SecurityGroup, SecurityGroupRule, Subnet, Topology } from '../../model/types.js';
import { shownName } from '../endpoint-list.js';

export type GroupBy = 'subnet' | 'instance' | 'security-group' | 'vpc';
/**
 * The groupings of a matrix or diff (`by`, `--by`): rows and columns are subnets, instances, security groups
 * or VPCs.
 */
export const GROUP_BY: readonly GroupBy[] = ['subnet', 'instance', 'security-group', 'vpc'];

const GROUP_WORDS: Record<GroupBy, [one: string, many: string]> = {
  subnet: ['subnet', 'subnets'],
  instance: ['instance', 'instances'],
  'security-group': ['security group', 'security groups'],
  vpc: ['VPC', 'VPCs'],
};

/** `n` groups in words, as the summaries count them: `1 VPC`, `1,200 security groups`. */
export function groupCount(by: GroupBy, n: number): string {
  return `${n.toLocaleString('en-US')} ${GROUP_WORDS[by][n === 1 ? 0 : 1]}`;
}

export interface Member {
  instance: Instance;
  eni: NetworkInterface;
  subnet: Subnet;
  /** Primary private IPv4 address as an unsigned 32-bit number. */
  address: number;
}

/** A row / column of the matrix. */
export interface MatrixGroup {
  /** Logical id (snapshots: the Name tag, else the AWS id). */
  id: string;
  /** AWS id of the subnet, instance, security group or VPC. */
  awsId: string;
  /** The VPC it is in (shown name). */
  vpc: string;
  /** Instances in it. */
  members: number;
  /** The `Name` tag, when it differs from `id`. */
  name?: string;
  /** The subnet's or VPC's (first) IPv4 block, the instance's private address; none for a security group. */
  address?: string;
}

/** The classes of a group's members: how many members of each, and the first one. */
export interface GroupClass {
  cls: number;
  count: number;
  first: number;
}

export interface Grouping {
  by: GroupBy;
  members: Member[];
  /** Class of each member. */
  classOf: Int32Array;
  /** Per class, its members in member order (a representative walks for all). */
  classMembers: number[][];
  groups: MatrixGroup[];
  /** Per group, the subnet, VPC, security group or instance it is. */
  resources: Resource[];
  /** Per group, its members in member order. */
  groupMembers: number[][];
  /** Per group, its classes in order of first member. */
  groupClasses: GroupClass[][];
}

const prefixCache = new WeakMap<Topology, Prefix[]>();

/** Every IPv4 prefix the topology holds, wherever it is (a generic walk, so no rule kind is forgotten). */
export function ipv4Prefixes(t: Topology): Prefix[] {
  let found = prefixCache.get(t);
  if (found) return found;
  const out: Prefix[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const v = value as Partial<Prefix>;
    if (typeof v.addr === 'bigint' && typeof v.len === 'number' && v.family === 4) {
      out.push(v as Prefix);
      return;
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) visit(child);
  };
  visit(t);
  found = out;
  prefixCache.set(t, found);
  return found;
}

/** Per subnet id, the prefixes strictly inside its IPv4 block: the only ones that tell its addresses apart. */
function subnetSplits(t: Topology): Map<string, Prefix[]> {
  // Subnet blocks by "network/len", so each prefix finds the subnets around it in at most 32 lookups.
  const blocks = new Map<string, string[]>();
  for (const s of t.subnets) {
    const c = s.cidrBlock;
    if (!c || c.family !== 4) continue;
    const key = `${Number(c.addr)}/${c.len}`;
    blocks.set(key, [...(blocks.get(key) ?? []), s.id]);
  }
  const splits = new Map<string, Map<string, Prefix>>();
  for (const p of ipv4Prefixes(t)) {
    const addr = Number(p.addr);
    for (let len = p.len - 1; len >= 0; len--) {
      const network = len === 0 ? 0 : (addr & (~0 << (32 - len))) >>> 0;
      for (const id of blocks.get(`${network}/${len}`) ?? []) {
        const list = splits.get(id) ?? new Map<string, Prefix>();
        list.set(p.text, p);
        splits.set(id, list);
      }
    }
  }
  return new Map([...splits].map(([id, list]) => [id, [...list.values()]]));
}

function inside(address: number, p: Prefix): boolean {
  if (p.len === 0) return true;
  const mask = ~0 << (32 - p.len);
  return ((address & mask) >>> 0) === ((Number(p.addr) & mask) >>> 0);
}

/** The matrix's members: running or stopped instances with a primary ENI holding a private IPv4 address, in model order. */
export function matrixMembers(t: Topology): Member[] {
  const enis = new Map(t.networkInterfaces.map((e) => [e.id, e]));
  const subnets = new Map(t.subnets.map((s) => [s.id, s]));
  const out: Member[] = [];
  for (const instance of t.instances) {
    const eni = enis.get(instance.networkInterfaceIds[0] ?? '');
    const subnet = eni ? subnets.get(eni.subnetId) : undefined;
    const ip = eni?.privateIps.find((p) => p.primary)?.address ?? eni?.privateIps[0]?.address;
    if (!eni || !subnet || !ip || ip.family !== 4) continue;
    out.push({ instance, eni, subnet, address: Number(ip.value) });
  }
  return out;
}

/**
 * What an ENI's security groups decide for packets between members (MATRIX-2): a packet is allowed when
 * any rule of any of its groups allows it, so what matters is the set of rules, not which group holds
 * them, less the rules that can never match such a packet (a CIDR outside every VPC's IPv4 blocks, or an
 * IPv6 one: e.g. SSH from an operators' network); plus which of its groups other rules name (membership
 * is what a group reference matches), and whether it has rules at all in each direction (SG_HAS_NO_RULES).
 */
class SecurityGroupKeys {
  private readonly referenced = new Set<string>();
  private readonly blocks: Prefix[];
  private readonly groups: Map<string, SecurityGroup>;
  private readonly cache = new Map<string, string>();

  constructor(t: Topology) {
    for (const g of t.securityGroups) for (const r of [...g.ingress, ...g.egress]) if (r.peer.kind === 'security-group') this.referenced.add(r.peer.groupId);
    this.blocks = t.vpcs.flatMap((v) => v.cidrBlocks.filter((b) => b.family === 4));
    this.groups = new Map(t.securityGroups.map((g) => [g.id, g]));
  }

  private matchesNoMember(r: SecurityGroupRule): boolean {
    if (r.peer.kind !== 'cidr') return false;
    const p = r.peer.prefix;
    if (p.family === 6) return true;
    return !this.blocks.some((b) => {
      const shift = BigInt(32 - Math.min(b.len, p.len));
      return b.addr >> shift === p.addr >> shift;
    });
  }

  key(ids: readonly string[]): string {
    const cacheKey = ids.join(',');
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return hit;
    const rules = new Set<string>();
    let ingress = false;
    let egress = false;
    for (const id of ids) {
      const g = this.groups.get(id);
      if (!g) {
        rules.add(`missing:${id}`);
        continue;
      }
      ingress ||= g.ingress.length > 0;
      egress ||= g.egress.length > 0;
      for (const [dir, list] of [['in', g.ingress], ['out', g.egress]] as const) {
        for (const r of list) {
          if (this.matchesNoMember(r)) continue;
          const peer = r.peer.kind === 'cidr' ? r.peer.prefix.text : r.peer.kind === 'security-group' ? `sg:${r.peer.groupId}` : `pl:${r.peer.prefixListId}`;
          rules.add(`${dir}/${r.protocol}/${r.fromPort}/${r.toPort}/${peer}`);
        }
      }
    }
    const named = ids.filter((id) => this.referenced.has(id)).sort();
    const key = `${ingress ? 'i' : '-'}${egress ? 'e' : '-'}[${named.join(',')}]{${[...rules].sort().join(' ')}}`;
    this.cache.set(cacheKey, key);
    return key;
  }
}

/** What the walk of a member depends on besides its address (MATRIX-2). */
function behaviourKey(m: Member, splits: Map<string, Prefix[]>, groups: SecurityGroupKeys): string {
  const sgs = groups.key(m.eni.securityGroupIds);
  const hasPublic = m.eni.privateIps.some((p) => p.publicIp !== undefined);
  const cuts = splits.get(m.subnet.id);
  const signature = cuts ? cuts.map((p) => (inside(m.address, p) ? '1' : '0')).join('') : '';
  return [m.subnet.id, sgs, m.instance.state, hasPublic ? 'p' : '-', m.eni.sourceDestCheck ? 'c' : '-', m.eni.kind, signature].join('|');
}

function groupRow(r: Resource, vpc: string, members: number, address: string | undefined): MatrixGroup {
  const g: MatrixGroup = { id: shownName(r), awsId: r.id, vpc, members };
  if (r.name !== undefined && r.name !== g.id) g.name = r.name;
  if (address !== undefined) g.address = address;
  return g;
}

/** What DIFF-1 matches a group by after its logical id and Name tag. */
function addressOf(t: Topology, by: GroupBy, r: Resource, first: Member | undefined): string | undefined {
  if (by === 'subnet') return (r as Subnet).cidrBlock?.text;
  if (by === 'vpc') return t.vpcs.find((v) => v.id === r.id)?.cidrBlocks[0]?.text;
  if (by === 'instance' && first) return formatAddress(4, BigInt(first.address));
  return undefined;
}

/**
 * Members, their classes and the groups. `grouped: false` puts every member in a class of its own
 * (the brute force the grouped walk is tested against).
 */
export function groupMembers(t: Topology, by: GroupBy, grouped = true): Grouping {
  const members = matrixMembers(t);
  const splits = grouped ? subnetSplits(t) : new Map<string, Prefix[]>();
  const groupKeys = new SecurityGroupKeys(t);
  const classOf = new Int32Array(members.length);
  const classMembers: number[][] = [];
  const classIds = new Map<string, number>();
  members.forEach((m, i) => {
    const key = grouped ? behaviourKey(m, splits, groupKeys) : String(i);
    let c = classIds.get(key);
    if (c === undefined) {
      c = classMembers.length;
      classIds.set(key, c);
      classMembers.push([]);
    }
    classOf[i] = c;
    classMembers[c]!.push(i);
  });

  const vpcs = new Map(t.vpcs.map((v) => [v.id, v]));
  const vpcName = (id: string) => {
    const v = vpcs.get(id);
    return v ? shownName(v) : id;
  };
  const sgVpc = new Map(t.securityGroups.map((g) => [g.id, g.vpcId]));
  // Candidate groups in model order; each lists the member indexes it holds.
  const candidates: Array<{ r: Resource; vpcId: string; members: number[] }> = [];
  const index = new Map<string, number>();
  const add = (r: Resource, vpcId: string) => (index.set(r.id, candidates.length), candidates.push({ r, vpcId, members: [] }));
  if (by === 'subnet') t.subnets.forEach((s) => add(s, s.vpcId));
  else if (by === 'vpc') t.vpcs.forEach((v) => add(v, v.id));
  else if (by === 'security-group') t.securityGroups.forEach((g) => add(g, g.vpcId));
  else members.forEach((m) => add(m.instance, m.subnet.vpcId));
  members.forEach((m, i) => {
    const keys = by === 'subnet' ? [m.subnet.id] : by === 'vpc' ? [m.subnet.vpcId] : by === 'security-group' ? m.eni.securityGroupIds : [m.instance.id];
    for (const k of keys) {
      const at = index.get(k);
      if (at !== undefined) candidates[at]!.members.push(i);
    }
  });
  const kept = candidates.filter((c) => c.members.length > 0);
  const groups = kept.map((c) => groupRow(c.r, vpcName(by === 'security-group' ? (sgVpc.get(c.r.id) ?? c.vpcId) : c.vpcId), c.members.length, addressOf(t, by, c.r, members[c.members[0]!])));
  const groupMemberLists = kept.map((c) => c.members);
  const groupClasses = groupMemberLists.map((list) => {
    const byClass = new Map<number, GroupClass>();
    for (const i of list) {
      const cls = classOf[i]!;
      const seen = byClass.get(cls);
      if (seen) seen.count++;
      else byClass.set(cls, { cls, count: 1, first: i });
    }
    return [...byClass.values()];
  });
  return { by, members, classOf, classMembers, groups, resources: kept.map((c) => c.r), groupMembers: groupMemberLists, groupClasses };
}

/**
 * The first pair of distinct members from group g to group h, in member order (row-major): the pair
 * whose blocker a cell reports. Undefined when the only pair would be a member with itself.
 */
export function firstPair(g: Grouping, from: number, to: number): [number, number] | undefined {
  const k = firstPairIndex(g, from, to);
  return k < 0 ? undefined : [Math.floor(k / g.members.length), k % g.members.length];
}

/** firstPair() as one number, x * members + y, or -1 (the matrix asks it for every cell: no array each time). */
export function firstPairIndex(g: Grouping, from: number, to: number): number {
  const a = g.groupMembers[from]!;
  const b = g.groupMembers[to]!;
  for (const x of a) for (const y of b) if (x !== y) return x * g.members.length + y;
  return -1;
}
