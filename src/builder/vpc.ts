// Everything that lives inside one VPC: CIDR blocks, subnets, route tables, network ACLs, security
// groups, instances and ENIs, internet/egress-only/NAT gateways, endpoints and Network Firewalls.
// Names are logical ids; references to other resources are by logical id and may come later.
import { physicalId } from '../model/ids.js';
import type { Address, Prefix } from '../model/ip.js';
import type { NetworkInterface, PrivateIp, RouteTable, Vpc, VpcEndpoint } from '../model/types.js';
import { addressAt, familyAt, inputError, prefixAt, type BuildContext, type Site } from './context.js';
import type { ElasticIps } from './elastic-ips.js';
import { NetworkAclBuilder } from './network-acl.js';
import { RouteTableBuilder, firewallEndpointId } from './route-table.js';
import { SecurityGroupBuilder } from './security-group.js';

export interface SubnetOptions {
  /** Defaults to the Region's `a` zone. */
  az?: string;
  /** MapPublicIpOnLaunch (ADDR-12). */
  public?: boolean;
  ipv6?: string | Prefix;
}

interface InterfaceOptions {
  subnet: string;
  /** Primary private IPv4; allocated (ADDR-11) when absent. */
  ip?: string | Address;
  secondaryIps?: Array<string | Address>;
  /** Security group logical ids; the VPC default group when absent (SG-9). */
  sgs?: string[];
  /** Elastic IP logical id mapped to the primary private IP (ADDR-14). */
  eip?: string;
  ipv6?: Array<string | Address>;
  /** Ipv6AddressCount: addresses allocated from the subnet's IPv6 block. */
  ipv6Count?: number;
  /** Defaults to true (RT-13). */
  sourceDestCheck?: boolean;
}

export interface InstanceOptions extends InterfaceOptions {
  /** AssociatePublicIpAddress: overrides the subnet's MapPublicIpOnLaunch (ADDR-12). */
  publicIp?: boolean;
  state?: 'running' | 'stopped';
}

export interface NetworkInterfaceOptions extends InterfaceOptions {
  /** Attach to this instance at `deviceIndex` (default 1). */
  instance?: string;
  deviceIndex?: number;
}

export interface RouteTableOptions {
  subnets?: string[];
  /** Edge associations (gateway route table, RT-15). */
  gateways?: Array<{ igw: string } | { vgw: string }>;
  /** Virtual private gateways whose routes propagate here (RT-12). */
  propagateFrom?: string[];
  /** Make this the VPC's main route table (RT-1). */
  main?: boolean;
}

export interface NatGatewayOptions {
  subnet: string;
  /** Private NAT gateways have no Elastic IP (GW-15). */
  connectivity?: 'public' | 'private';
  /** Elastic IP logical id; a public NAT gateway without one gets `<name>Eip`. */
  eip?: string;
  state?: 'available' | 'failed' | 'deleted' | 'pending';
}

export interface GatewayEndpointOptions {
  /** `s3`, `dynamodb` or a full service name. */
  service: string;
  routeTables: string[];
  policy?: 'allow' | 'deny';
}

export interface InterfaceEndpointOptions {
  service: string;
  /** At most one per AZ (VPCE-8). */
  subnets: string[];
  sgs?: string[];
  privateDns?: boolean;
  policy?: 'allow' | 'deny';
  type?: 'Interface' | 'GatewayLoadBalancer';
}

export interface NetworkFirewallOptions {
  policy: string;
  /** One firewall subnet per AZ (NFW-1). */
  subnets: string[];
}

export class VpcBuilder {
  constructor(
    private readonly ctx: BuildContext,
    private readonly eips: ElasticIps,
    readonly vpc: Vpc,
  ) {}

  private get t() {
    return this.ctx.topology;
  }

  private site(field: string): Site {
    return { kind: 'vpc', logicalId: this.vpc.logicalId, field };
  }

  /** ADDR-2: a secondary IPv4 block. */
  secondaryCidr(cidr: string | Prefix): this {
    this.vpc.cidrBlocks.push(familyAt(prefixAt(cidr, this.site('CidrBlock')), 4, this.site('CidrBlock')));
    return this;
  }

