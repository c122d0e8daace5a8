// A long differential campaign (not a test: run by hand, `npx tsx test/fuzz/walk-campaign.ts [TOPOLOGIES] [SEED]`):
// random topologies (generated, the hand-built feature and hybrid ones, dual stack), each mutated by a few
// seeded changes the fast paths' compiled facts depend on (groups, ACL entries, routes, instance state,
// peering status, subnet associations, gateways and public addresses), then random flows under random
// options (a down set, allBlocking, a late response), the engine against the reference walk exactly as the
// differential suites compare them (runDifferential: untraced and traced verdicts, hops, worded answers).
// The suites hold fixed cases; this searches. A mismatch prints the seed that reproduces it and exits 1.
import { loadEngine } from '../../bindings/node.js';
import { compileTopology } from '../../src/compile/index.js';
import { generateTopology } from '../../src/generate/generate.js';
import { makePrefix, type Prefix } from '../../src/model/ip.js';
import type { SecurityGroupRule, Topology } from '../../src/model/types.js';
import { dualStack, featureTopology, hybridTopology, randomCases, rng, runDifferential, withOtherSources } from '../helpers/walk-differential.js';

const topologies = Number(process.argv[2] ?? 50);
const firstSeed = Number(process.argv[3] ?? 1);
const FLOWS = Number(process.env.FLOWS ?? 2000);

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : xs[Math.floor(r() * xs.length)]);

function baseTopology(r: Rand, seed: number): Topology {
  const k = Math.floor(r() * 6);
  if (k === 0) return featureTopology(r() < 0.5, r() < 0.5 ? 'router' : 'firewall');
  if (k === 1) return hybridTopology();
  const t = generateTopology({
    seed,
    vpcs: 2 + Math.floor(r() * 5),
    subnetsPerVpc: 2 + Math.floor(r() * 4),
    instancesPerSubnet: 1 + Math.floor(r() * 3),
    hub: pick(r, ['peering', 'peering', 'tgw', 'none'] as const)!,
    azs: 1 + Math.floor(r() * 3),
    routesPerTable: r() < 0.3 ? Math.floor(r() * 12) : 0,
  });
  return k === 2 ? dualStack(t) : t;
}

/** A prefix around a random VPC's block: the block, one inside it, a /32 of an ENI, or the whole IPv4 space. */
function somePrefix(r: Rand, t: Topology): Prefix {
  const roll = r();
  const vpc = pick(r, t.vpcs)!;
  const block = vpc.cidrBlocks[0]!;
  if (roll < 0.3) return block;
  if (roll < 0.55) {
    const len = Math.min(32, block.len + 1 + Math.floor(r() * 8));
    const host = BigInt(Math.floor(r() * 2 ** (32 - block.len))) & ~((1n << BigInt(32 - len)) - 1n);
    return makePrefix(4, block.addr + host, len);
  }
  if (roll < 0.8) {
    const eni = pick(r, t.networkInterfaces.filter((e) => e.privateIps.some((p) => p.address?.family === 4)));
    const a = eni?.privateIps.find((p) => p.address?.family === 4)?.address;
    if (a) return makePrefix(4, a.value, 32);
  }
  return makePrefix(4, 0n, 0);
}

function someRule(r: Rand, t: Topology): SecurityGroupRule {
  const protocol = pick(r, [6, 6, 17, 1, -1])!;
  const from = protocol === 1 ? pick(r, [-1, 8])! : protocol === -1 ? -1 : pick(r, [22, 80, 443, 1024, 0])!;
  const to = protocol === 1 ? -1 : protocol === -1 ? -1 : from + pick(r, [0, 0, 100, 65535 - from])!;
  const other = r() < 0.35 ? pick(r, t.securityGroups) : undefined;
  return { protocol, fromPort: from, toPort: Math.min(to, 65535), peer: other ? { kind: 'security-group', groupId: other.id } : { kind: 'cidr', prefix: somePrefix(r, t) } };
}

