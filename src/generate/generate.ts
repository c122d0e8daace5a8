// Deterministic synthetic topologies by seed and size, for benchmarks and randomized tests:
// N VPCs (behind a transit gateway, in a peering mesh, or alone), M subnets each spread across
// AZs in three tiers (web/app/db), K instances per subnet, tiered security groups, default or custom
// NACLs, some internet and NAT gateways, S3 gateway endpoints, and optionally many extra routes.
// Built with the builder, so the result is an ordinary finalized Topology.
import { topology, type RouteTargetSpec, type TopologyBuilder, type VpcBuilder } from '../builder/index.js';
import { InputError } from '../model/errors.js';
import { assertObject } from '../model/guards.js';
import { addressFromValue, makePrefix, type Prefix } from '../model/ip.js';
import type { Topology } from '../model/types.js';
import { FIRST_INSTANCE_OFFSET, planAddresses, vpcCapacity, type AddressPlan } from './address-plan.js';
import { addTransitGateway, peeringPairs, type Hub, type Peering } from './hub.js';
import { Random } from './random.js';
import { addNetworkAcls, addSecurityGroups, type Tier } from './security.js';
import { quote } from '../model/printable.js';

export interface GenerateOptions {
  seed: number;
  vpcs: number;
  subnetsPerVpc: number;
  instancesPerSubnet: number;
  hub: Hub;
  /** Extra static routes in every subnet route table (default 0), for big LPM tables. */
  routesPerTable?: number;
  /** Default us-east-1. */
  region?: string;
  /** Availability Zones to spread subnets over (default 3, at most 6). */
  azs?: number;
}

const TIERS: Tier[] = ['web', 'app', 'db'];
const MAX_EXTRA_ROUTES = 10_000;
const MAX_VPCS = 100_000;
const MAX_SUBNETS = 256;
const MAX_INSTANCES = 65_000;

/** vpcCapacity(), undefined when the subnets do not fit one VPC (planAddresses then says so, ADDR-1). */
function vpcCapacityOrUndefined(subnetsPerVpc: number, instancesPerSubnet: number, applianceSubnet: boolean): ReturnType<typeof vpcCapacity> | undefined {
  try {
    return vpcCapacity(subnetsPerVpc, instancesPerSubnet, applianceSubnet);
  } catch (err) {
    if (err instanceof InputError) return undefined;
    throw err;
  }
}
/** Extra route destinations come from blocks no generated VPC uses: 198.18.0.0/15 (RFC 2544) and 192.168.0.0/16. */
const EXTRA_ROUTE_BLOCKS: Array<{ addr: number; len: number }> = [
  { addr: 0xc6120000, len: 15 },
  { addr: 0xc0a80000, len: 16 },
];

/**
 * Throws an InputError for the first option out of range; `label` names options in messages
 * (the CLI passes `--vpcs` style flag names).
 */