  /** ADDR-4: an IPv6 block (Amazon-provided ones are /56). */
  ipv6Cidr(cidr: string | Prefix): this {
    this.vpc.ipv6CidrBlocks.push(familyAt(prefixAt(cidr, this.site('Ipv6CidrBlock')), 6, this.site('Ipv6CidrBlock')));
    return this;
  }

  /** A subnet; `cidr` may be undefined for an IPv6-only subnet. */
  subnet(name: string, cidr: string | Prefix | undefined, opts: SubnetOptions = {}): this {
    const id = this.ctx.declare('subnet', name);
    const site: Site = { kind: 'subnet', logicalId: name, field: 'CidrBlock' };
    const subnet = {
      id,
      logicalId: name,
      vpcId: this.vpc.id,
      availabilityZone: opts.az ?? `${this.t.region}a`,
      mapPublicIpOnLaunch: opts.public ?? false,
    } as (typeof this.t.subnets)[number];
    if (cidr !== undefined) subnet.cidrBlock = familyAt(prefixAt(cidr, site), 4, site);
    if (opts.ipv6 !== undefined) {
      const v6: Site = { ...site, field: 'Ipv6CidrBlock' };
      subnet.ipv6CidrBlock = familyAt(prefixAt(opts.ipv6, v6), 6, v6);
    }
    if (!subnet.cidrBlock && !subnet.ipv6CidrBlock) throw inputError(site, 'is missing: a subnet needs an IPv4 or IPv6 CIDR block');
    this.t.subnets.push(subnet);
    return this;
  }

  routeTable(name: string, opts: RouteTableOptions = {}, routes?: (rt: RouteTableBuilder) => void): this {
    const id = this.ctx.declare('routeTable', name);
    const site: Site = { kind: 'routeTable', logicalId: name, field: 'SubnetId' };
    const rt: RouteTable = {
      id,
      logicalId: name,
      vpcId: this.vpc.id,
      main: opts.main ?? false,
      routes: [],
      subnetIds: (opts.subnets ?? []).map((s) => this.ctx.ref('subnet', s, site)),
      gatewayIds: (opts.gateways ?? []).map((g) =>
        'igw' in g ? this.ctx.ref('internetGateway', g.igw, { ...site, field: 'GatewayId' }) : this.ctx.ref('vpnGateway', g.vgw, { ...site, field: 'GatewayId' }),
      ),
      propagatingVgwIds: (opts.propagateFrom ?? []).map((g) => this.ctx.ref('vpnGateway', g, { ...site, field: 'VpnGatewayId' })),
    };
    if (rt.main) this.vpc.mainRouteTableId = id;
    this.t.routeTables.push(rt);
    routes?.(new RouteTableBuilder(this.ctx, rt));
    return this;
  }

  networkAcl(name: string, opts: { subnets?: string[] } = {}, entries?: (acl: NetworkAclBuilder) => void): this {
    const id = this.ctx.declare('networkAcl', name);
    const site: Site = { kind: 'networkAcl', logicalId: name, field: 'SubnetId' };
    const acl = { id, logicalId: name, vpcId: this.vpc.id, isDefault: false, entries: [], subnetIds: (opts.subnets ?? []).map((s) => this.ctx.ref('subnet', s, site)) };
    this.t.networkAcls.push(acl);
    entries?.(new NetworkAclBuilder(acl));
    return this;
  }

  /** GroupName defaults to `<stack>-<name>`, as CloudFormation names groups. */
  securityGroup(name: string, rules?: (sg: SecurityGroupBuilder) => void, opts: { groupName?: string } = {}): this {
    const id = this.ctx.declare('securityGroup', name);
    const group = { id, logicalId: name, vpcId: this.vpc.id, groupName: opts.groupName ?? `${this.ctx.scope}-${name}`, isDefault: false, ingress: [], egress: [] };
    this.t.securityGroups.push(group);
    // SG-10: a new group gets allow-all egress even when no rules are given (the builder adds it).
    const builder = new SecurityGroupBuilder(this.ctx, group);
    rules?.(builder);
    return this;
  }

