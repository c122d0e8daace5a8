// What every validation check needs: the resources indexed by id, how to name them in messages
// (by logical id, C-1) and how to fail with one InputError that names type, logical id, field and
// EC2 error code.
import { InputError } from '../errors.js';
import type { Resource, Topology } from '../types.js';

/** The Topology fields that hold resources, in the order validation visits them (C-4). */
export type ResourceKind = {
  [K in keyof Topology]: Topology[K] extends readonly Resource[] ? K : never;
}[keyof Topology];

interface KindInfo {
  /** CloudFormation type; messages show the part after the last `::`. */
  type: string;
  /** EC2 API error for a reference to a missing resource of this kind (C-1). */
  notFound?: string;
}

export const KINDS: Record<ResourceKind, KindInfo> = {
  vpcs: { type: 'AWS::EC2::VPC', notFound: 'InvalidVpcID.NotFound' },
  subnets: { type: 'AWS::EC2::Subnet', notFound: 'InvalidSubnetID.NotFound' },
  routeTables: { type: 'AWS::EC2::RouteTable', notFound: 'InvalidRouteTableID.NotFound' },
  networkAcls: { type: 'AWS::EC2::NetworkAcl', notFound: 'InvalidNetworkAclID.NotFound' },
  securityGroups: { type: 'AWS::EC2::SecurityGroup', notFound: 'InvalidGroup.NotFound' },
  networkInterfaces: { type: 'AWS::EC2::NetworkInterface', notFound: 'InvalidNetworkInterfaceID.NotFound' },
  instances: { type: 'AWS::EC2::Instance', notFound: 'InvalidInstanceID.NotFound' },
  internetGateways: { type: 'AWS::EC2::InternetGateway', notFound: 'InvalidInternetGatewayID.NotFound' },
  egressOnlyInternetGateways: { type: 'AWS::EC2::EgressOnlyInternetGateway', notFound: 'InvalidGatewayID.NotFound' },
  natGateways: { type: 'AWS::EC2::NatGateway', notFound: 'NatGatewayNotFound' },
  vpcPeeringConnections: { type: 'AWS::EC2::VPCPeeringConnection', notFound: 'InvalidVpcPeeringConnectionID.NotFound' },
  transitGateways: { type: 'AWS::EC2::TransitGateway', notFound: 'InvalidTransitGatewayID.NotFound' },
  transitGatewayAttachments: { type: 'AWS::EC2::TransitGatewayAttachment', notFound: 'InvalidTransitGatewayAttachmentID.NotFound' },
  transitGatewayRouteTables: { type: 'AWS::EC2::TransitGatewayRouteTable', notFound: 'InvalidRouteTableID.NotFound' },
  vpnGateways: { type: 'AWS::EC2::VPNGateway', notFound: 'InvalidVpnGatewayID.NotFound' },
  customerGateways: { type: 'AWS::EC2::CustomerGateway', notFound: 'InvalidCustomerGatewayID.NotFound' },
  vpnConnections: { type: 'AWS::EC2::VPNConnection', notFound: 'InvalidVpnConnectionID.NotFound' },
  directConnectGateways: { type: 'AWS::DirectConnect::DirectConnectGateway', notFound: 'DirectConnectClientException' },
  directConnectConnections: { type: 'AWS::DirectConnect::Connection', notFound: 'DirectConnectClientException' },
  virtualInterfaces: { type: 'AWS::DirectConnect::VirtualInterface', notFound: 'DirectConnectClientException' },
  vpcEndpoints: { type: 'AWS::EC2::VPCEndpoint', notFound: 'InvalidVpcEndpointId.NotFound' },
  prefixLists: { type: 'AWS::EC2::PrefixList', notFound: 'InvalidPrefixListID.NotFound' },
  networkFirewalls: { type: 'AWS::NetworkFirewall::Firewall' },
  firewallPolicies: { type: 'AWS::NetworkFirewall::FirewallPolicy' },
  firewallRuleGroups: { type: 'AWS::NetworkFirewall::RuleGroup' },
};

export const KIND_ORDER = Object.keys(KINDS) as ResourceKind[];

/** The resource (or sub-resource such as a route) an error is reported on. */
export interface Subject {
  type: string;
  logicalId: string;
}

export function subjectOf(kind: ResourceKind, r: Resource): Subject {
  return { type: KINDS[kind].type, logicalId: r.logicalId };
}