/** One seeded change the compiled facts depend on; returns what it did, for the report. */
function mutate(r: Rand, t: Topology): string {
  const k = Math.floor(r() * 14);
  switch (k) {
    case 0: {
      const g = pick(r, t.securityGroups);
      if (!g) break;
      g.egress = [];
      return `egress of ${g.id} cleared`;
    }
    case 1: {
      const g = pick(r, t.securityGroups);
      if (!g) break;
      const rule = someRule(r, t);
      (r() < 0.5 ? g.ingress : g.egress).push(rule);
      return `rule added to ${g.id}`;
    }
    case 2: {
      const g = pick(r, t.securityGroups);
      if (!g || g.ingress.length === 0) break;
      g.ingress.splice(Math.floor(r() * g.ingress.length), 1);
      return `ingress rule removed from ${g.id}`;
    }
    case 3: {
      const acl = pick(r, t.networkAcls);
      if (!acl) break;
      const protocol = pick(r, [6, 17, 1, -1])!;
      acl.entries.push({ ruleNumber: 1 + Math.floor(r() * 60), egress: r() < 0.5, protocol, ruleAction: r() < 0.7 ? 'deny' : 'allow', cidr: somePrefix(r, t), ...(protocol === 6 || protocol === 17 ? { portRange: { from: 0, to: pick(r, [80, 443, 1023, 65535])! } } : {}), ...(protocol === 1 ? { icmp: { type: -1, code: -1 } } : {}) });
      return `entry added to ${acl.id}`;
    }
    case 4: {
      const rt = pick(r, t.routeTables);
      if (!rt) break;
      const sameVpcEni = pick(r, t.networkInterfaces.filter((e) => t.subnets.find((s) => s.id === e.subnetId)?.vpcId === rt.vpcId));
      const nat = pick(r, t.natGateways.filter((n) => t.subnets.find((s) => s.id === n.subnetId)?.vpcId === rt.vpcId));
      const pcx = pick(r, t.vpcPeeringConnections.filter((p) => p.requesterVpcId === rt.vpcId || p.accepterVpcId === rt.vpcId));
      const igw = t.internetGateways.find((g) => g.vpcId === rt.vpcId);
      const targets = [{ kind: 'blackhole' as const }, ...(sameVpcEni ? [{ kind: 'network-interface' as const, id: sameVpcEni.id }] : []), ...(nat ? [{ kind: 'nat-gateway' as const, id: nat.id }] : []), ...(pcx ? [{ kind: 'vpc-peering-connection' as const, id: pcx.id }] : []), ...(igw ? [{ kind: 'internet-gateway' as const, id: igw.id }] : [])];
      const destination = somePrefix(r, t);
      if (rt.routes.some((x) => x.destination?.text === destination.text) || destination.len === 0 && rt.routes.some((x) => x.destination?.len === 0)) break;
      rt.routes.push({ destination, target: pick(r, targets)!, origin: 'CreateRoute' });
      return `route ${destination.text} added to ${rt.id}`;
    }
    case 5: {
      const rt = pick(r, t.routeTables.filter((x) => x.routes.length > 0));
      if (!rt) break;
      const [gone] = rt.routes.splice(Math.floor(r() * rt.routes.length), 1);
      return `route ${gone?.destination?.text ?? gone?.destinationPrefixListId} removed from ${rt.id}`;
    }
    case 6: {
      const i = pick(r, t.instances);
      if (!i) break;
      i.state = 'stopped';
      return `${i.id} stopped`;
    }
    case 7: {
      const p = pick(r, t.vpcPeeringConnections);
      if (!p) break;
      p.status = 'pending-acceptance';
      return `${p.id} not active`;
    }
    case 8: {
      const s = pick(r, t.subnets);
      if (!s) break;
      const tables = t.routeTables.filter((x) => x.vpcId === s.vpcId);
      const to = pick(r, tables);
      if (!to) break;
      for (const x of tables) x.subnetIds = x.subnetIds.filter((id) => id !== s.id);
      if (!to.main) to.subnetIds.push(s.id);
      return `${s.id} associated with ${to.id}`;
    }
    case 9: {
      const e = pick(r, t.networkInterfaces);
      if (!e) break;
      e.sourceDestCheck = !e.sourceDestCheck;
      return `${e.id} source/dest check ${e.sourceDestCheck}`;
    }
    case 10: {
      const g = pick(r, t.internetGateways.filter((x) => x.vpcId !== undefined));
      if (!g) break;
      delete g.vpcId;
      return `${g.id} detached`;
    }
    case 11: {
      const n = pick(r, t.natGateways);
      if (!n) break;
      n.state = pick(r, ['failed', 'deleted', 'pending'] as const)!;
      return `${n.id} ${n.state}`;
    }
    case 12: {
      const ip = pick(r, t.networkInterfaces.flatMap((e) => e.privateIps.filter((p) => p.publicIp !== undefined)));
      if (!ip) break;
      delete ip.publicIp;
      delete ip.allocationId;
      delete ip.elasticIpLogicalId;
      return `public address of ${ip.address?.value.toString(16)} removed`;
    }
    case 13: {
      // An edge association (RT-15): the VPC's gateway routes its inbound traffic through this table.
      const rt = pick(r, t.routeTables);
      const g = rt && t.internetGateways.find((x) => x.vpcId === rt.vpcId);
      if (!rt || !g || t.routeTables.some((x) => x.gatewayIds.includes(g.id))) break;
      rt.gatewayIds.push(g.id);
      return `${g.id} edge-associated with ${rt.id}`;
    }
  }
  return 'nothing';
}

const engine = await loadEngine({ build: 'release' });
let flows = 0;
let skipped = 0;
for (let n = 0; n < topologies; n++) {
  const seed = firstSeed + n;
  const r = rng(seed * 7919);
  const t = structuredClone(baseTopology(r, seed));
  const changes = Array.from({ length: 1 + Math.floor(r() * 4) }, () => mutate(r, t));
  let image;
  try {
    image = compileTopology(t);
  } catch {
    skipped++; // a change the model rejects (the compile's own checks): not a walk question
    continue;
  }
  engine.reset();
  engine.loadNetwork(image);
  let cases = randomCases(t, FLOWS, seed);
  if (r() < 0.3) cases = withOtherSources(t, cases);
  const down = r() < 0.3 ? image.components.filter(() => r() < 0.05).map((c) => c.id) : [];
  const options = { image, ...(down.length > 0 ? { down } : {}), ...(r() < 0.2 ? { allBlocking: true } : {}), ...(r() < 0.2 ? { responseAfter: pick(r, [30, 400, 4000])! } : {}) };
  const outcome = runDifferential(engine, t, cases, options);
  flows += outcome.compared;
  if (outcome.mismatches.length > 0) {
    console.log(`seed ${seed}: ${outcome.mismatches.length} mismatches; changes: ${changes.join('; ')}; options ${JSON.stringify({ down: down.length, allBlocking: options.allBlocking ?? false, responseAfter: options.responseAfter ?? 0 })}`);
    for (const m of outcome.mismatches.filter((x) => x !== '').slice(0, 3)) console.log(m);
    process.exitCode = 1;
  }
  if ((n + 1) % 10 === 0) console.log(`${n + 1} topologies, ${flows} flows compared, ${skipped} skipped`);
}
console.log(`done: ${topologies} topologies from seed ${firstSeed}, ${flows} flows compared, ${skipped} rejected by compile, ${process.exitCode ? 'MISMATCHES' : 'no mismatch'}`);