  /** An instance with its primary ENI (device index 0). */
  instance(name: string, opts: InstanceOptions): this {
    const id = this.ctx.declare('instance', name);
    const site: Site = { kind: 'instance', logicalId: name, field: 'SubnetId' };
    const subnetId = this.ctx.ref('subnet', opts.subnet, site);
    // Same id and logical id as the CloudFormation importer gives an instance's primary ENI.
    const eni = this.networkInterfaceOf(physicalId('eni', `${name}.eth0`, this.ctx.scope), `${name}.eth0`, subnetId, 'instance', opts, site);
    eni.ownerId = id;
    eni.deviceIndex = 0;
    if (opts.publicIp !== undefined) eni.associatePublicIpAddress = opts.publicIp;
    this.t.networkInterfaces.push(eni);
    this.t.instances.push({ id, logicalId: name, subnetId, networkInterfaceIds: [eni.id], state: opts.state ?? 'running' });
    return this;
  }

  /** A standalone ENI, optionally attached to an instance as a secondary interface. */
  networkInterface(name: string, opts: NetworkInterfaceOptions): this {
    const id = this.ctx.declare('networkInterface', name);
    const site: Site = { kind: 'networkInterface', logicalId: name, field: 'SubnetId' };
    const subnetId = this.ctx.ref('subnet', opts.subnet, site);
    const eni = this.networkInterfaceOf(id, name, subnetId, 'interface', opts, site);
    if (opts.instance !== undefined) {
      const instanceId = this.ctx.ref('instance', opts.instance, { ...site, field: 'InstanceId' });
      eni.kind = 'instance';
      eni.ownerId = instanceId;
      eni.deviceIndex = opts.deviceIndex ?? 1;
      this.ctx.defer((declared) => declared.instance(instanceId)?.networkInterfaceIds.push(id));
    }
    this.t.networkInterfaces.push(eni);
    return this;
  }

  private networkInterfaceOf(id: string, logicalId: string, subnetId: string, kind: NetworkInterface['kind'], opts: InterfaceOptions, site: Site): NetworkInterface {
    const ipSite: Site = { ...site, field: 'PrivateIpAddress' };
    const primary: PrivateIp = { primary: true };
    if (opts.ip !== undefined) primary.address = familyAddress(addressAt(opts.ip, ipSite), 4, ipSite);
    const privateIps = [primary, ...(opts.secondaryIps ?? []).map((a) => ({ primary: false, address: familyAddress(addressAt(a, ipSite), 4, ipSite) }))];
    const v6Site: Site = { ...site, field: 'Ipv6Addresses' };
    const eni: NetworkInterface = {
      id,
      logicalId,
      subnetId,
      kind,
      privateIps,
      ipv6Addresses: (opts.ipv6 ?? []).map((a) => familyAddress(addressAt(a, v6Site), 6, v6Site)),
      securityGroupIds: (opts.sgs ?? []).map((g) => this.ctx.ref('securityGroup', g, { ...site, field: 'SecurityGroupIds' })),
      sourceDestCheck: opts.sourceDestCheck ?? true,
    };
    if (opts.ipv6Count !== undefined) eni.ipv6AddressCount = opts.ipv6Count;
    if (opts.eip !== undefined) {
      this.eips.associate(opts.eip, { ...site, field: 'ElasticIp' }, (eip) => Object.assign(primary, eip));
    }
    return eni;
  }

  /** Attached to this VPC (GW-1). */
  internetGateway(name: string): this {
    this.t.internetGateways.push({ id: this.ctx.declare('internetGateway', name), logicalId: name, vpcId: this.vpc.id });
    return this;
  }

  egressOnlyInternetGateway(name: string): this {
    this.t.egressOnlyInternetGateways.push({ id: this.ctx.declare('egressOnlyInternetGateway', name), logicalId: name, vpcId: this.vpc.id });
    return this;
  }

