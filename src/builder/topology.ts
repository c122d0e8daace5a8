// The fluent builder: `topology({ region }).vpc('A', '10.0.0.0/16', v => v.subnet(...)).build()`.
// It produces the same model as the importers: physical ids from logical ids (src/model/ids.ts,
// scope = stack name), then finalizeTopology adds what AWS creates implicitly (main route tables,
// default NACLs and security groups, ENIs of NAT gateways/attachments/endpoints, addresses).
import { vpcDefaultIds } from '../import/cloudformation/resources/vpc.js';
import { finalizeTopology } from '../model/finalize.js';
import { defaultTransitGatewayRouteTable } from '../model/transit-gateway-defaults.js';
import type { Address, Prefix } from '../model/ip.js';
import { emptyTopology, type Topology, type TransitGatewayAttachment } from '../model/types.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, DEFAULT_STACK_NAME } from '../import/options.js';
import { BuildContext, familyAt, inputError, prefixAt, type Site } from './context.js';
import { ElasticIps } from './elastic-ips.js';
import {
  firewallPolicy,
  statefulRuleGroup,
  statelessRuleGroup,
  type FirewallPolicyOptions,
  type StatefulRuleSpec,
  type StatelessRuleSpec,
} from './firewall.js';
import {
  customerGateway,
  directConnectGateway,
  virtualInterface,
  vpnConnection,
  type AttachToTransitGateway,
  type DirectConnectGatewayAssociationSpec,
  type VirtualInterfaceOptions,
  type VpnConnectionOptions,
} from './hybrid.js';
import { TransitGatewayBuilder, addTransitGatewayAttachment, applyDefaultRouteTables, type TransitGatewayOptions } from './transit-gateway.js';
import { VpcBuilder } from './vpc.js';

export interface TopologyOptions {
  /** C-5; default us-east-1. */
  region?: string;
  accountId?: string;
  /** Scope of the generated physical ids; the CloudFormation importer's default stack name. */
  stackName?: string;
}

/**
 * Builds a Topology in code, resource by resource, checking each as the importers do (made by topology();
 * build() checks the references and finalizes; validateTopology() checks the rest).
 */
export class TopologyBuilder {
  private readonly ctx: BuildContext;
  private readonly eips: ElasticIps;
  private built = false;

  constructor(opts: TopologyOptions = {}) {
    this.ctx = new BuildContext(emptyTopology(opts.region ?? DEFAULT_REGION, opts.accountId ?? DEFAULT_ACCOUNT_ID), opts.stackName ?? DEFAULT_STACK_NAME);
    this.eips = new ElasticIps(this.ctx);
  }

  /** A VPC with its primary IPv4 block (ADDR-1); `body` declares what lives inside it. */
  vpc(name: string, cidr: string | Prefix, body?: (v: VpcBuilder) => void): this {
    const id = this.ctx.declare('vpc', name);
    const site: Site = { kind: 'vpc', logicalId: name, field: 'CidrBlock' };
    // RT-1, NACL-1, SG-8: the defaults' ids as the CloudFormation importer names them; finalizeTopology creates them.
    const vpc = { id, logicalId: name, cidrBlocks: [familyAt(prefixAt(cidr, site), 4, site)], ipv6CidrBlocks: [], ...vpcDefaultIds(name, this.ctx.scope) };
    this.ctx.topology.vpcs.push(vpc);
    body?.(new VpcBuilder(this.ctx, this.eips, vpc));
    return this;
  }

  /** An Elastic IP; its address comes from the deterministic public pool unless given. */
  elasticIp(name: string, address?: string | Address): this {
    this.eips.declare(name, address);
    return this;
  }

  /** A VPC peering connection, `active` unless told otherwise (PCX-2). */
  peering(name: string, requester: string, accepter: string, opts: { status?: string; accepterRegion?: string } = {}): this {
    const id = this.ctx.declare('vpcPeeringConnection', name);
    const site: Site = { kind: 'vpcPeeringConnection', logicalId: name, field: 'VpcId' };
    const pcx = {
      id,
      logicalId: name,
      requesterVpcId: this.ctx.ref('vpc', requester, site),
      accepterVpcId: this.ctx.ref('vpc', accepter, { ...site, field: 'PeerVpcId' }),
      status: opts.status ?? 'active',
    } as Topology['vpcPeeringConnections'][number];
    if (opts.accepterRegion !== undefined) {
      pcx.requesterRegion = this.ctx.topology.region;
      pcx.accepterRegion = opts.accepterRegion;
    }
    this.ctx.topology.vpcPeeringConnections.push(pcx);
    return this;
  }