/** Throws the validation error: `<Type> '<logicalId>': <detail> (<code>)`. */
export function fail(subject: Subject, field: string, detail: string, code?: string): never {
  throw new InputError(detail, { resourceType: subject.type, logicalId: subject.logicalId, field, code });
}

/** `AWS::EC2::Subnet` -> `Subnet`. */
export function shortType(type: string): string {
  const i = type.lastIndexOf('::');
  return i >= 0 ? type.slice(i + 2) : type;
}

/** An id's entry is position * KINDS_SPAN + the kind's index in KIND_ORDER (26 kinds). */
const KINDS_SPAN = 32;
const KIND_INDEX = new Map(KIND_ORDER.map((kind, i) => [kind, i]));

export class ValidationContext {
  /**
   * Id -> position in its kind's sorted list and the kind, packed in one number (no entry object
   * per resource: 1,000-VPC models hold ~300,000 ids).
   */
  private readonly byId = new Map<string, number>();
  private readonly sorted: (readonly Resource[])[] = [];

  constructor(readonly t: Topology) {
    KIND_ORDER.forEach((kind, k) => {
      // Sorted (C-4) so that which of two resources sharing an id is reported never depends on input order.
      const list = [...(t[kind] as Resource[])].sort(byLogicalId);
      this.sorted.push(list);
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        const size = this.byId.size;
        this.byId.set(r.id, i * KINDS_SPAN + k);
        // Two resources sharing one physical id would make every reference ambiguous. (One map
        // operation per id: the size tells a repeat, and the error finds the first holder again.)
        if (this.byId.size === size) {
          fail(subjectOf(kind, r), 'Id', `id ${r.id} is also the id of ${this.labelOf(this.firstWithId(r.id))}`);
        }
      }
    });
  }

  /** The resources of `kind` in logical-id order (C-4), as they were when the context was made. */
  inOrder(kind: ResourceKind): readonly Resource[] {
    return this.sorted[KIND_INDEX.get(kind)!] ?? [];
  }

  /** The resource with this id if it is of `kind`. */
  find<K extends ResourceKind>(kind: K, id: string | undefined): Topology[K][number] | undefined {
    if (id === undefined) return undefined;
    const e = this.byId.get(id);
    return e !== undefined && e % KINDS_SPAN === KIND_INDEX.get(kind) ? (this.resourceOf(e) as Topology[K][number]) : undefined;
  }

  /** The kind of the resource with this id, if any. */
  kindOf(id: string): ResourceKind | undefined {
    const e = this.byId.get(id);
    return e === undefined ? undefined : KIND_ORDER[e % KINDS_SPAN];
  }

  /** The referenced resource, or a `<Field> <id> does not exist (<NotFound code>)` error. */
  require<K extends ResourceKind>(subject: Subject, field: string, kind: K, id: string | undefined): Topology[K][number] {
    if (id === undefined || id === '') fail(subject, field, `${field} is missing`, 'MissingParameter');
    const found = this.find(kind, id);
    if (found) return found;
    const other = this.byId.get(id);
    const what = shortType(KINDS[kind].type);
    if (other !== undefined) fail(subject, field, `${field} ${id} is ${this.labelOf(other)}, not a ${what}`, KINDS[kind].notFound);
    fail(subject, field, `${field} ${id} does not exist (no ${what} with that id)`, KINDS[kind].notFound);
  }

  /** `VPC 'AppVpc'` for a known id, else the id itself. */
  label(id: string): string {
    const e = this.byId.get(id);
    return e !== undefined ? this.labelOf(e) : id;
  }

  /** The entry of the first resource visited with this id (before the constructor replaced it). */
  private firstWithId(id: string): number {
    for (let k = 0; k < this.sorted.length; k++) {
      const i = this.sorted[k]!.findIndex((r) => r.id === id);
      if (i >= 0) return i * KINDS_SPAN + k;
    }
    throw new Error(`firstWithId: no resource has id ${id}`);
  }

  private resourceOf(e: number): Resource {
    return this.sorted[e % KINDS_SPAN]![Math.floor(e / KINDS_SPAN)]!;
  }

  private labelOf(e: number): string {
    return `${shortType(KINDS[KIND_ORDER[e % KINDS_SPAN]!].type)} '${this.resourceOf(e).logicalId}'`;
  }
}

/** Code-unit order of logical ids: the C-4 tie-break, independent of input order. */
export function byLogicalId<T extends { logicalId: string }>(a: T, b: T): number {
  return a.logicalId < b.logicalId ? -1 : a.logicalId > b.logicalId ? 1 : 0;
}