  natGateway(name: string, opts: NatGatewayOptions): this {
    const id = this.ctx.declare('natGateway', name);
    const site: Site = { kind: 'natGateway', logicalId: name, field: 'SubnetId' };
    const connectivityType = opts.connectivity ?? 'public';
    // The NAT gateway's ENI (id as the CloudFormation importer names it) is created by finalizeTopology.
    const networkInterfaceId = physicalId('eni', `${name}.NetworkInterface`, this.ctx.scope);
    const nat = { id, logicalId: name, subnetId: this.ctx.ref('subnet', opts.subnet, site), connectivityType, networkInterfaceId, state: opts.state ?? 'available' } as (typeof this.t.natGateways)[number];
    if (connectivityType === 'public') {
      // GW-7: a public NAT gateway has an Elastic IP.
      const eip = opts.eip ?? `${name}Eip`;
      if (opts.eip === undefined) this.eips.declare(eip);
      this.eips.associate(eip, { ...site, field: 'AllocationId' }, (eip) => Object.assign(nat, eip));
    } else if (opts.eip !== undefined) {
      throw inputError({ ...site, field: 'AllocationId' }, 'must be absent for a private NAT gateway (GW-15)');
    }
    this.t.natGateways.push(nat);
    return this;
  }

  /** VPCE-1/VPCE-2: an S3 or DynamoDB gateway endpoint on the given route tables. */
  gatewayEndpoint(name: string, opts: GatewayEndpointOptions): this {
    const endpoint = this.endpoint(name, opts.service, 'Gateway', opts.policy);
    const site: Site = { kind: 'vpcEndpoint', logicalId: name, field: 'RouteTableIds' };
    endpoint.routeTableIds = opts.routeTables.map((r) => this.ctx.ref('routeTable', r, site));
    return this;
  }

  /** VPCE-8: an interface (or GWLB) endpoint with one ENI per subnet (created by finalizeTopology). */
  interfaceEndpoint(name: string, opts: InterfaceEndpointOptions): this {
    const endpoint = this.endpoint(name, opts.service, opts.type ?? 'Interface', opts.policy);
    const site: Site = { kind: 'vpcEndpoint', logicalId: name, field: 'SubnetIds' };
    endpoint.subnetIds = opts.subnets.map((s) => this.ctx.ref('subnet', s, site));
    endpoint.securityGroupIds = (opts.sgs ?? []).map((g) => this.ctx.ref('securityGroup', g, { ...site, field: 'SecurityGroupIds' }));
    endpoint.privateDnsEnabled = opts.privateDns ?? endpoint.type === 'Interface';
    return this;
  }

  private endpoint(name: string, service: string, type: VpcEndpoint['type'], policy: 'allow' | 'deny' = 'allow'): VpcEndpoint {
    const id = this.ctx.declare('vpcEndpoint', name);
    const serviceName = service.includes('.') ? service : `com.amazonaws.${this.t.region}.${service}`;
    const endpoint: VpcEndpoint = {
      id,
      logicalId: name,
      vpcId: this.vpc.id,
      serviceName,
      type,
      routeTableIds: [],
      subnetIds: [],
      securityGroupIds: [],
      networkInterfaceIds: [],
      privateDnsEnabled: false,
      policy,
    };
    this.t.vpcEndpoints.push(endpoint);
    return endpoint;
  }

  /** NFW-1: one endpoint per firewall subnet, in that subnet's AZ; ENIs come from finalizeTopology. */
  networkFirewall(name: string, opts: NetworkFirewallOptions): this {
    const id = this.ctx.declare('networkFirewall', name);
    const site: Site = { kind: 'networkFirewall', logicalId: name, field: 'SubnetMappings' };
    const subnetIds = opts.subnets.map((s) => this.ctx.ref('subnet', s, site));
    const firewall = { id, logicalId: name, vpcId: this.vpc.id, firewallPolicyId: this.ctx.ref('firewallPolicy', opts.policy, { ...site, field: 'FirewallPolicyArn' }), endpoints: [] as Array<{ availabilityZone: string; subnetId: string; endpointId: string; networkInterfaceId: string }> };
    this.t.networkFirewalls.push(firewall);
    this.ctx.defer((declared) => {
      const seen = new Set<string>();
      for (const subnetId of subnetIds) {
        const az = declared.subnet(subnetId)!.availabilityZone;
        if (seen.has(az)) throw inputError(site, `has two subnets in ${az} (one endpoint per AZ, NFW-1)`);
        seen.add(az);
        firewall.endpoints.push({ availabilityZone: az, subnetId, endpointId: firewallEndpointId(id, az), networkInterfaceId: '' });
      }
    });
    return this;
  }
}

function familyAddress(address: Address, family: 4 | 6, site: Site): Address {
  if (address.family !== family) throw inputError(site, `${address.text} must be an IPv${family} address`);
  return address;
}