  transitGateway(name: string, opts: TransitGatewayOptions = {}, body?: (g: TransitGatewayBuilder) => void): this {
    const id = this.ctx.declare('transitGateway', name);
    const tgw = {
      id,
      logicalId: name,
      amazonSideAsn: opts.asn ?? 64512,
      defaultRouteTableAssociation: opts.defaultRouteTableAssociation ?? true,
      defaultRouteTablePropagation: opts.defaultRouteTablePropagation ?? true,
      securityGroupReferencingSupport: opts.securityGroupReferencing ?? false,
    } as Topology['transitGateways'][number];
    this.ctx.topology.transitGateways.push(tgw);
    const builder = new TransitGatewayBuilder(this.ctx, tgw);
    // TGW-6: the default route table, with the importer's ids.
    const defaultRouteTable = defaultTransitGatewayRouteTable(tgw, this.ctx.scope);
    if (defaultRouteTable) this.ctx.topology.transitGatewayRouteTables.push(defaultRouteTable);
    body?.(builder);
    return this;
  }

  vpnGateway(name: string, opts: { vpc?: string; asn?: number } = {}): this {
    const id = this.ctx.declare('vpnGateway', name);
    const vgw = { id, logicalId: name, amazonSideAsn: opts.asn ?? 64512 } as Topology['vpnGateways'][number];
    if (opts.vpc !== undefined) vgw.vpcId = this.ctx.ref('vpc', opts.vpc, { kind: 'vpnGateway', logicalId: name, field: 'VpcId' });
    this.ctx.topology.vpnGateways.push(vgw);
    return this;
  }

  customerGateway(name: string, opts: { ip: string; asn?: number }): this {
    customerGateway(this.ctx, name, opts);
    return this;
  }

  vpnConnection(name: string, opts: VpnConnectionOptions): this {
    vpnConnection(this.ctx, this.attach, name, opts);
    return this;
  }

  directConnectGateway(name: string, opts: { asn?: number; associations?: DirectConnectGatewayAssociationSpec[] } = {}): this {
    directConnectGateway(this.ctx, this.attach, name, opts);
    return this;
  }

  directConnectConnection(name: string, opts: { location?: string; state?: 'available' | 'down' } = {}): this {
    const conn = { id: this.ctx.declare('directConnectConnection', name), logicalId: name, state: opts.state ?? 'available' } as Topology['directConnectConnections'][number];
    if (opts.location !== undefined) conn.location = opts.location;
    this.ctx.topology.directConnectConnections.push(conn);
    return this;
  }

  virtualInterface(name: string, opts: VirtualInterfaceOptions): this {
    virtualInterface(this.ctx, name, opts);
    return this;
  }

  /** A customer-managed prefix list (SG-3, RT-4). */
  prefixList(name: string, entries: Array<string | Prefix>, opts: { prefixListName?: string } = {}): this {
    const id = this.ctx.declare('prefixList', name);
    const site: Site = { kind: 'prefixList', logicalId: name, field: 'Entries' };
    const parsed = entries.map((e) => prefixAt(e, site));
    const family = parsed[0]?.family ?? 4;
    if (parsed.some((p) => p.family !== family)) throw inputError(site, 'mixes IPv4 and IPv6 entries (AddressFamily is one of them)');
    this.ctx.topology.prefixLists.push({ id, logicalId: name, prefixListName: opts.prefixListName ?? name, addressFamily: family === 4 ? 'IPv4' : 'IPv6', entries: parsed, awsManaged: false });
    return this;
  }

  firewallPolicy(name: string, opts: FirewallPolicyOptions = {}): this {
    firewallPolicy(this.ctx, name, opts);
    return this;
  }

  statelessRuleGroup(name: string, rules: StatelessRuleSpec[]): this {
    statelessRuleGroup(this.ctx, name, rules);
    return this;
  }

  statefulRuleGroup(name: string, rules: StatefulRuleSpec[]): this {
    statefulRuleGroup(this.ctx, name, rules);
    return this;
  }

  /** Checks every reference, applies AWS defaults (TGW-6, EIPs) and finalizes. Call once. */
  build(): Topology {
    if (this.built) throw new Error('build() was already called on this builder');
    this.built = true;
    this.ctx.checkReferences();
    this.ctx.runDeferred();
    this.eips.resolve();
    applyDefaultRouteTables(this.ctx);
    return finalizeTopology(this.ctx.topology);
  }

  private readonly attach: AttachToTransitGateway = (tgw, name, kind: TransitGatewayAttachment['resourceType'], resourceId, site) => {
    addTransitGatewayAttachment(this.ctx, name, this.ctx.ref('transitGateway', tgw, site), kind, resourceId);
  };
}

/** A TopologyBuilder for a new topology (options: Region, account). */
export function topology(opts: TopologyOptions = {}): TopologyBuilder {
  return new TopologyBuilder(opts);
}