export function checkGenerateOptions(o: GenerateOptions, label: (option: string) => string = (x) => x): void {
  const inRange = (value: number, min: number, max: number): boolean => Number.isInteger(value) && value >= min && value <= max;
  const count = (name: string, value: number, min: number, max: number, why = ''): void => {
    if (!inRange(value, min, max)) throw new InputError(`${label(name)} must be an integer from ${min} to ${max}, got ${value}${why}`, { field: name });
  };
  count('seed', o.seed, 0, 0xffffffff);
  // Past 256 VPCs the blocks are as small as their subnets allow, and the pools hold what they hold: at
  // most 86,016 (one /24 subnet each), fewer for more or larger subnets. That is the bound the range
  // names (100,000 only while the subnet options are themselves out of range): one wording for both.
  const routes = o.routesPerTable ?? 0;
  let maxVpcs = MAX_VPCS;
  let why = '';
  if (inRange(o.subnetsPerVpc, 1, MAX_SUBNETS) && inRange(o.instancesPerSubnet, 0, MAX_INSTANCES) && inRange(routes, 0, MAX_EXTRA_ROUTES)) {
    const room = vpcCapacityOrUndefined(o.subnetsPerVpc, o.instancesPerSubnet, routes > 0);
    if (room && room.capacity < maxVpcs) {
      maxVpcs = room.capacity;
      const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
      why = ` (VPCs of /${room.vpcPrefixLength} for ${plural(o.subnetsPerVpc, 'subnet')} of ${plural(o.instancesPerSubnet, 'instance')}: ${room.capacity} fit in 10/8, 100.64/10 and 172.16/12)`;
    }
  }
  count('vpcs', o.vpcs, 1, maxVpcs, why);
  count('subnets', o.subnetsPerVpc, 1, MAX_SUBNETS);
  count('instances', o.instancesPerSubnet, 0, MAX_INSTANCES);
  count('routes', routes, 0, MAX_EXTRA_ROUTES);
  count('azs', o.azs ?? 3, 1, 6);
  if (!['tgw', 'peering', 'none'].includes(o.hub)) throw new InputError(`${label('hub')} must be tgw, peering or none, got ${quote(o.hub)}`, { field: 'hub' });
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * A synthetic topology, the same for the same options and seed (`vpcsim generate`); bad options throw an
 * InputError naming the option.
 */
export function generateTopology(opts: GenerateOptions): Topology {
  assertObject(opts as unknown, 'generateTopology', 'the options');
  checkGenerateOptions(opts);
  const region = opts.region ?? 'us-east-1';
  const zones = 'abcdef'.slice(0, opts.azs ?? 3).split('').map((z) => `${region}${z}`);
  const plan = planAddresses(opts.vpcs, opts.subnetsPerVpc, opts.instancesPerSubnet, (opts.routesPerTable ?? 0) > 0);
  const rng = new Random(opts.seed);
  const t = topology({ region });

  const vpcWidth = String(opts.vpcs - 1).length;
  const vpcNames = Array.from({ length: opts.vpcs }, (_, i) => `Vpc${pad(i, vpcWidth)}`);
  const pairs = opts.hub === 'peering' ? peeringPairs(opts.vpcs, (i) => vpcNames[i]!) : [];
  const peersOf: Peering[][] = vpcNames.map(() => []);
  for (const p of pairs) peersOf[p.a]!.push(p), peersOf[p.b]!.push(p);
  const hubCidrs = opts.hub === 'none' ? [] : plan.summaries;
  const attachmentSubnets: string[][] = [];

  vpcNames.forEach((name, i) => {
    const cidr = plan.vpcCidr(i);
    t.vpc(name, cidr, (v) => {
      const vpc = new GeneratedVpc(v, name, cidr, opts, plan, zones, rng);
      vpc.addRouting(opts.hub, peersOf[i]!.map((p) => ({ pcx: p.name, cidr: plan.vpcCidr(p.a === i ? p.b : p.a) })), hubCidrs);
      vpc.addInstances(hubCidrs);
      attachmentSubnets.push(vpc.firstSubnetPerZone());
    });
  });
  for (const p of pairs) t.peering(p.name, vpcNames[p.a]!, vpcNames[p.b]!);
  if (opts.hub === 'tgw') addTransitGateway(t, vpcNames, attachmentSubnets);
  return t.build();
}

/** One generated VPC: its subnets by tier, then routing, security and instances. */
class GeneratedVpc {
  private readonly subnets: Array<{ name: string; tier: Tier; az: string; cidr: Prefix; public: boolean }> = [];
  private readonly igw: string | undefined;
  private readonly nat: string | undefined;
  private appliance = false;

  constructor(
    private readonly v: VpcBuilder,
    private readonly name: string,
    private readonly cidr: Prefix,
    private readonly opts: GenerateOptions,
    private readonly plan: AddressPlan,
    zones: string[],
    private readonly rng: Random,
  ) {
    this.igw = rng.chance(0.6) ? `${name}Igw` : undefined;
    const width = String(opts.subnetsPerVpc - 1).length;
    for (let j = 0; j < opts.subnetsPerVpc; j++) {
      const tier = TIERS[j % TIERS.length]!;
      const subnet = { name: `${name}Subnet${pad(j, width)}`, tier, az: zones[j % zones.length]!, cidr: plan.subnetCidr(cidr, j), public: tier === 'web' && this.igw !== undefined };
      this.subnets.push(subnet);
      v.subnet(subnet.name, subnet.cidr, { az: subnet.az, public: subnet.public });
    }
    if (this.igw) v.internetGateway(this.igw);
    const firstPublic = this.subnets.find((s) => s.public);
    // GW-7: a public NAT gateway in a public subnet, for the private tiers' egress.
    this.nat = firstPublic && rng.chance(0.7) ? `${name}Nat` : undefined;
    if (this.nat) v.natGateway(this.nat, { subnet: firstPublic!.name });
  }

  addRouting(hub: Hub, peers: Array<{ pcx: string; cidr: Prefix }>, hubCidrs: Prefix[]): void {
    const publicSubnets = this.subnets.filter((s) => s.public).map((s) => s.name);
    const privateSubnets = this.subnets.filter((s) => !s.public).map((s) => s.name);
    const tables: Array<{ name: string; subnets: string[]; internet?: RouteTargetSpec }> = [];
    if (publicSubnets.length) tables.push({ name: `${this.name}PublicRt`, subnets: publicSubnets, internet: { igw: this.igw! } });
    if (privateSubnets.length) tables.push({ name: `${this.name}PrivateRt`, subnets: privateSubnets, ...(this.nat ? { internet: { nat: this.nat } } : {}) });
    for (const table of tables) {
      this.v.routeTable(table.name, { subnets: table.subnets }, (rt) => {
        if (table.internet) rt.route('0.0.0.0/0', table.internet);
        if (hub === 'tgw') for (const c of hubCidrs) rt.route(c, { tgw: 'Tgw' });
        for (const p of peers) rt.route(p.cidr, { pcx: p.pcx });
        this.extraRoutes(hub, table.internet, (dest, target) => rt.route(dest, target));
      });
    }
    // VPCE-2: some VPCs reach S3 through a gateway endpoint on the private table.
    if (privateSubnets.length && this.rng.chance(0.3)) this.v.gatewayEndpoint(`${this.name}S3Endpoint`, { service: 's3', routeTables: [`${this.name}PrivateRt`] });
    addNetworkAcls(this.v, this.name, this.rng, publicSubnets, privateSubnets);
  }

  /**
   * Routes to random, possibly nested blocks outside every VPC (so RT-6/RT-7 never apply), towards a
   * router appliance ENI (RT-13/RT-14), the hub or the internet path. RT-14: the appliance forwards with
   * its own subnet's route table, so it sits in a subnet of its own (the next slot of the address plan,
   * on the main table: the local route only); in a tier subnet, whose table routes the blocks to it, each
   * such route would be a routing loop.
   */
  private extraRoutes(hub: Hub, internet: RouteTargetSpec | undefined, add: (dest: Prefix, target: RouteTargetSpec) => void): void {
    const count = this.opts.routesPerTable ?? 0;
    if (count === 0) return;
    const appliance = `${this.name}Appliance`;
    if (!this.appliance) {
      this.appliance = true;
      const subnet = `${this.name}ApplianceSubnet`;
      this.v.subnet(subnet, this.plan.subnetCidr(this.cidr, this.opts.subnetsPerVpc), { az: this.subnets[0]!.az });
      this.v.networkInterface(appliance, { subnet, sourceDestCheck: false });
    }
    const targets: RouteTargetSpec[] = [{ eni: appliance }];
    if (hub === 'tgw') targets.push({ tgw: 'Tgw' });
    if (internet) targets.push(internet);
    const seen = new Set<string>();
    while (seen.size < count) {
      const block = this.rng.pick(EXTRA_ROUTE_BLOCKS);
      const len = this.rng.int(block.len + 1, 28);
      const offset = this.rng.nextUint32() & ((2 ** (32 - block.len) - 1) & ~(2 ** (32 - len) - 1));
      const dest = makePrefix(4, BigInt((block.addr + offset) >>> 0), len);
      if (seen.has(dest.text)) continue;
      seen.add(dest.text);
      add(dest, this.rng.pick(targets));
    }
  }

  addInstances(hubCidrs: Prefix[]): void {
    const security = addSecurityGroups(this.v, this.name, this.rng, hubCidrs);
    const width = String(Math.max(0, this.opts.instancesPerSubnet - 1)).length;
    for (const s of this.subnets) {
      const base = Number(s.cidr.addr) + FIRST_INSTANCE_OFFSET;
      for (let k = 0; k < this.opts.instancesPerSubnet; k++) {
        const sgs = [security.groups[s.tier]];
        if (this.rng.chance(0.1)) sgs.push(security.admin);
        this.v.instance(`${s.name}Instance${pad(k, width)}`, { subnet: s.name, ip: addressFromValue(4, BigInt(base + k)), sgs });
      }
    }
  }

  /** TGW-9: one attachment subnet per AZ. */
  firstSubnetPerZone(): string[] {
    const seen = new Set<string>();
    return this.subnets.filter((s) => !seen.has(s.az) && seen.add(s.az)).map((s) => s.name);
  }
}
