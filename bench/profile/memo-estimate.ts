// How often would a verdict memo hit on the trace bench's flow mix? Counts the distinct keys of the
// 200,000-flow mix (bench/flow-mix.ts) on the 1,000-VPC topology for candidate memo keys, from the
// finest (the whole flow) to the coarsest that could be sound. A key's hit rate is 1 - keys / flows:
// it bounds what a memo keyed that way can save (issue 18). Not a bench; prints counts only.
//
//   npx tsx bench/profile/memo-estimate.ts
import { groupMembers } from '../../src/analyze/matrix/members.js';
import { generateTopology } from '../../src/generate/generate.js';
import { sampleFlows } from '../flow-mix.js';

const N = 200_000;
const t = generateTopology({ seed: 1, vpcs: 1000, subnetsPerVpc: 10, instancesPerSubnet: 10, hub: 'peering' });
const { flows, origins } = sampleFlows(t, N);

// MATRIX-2's equivalence classes of instances (subnet, security-group rules, flags, prefixes inside the subnet).
const grouping = groupMembers(t, 'instance');
const classOf = new Map<string, number>();
grouping.members.forEach((m, i) => classOf.set(m.eni.id, grouping.classOf[i]!));

const holder = new Map<bigint, string>();
const publicHolder = new Map<bigint, string>();
for (const e of t.networkInterfaces) {
  for (const ip of e.privateIps) {
    if (ip.address) holder.set(ip.address.value, e.id);
    if (ip.publicIp) publicHolder.set(ip.publicIp.value, e.id);
  }
}

// Elementary source-port intervals: every port range of a NACL entry or security group rule cuts the port line.
const cuts = new Set<number>([0, 1024, 65536]);
for (const acl of t.networkAcls) for (const e of acl.entries) if (e.portRange) cuts.add(e.portRange.from).add(e.portRange.to + 1);
for (const g of t.securityGroups) for (const r of [...g.ingress, ...g.egress]) if (r.fromPort >= 0) cuts.add(r.fromPort).add(r.toPort + 1);
const sortedCuts = [...cuts].sort((a, b) => a - b);
const portAtom = (p: number): number => {
  let lo = 0;
  let hi = sortedCuts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sortedCuts[mid]! <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

// A coarser, relative profile of an ENI: VPC, route table, NACL, security group ids, source/dest check.
const routeTableOf = new Map<string, string>();
for (const rt of t.routeTables) for (const s of rt.subnetIds) routeTableOf.set(s, rt.id);
const mainRouteTable = new Map(t.routeTables.filter((r) => r.main).map((r) => [r.vpcId, r.id]));
const naclOf = new Map<string, string>();
for (const acl of t.networkAcls) for (const s of acl.subnetIds) naclOf.set(s, acl.id);
const subnets = new Map(t.subnets.map((s) => [s.id, s]));
const enis = new Map(t.networkInterfaces.map((e) => [e.id, e]));
const profile = (id: string): string => {
  const e = enis.get(id)!;
  const s = subnets.get(e.subnetId)!;
  return [s.vpcId, routeTableOf.get(s.id) ?? mainRouteTable.get(s.vpcId), naclOf.get(s.id), [...e.securityGroupIds].sort().join(','), e.sourceDestCheck].join('|');
};

const keys = {
  'whole flow (source port exact)': new Set<string>(),
  'ENI pair, source port as its elementary interval': new Set<string>(),
  'MATRIX-2 class pair, source port interval': new Set<string>(),
  'MATRIX-2 class pair, source port ignored (unsound bound)': new Set<string>(),
  'relative profile pair + same subnet, source port interval (optimistic)': new Set<string>(),
  'relative profile pair + same subnet, source port ignored (unsound bound)': new Set<string>(),
};
for (let i = 0; i < N; i++) {
  const f = flows[i]!;
  const o = origins[i]!;
  const srcEni = o.kind === 'network-interface' ? o.networkInterfaceId : undefined;
  const dstEni = holder.get(f.dst) ?? publicHolder.get(f.dst);
  const viaPublic = publicHolder.has(f.dst) ? 'p' : '';
  const packet = `${f.protocol}/${f.dstPort}/${f.icmpType}/${f.icmpCode}`;
  const atom = portAtom(f.srcPort);
  const src = srcEni ?? 'internet';
  keys['whole flow (source port exact)'].add(`${src}>${f.src}>${f.dst}/${packet}/${f.srcPort}`);
  keys['ENI pair, source port as its elementary interval'].add(`${src}>${f.src}>${f.dst}/${packet}/${atom}`);
  const srcClass = srcEni ? `c${classOf.get(srcEni)}` : 'internet';
  const dstClass = dstEni ? `${viaPublic}c${classOf.get(dstEni)}` : `a${f.dst}`;
  keys['MATRIX-2 class pair, source port interval'].add(`${srcClass}>${dstClass}/${packet}/${atom}`);
  keys['MATRIX-2 class pair, source port ignored (unsound bound)'].add(`${srcClass}>${dstClass}/${packet}`);
  const same = srcEni !== undefined && dstEni !== undefined && enis.get(srcEni)!.subnetId === enis.get(dstEni)!.subnetId;
  const rel = `${srcEni ? profile(srcEni) : 'internet'}>${dstEni ? viaPublic + profile(dstEni) : `a${f.dst}`}/${same}/${packet}`;
  keys['relative profile pair + same subnet, source port interval (optimistic)'].add(`${rel}/${atom}`);
  keys['relative profile pair + same subnet, source port ignored (unsound bound)'].add(rel);
}
console.log(`${N.toLocaleString('en-US')} flows; ${grouping.classMembers.length} MATRIX-2 classes of ${grouping.members.length} instances; ${sortedCuts.length - 1} source-port intervals`);
for (const [name, set] of Object.entries(keys)) {
  console.log(`${String(set.size).padStart(7)} keys, hit rate ${((1 - set.size / N) * 100).toFixed(1).padStart(5)}%  ${name}`);
}
