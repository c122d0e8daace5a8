// Shared state of one builder run: the topology being filled in, the logical ids declared so far,
// and the references still to check. Names given to builder calls are logical ids (alphanumeric,
// as CloudFormation requires); physical ids come from src/model/ids.ts so that the builder and the
// CloudFormation importer give the same resource the same id.
import { InputError } from '../model/errors.js';
import { physicalId } from '../model/ids.js';
import { AddressParseError, parseAddress, parsePrefix, type Address, type Prefix } from '../model/ip.js';
import type { Instance, Subnet, Topology } from '../model/types.js';
import { quote } from '../model/printable.js';

/** Lookups by physical id for work deferred until every resource is declared. */
export interface Declared {
  subnet(id: string): Subnet | undefined;
  instance(id: string): Instance | undefined;
}

/** What a logical id names; the AWS resource type is used in messages, the prefix in physical ids. */
export const KINDS = {
  vpc: { type: 'AWS::EC2::VPC', prefix: 'vpc' },
  subnet: { type: 'AWS::EC2::Subnet', prefix: 'subnet' },
  routeTable: { type: 'AWS::EC2::RouteTable', prefix: 'rtb' },
  networkAcl: { type: 'AWS::EC2::NetworkAcl', prefix: 'acl' },
  securityGroup: { type: 'AWS::EC2::SecurityGroup', prefix: 'sg' },
  networkInterface: { type: 'AWS::EC2::NetworkInterface', prefix: 'eni' },
  instance: { type: 'AWS::EC2::Instance', prefix: 'i' },
  elasticIp: { type: 'AWS::EC2::EIP', prefix: 'eipalloc' },
  internetGateway: { type: 'AWS::EC2::InternetGateway', prefix: 'igw' },
  egressOnlyInternetGateway: { type: 'AWS::EC2::EgressOnlyInternetGateway', prefix: 'eigw' },
  natGateway: { type: 'AWS::EC2::NatGateway', prefix: 'nat' },
  vpcPeeringConnection: { type: 'AWS::EC2::VPCPeeringConnection', prefix: 'pcx' },
  transitGateway: { type: 'AWS::EC2::TransitGateway', prefix: 'tgw' },
  transitGatewayAttachment: { type: 'AWS::EC2::TransitGatewayAttachment', prefix: 'tgw-attach' },
  transitGatewayRouteTable: { type: 'AWS::EC2::TransitGatewayRouteTable', prefix: 'tgw-rtb' },
  vpnGateway: { type: 'AWS::EC2::VPNGateway', prefix: 'vgw' },
  customerGateway: { type: 'AWS::EC2::CustomerGateway', prefix: 'cgw' },
  vpnConnection: { type: 'AWS::EC2::VPNConnection', prefix: 'vpn' },
  directConnectGateway: { type: 'AWS::DirectConnect::Gateway', prefix: 'dxgw' },
  directConnectConnection: { type: 'AWS::DirectConnect::Connection', prefix: 'dxcon' },
  virtualInterface: { type: 'AWS::DirectConnect::VirtualInterface', prefix: 'dxvif' },
  vpcEndpoint: { type: 'AWS::EC2::VPCEndpoint', prefix: 'vpce' },
  prefixList: { type: 'AWS::EC2::PrefixList', prefix: 'pl' },
  networkFirewall: { type: 'AWS::NetworkFirewall::Firewall', prefix: 'fw' },
  firewallPolicy: { type: 'AWS::NetworkFirewall::FirewallPolicy', prefix: 'fwpolicy' },
  firewallRuleGroup: { type: 'AWS::NetworkFirewall::RuleGroup', prefix: 'fwrg' },
} as const;

export type Kind = keyof typeof KINDS;

/** Where a value or reference was written: the resource and the field, for one-line errors. */
export interface Site {
  kind: Kind;
  logicalId: string;
  field: string;
}

const LOGICAL_ID = /^[A-Za-z0-9]+$/;
// An AWS id written directly (e.g. the AWS-managed prefix list `pl-63a5400a`); logical ids cannot
// contain `-`, so the two never clash.
const AWS_ID = /^[a-z]+(-[a-z]+)*-[0-9a-f]{8,17}$/;

/** `an InternetGateway`, `a Subnet`: resource types as messages name them. */
export function described(kind: Kind): string {
  const short = KINDS[kind].type.slice(KINDS[kind].type.lastIndexOf('::') + 2);
  return `${/^[AEIOU]/.test(short) ? 'an' : 'a'} ${short}`;
}

export function inputError(site: Site, detail: string, code?: string): InputError {
  return new InputError(`${site.field} ${detail}`, { resourceType: KINDS[site.kind].type, logicalId: site.logicalId, field: site.field, code });
}

export class BuildContext {
  readonly topology: Topology;
  private readonly declared = new Map<string, Kind>();
  private readonly ids = new Map<string, string>();
  /** References to check once everything is declared (builder calls may come in any order). */
  private readonly pending: Array<{ kind: Kind; name: string; site: Site }> = [];
  private readonly deferred: Array<(declared: Declared) => void> = [];

  constructor(topology: Topology, readonly scope: string) {
    this.topology = topology;
  }

  /** Registers a new logical id and returns its physical id. */
  declare(kind: Kind, logicalId: string): string {
    if (typeof logicalId !== 'string' || !LOGICAL_ID.test(logicalId)) {
      throw new InputError(`logical id ${quote(logicalId)} must be alphanumeric (A-Za-z0-9)`, { resourceType: KINDS[kind].type });
    }
    const before = this.declared.get(logicalId);
    if (before) {
      throw new InputError(`logical id is already used by ${described(before)}`, { resourceType: KINDS[kind].type, logicalId });
    }
    this.declared.set(logicalId, kind);
    return this.idOf(kind, logicalId);
  }

  kindOf(logicalId: string): Kind | undefined {
    return this.declared.get(logicalId);
  }

  /** The physical id a reference to `name` stands for; checked at build time unless it is an AWS id. */
  ref(kind: Kind, name: string, site: Site): string {
    if (typeof name !== 'string') throw inputError(site, `must name ${described(kind)}, got ${quote(name)}`);
    if (AWS_ID.test(name)) return name;
    if (!LOGICAL_ID.test(name)) throw inputError(site, `'${name}' is neither a logical id nor an AWS id`);
    this.pending.push({ kind, name, site });
    return this.idOf(kind, name);
  }

  /** Throws for the first reference (in call order) to a logical id that was never declared as that kind. */
  checkReferences(): void {
    for (const { kind, name, site } of this.pending) {
      const found = this.declared.get(name);
      if (found === kind) continue;
      const what = found ? `is ${described(found)}, not ${described(kind)}` : `is not declared (expected ${described(kind)})`;
      throw inputError(site, `'${name}' ${what}`);
    }
  }

  /** Work that needs other resources (e.g. an ENI attached to an instance declared later). */
  defer(work: (declared: Declared) => void): void {
    this.deferred.push(work);
  }

  runDeferred(): void {
    const subnets = new Map(this.topology.subnets.map((s) => [s.id, s]));
    const instances = new Map(this.topology.instances.map((i) => [i.id, i]));
    const declared: Declared = { subnet: (id) => subnets.get(id), instance: (id) => instances.get(id) };
    for (const work of this.deferred) work(declared);
  }

  private idOf(kind: Kind, logicalId: string): string {
    const key = `${kind}\u0000${logicalId}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = physicalId(KINDS[kind].prefix, logicalId, this.scope);
      this.ids.set(key, id);
    }
    return id;
  }
}

/** Parses a CIDR block written in a builder call; bad text is an InputError naming the site. */
export function prefixAt(value: string | Prefix, site: Site): Prefix {
  return typeof value === 'string' ? parsedAt(value, site, parsePrefix, 'CIDR block') : value;
}

export function addressAt(value: string | Address, site: Site): Address {
  return typeof value === 'string' ? parsedAt(value, site, parseAddress, 'IP address') : value;
}

function parsedAt<T>(text: string, site: Site, parse: (text: string) => T, what: string): T {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof AddressParseError) throw inputError(site, `${quote(text)} is not a valid ${what} (${err.message})`);
    throw err;
  }
}

export function familyAt(prefix: Prefix, family: 4 | 6, site: Site): Prefix {
  if (prefix.family !== family) throw inputError(site, `${prefix.text} must be an IPv${family} CIDR block`);
  return prefix;
}
