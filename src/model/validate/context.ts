// What every validation check needs: the resources indexed by id, how to name them in messages
// (by logical id, C-1) and how to fail with one InputError that names type, logical id, field and
// EC2 error code.
import { InputError } from '../errors.js';
import { entryKind, entryPosition, idTable, kindIndex, RESOURCE_KINDS, type IdTable, type ResourceKind } from '../id-table.js';
import type { Resource, Topology } from '../types.js';

/** The Topology fields that hold resources; validation visits them in RESOURCE_KINDS order (C-4). */
export type { ResourceKind };

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

export const KIND_ORDER: readonly ResourceKind[] = RESOURCE_KINDS;

/** KINDS[kind].type by kindIndex(kind): read per resource checked, without a keyed load on KINDS. */
const TYPES: readonly string[] = RESOURCE_KINDS.map((kind) => KINDS[kind].type);

/** The resource (or sub-resource such as a route) an error is reported on. */
export interface Subject {
  type: string;
  logicalId: string;
}

export function subjectOf(kind: ResourceKind, r: Resource): Subject {
  return { type: TYPES[kindIndex(kind)]!, logicalId: r.logicalId };
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

/**
 * How validateTopology visits the resources of a kind: in logical-id order (C-4: which error is
 * reported first), or in list order (no sort; finds an error exactly when logical-id order does).
 */
export type VisitOrder = 'logical-id' | 'list';

export class ValidationContext {
  /** Id -> kind and position in t[kind], shared with the lookups and compile (id-table.ts). */
  private readonly ids: IdTable;
  /** Per kind (KIND_ORDER index), its resources in logical-id order, sorted on first use. */
  private readonly sorted: (readonly Resource[] | undefined)[] = [];

  constructor(
    readonly t: Topology,
    readonly order: VisitOrder = 'logical-id',
  ) {
    this.ids = idTable(t);
    if (!this.ids.unique) this.failOnRepeatedId();
  }

  /**
   * Two resources sharing one physical id would make every reference ambiguous: the error names the
   * second holder in logical-id visit order (kinds in order, each by logical id) and the first one.
   */
  private failOnRepeatedId(): never {
    const seen = new Map<string, Resource>();
    for (const kind of KIND_ORDER) {
      for (const r of this.inOrder(kind)) {
        const first = seen.get(r.id);
        if (first) fail(subjectOf(kind, r), 'Id', `id ${r.id} is also the id of ${this.labelOf(first, this.kindOfResource(first))}`);
        seen.set(r.id, r);
      }
    }
    throw new Error('ValidationContext: the id table has a repeated id the lists do not');
  }

  private kindOfResource(r: Resource): ResourceKind {
    return KIND_ORDER.find((kind) => (this.t[kind] as Resource[]).includes(r))!;
  }

  /** The resources of `kind` in logical-id order (C-4), as they were when first asked. */
  inOrder(kind: ResourceKind): readonly Resource[] {
    const k = kindIndex(kind);
    // Sorted (C-4) so that which of two resources is reported never depends on input order.
    return (this.sorted[k] ??= sortedByLogicalId(Array.isArray(this.t[kind]) ? (this.t[kind] as Resource[]) : []));
  }

  /** The resources of `kind` in the context's visit order. */
  visitOrder(kind: ResourceKind): readonly Resource[] {
    if (this.order === 'logical-id') return this.inOrder(kind);
    return Array.isArray(this.t[kind]) ? (this.t[kind] as Resource[]) : [];
  }

  /** The resource with this id if it is of `kind`. */
  find<K extends ResourceKind>(kind: K, id: string | undefined): Topology[K][number] | undefined {
    if (id === undefined) return undefined;
    const k = kindIndex(kind);
    const at = this.ids.firstOfKind(k, id);
    return at < 0 ? undefined : (this.ids.listOfKind(k)[at] as Topology[K][number]);
  }

  /** The kind of the resource with this id, if any. */
  kindOf(id: string): ResourceKind | undefined {
    const e = this.ids.entryOf(id);
    return e === undefined ? undefined : entryKind(e);
  }

  /** The referenced resource, or a `<Field> <id> does not exist (<NotFound code>)` error. */
  require<K extends ResourceKind>(subject: Subject, field: string, kind: K, id: string | undefined): Topology[K][number] {
    // The id table's lists are the Topology's (it is rebuilt when one is replaced): read by index, not t[kind].
    return this.ids.listOfKind(kindIndex(kind))[this.requirePosition(subject, field, kind, id)] as Topology[K][number];
  }

  /** require(), answering the resource's position in t[kind]. */
  requirePosition(subject: Subject, field: string, kind: ResourceKind, id: string | undefined): number {
    if (id === undefined || id === '') fail(subject, field, `${field} is missing`, 'MissingParameter');
    const at = this.ids.firstOfKind(kindIndex(kind), id);
    if (at >= 0) return at;
    const other = this.ids.entryOf(id);
    const what = shortType(KINDS[kind].type);
    if (other !== undefined) fail(subject, field, `${field} ${id} is ${this.labelOfEntry(other)}, not a ${what}`, KINDS[kind].notFound);
    fail(subject, field, `${field} ${id} does not exist (no ${what} with that id)`, KINDS[kind].notFound);
  }

  /** `VPC 'AppVpc'` for a known id, else the id itself. */
  label(id: string): string {
    const e = this.ids.entryOf(id);
    return e !== undefined ? this.labelOfEntry(e) : id;
  }

  private labelOfEntry(e: number): string {
    const kind = entryKind(e);
    return this.labelOf((this.t[kind] as Resource[])[entryPosition(e)]!, kind);
  }

  private labelOf(r: Resource, kind: ResourceKind): string {
    return `${shortType(KINDS[kind].type)} '${r.logicalId}'`;
  }
}

/** Runs merged, at most this many; lists with more are sorted. */
const MAX_RUNS = 8;

/**
 * A copy of `list` in byLogicalId order, stable (what [...list].sort(byLogicalId) gives). Imported lists
 * are a few ascending runs (each build phase in logical-id order, then what finalize appends): those
 * are merged, with one comparison per element instead of a comparator call per step of a sort.
 */
export function sortedByLogicalId<T extends { logicalId: string }>(list: readonly T[]): T[] {
  const starts = [0];
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1]!.logicalId > list[i]!.logicalId) {
      starts.push(i);
      if (starts.length > MAX_RUNS) return [...list].sort(byLogicalId);
    }
  }
  let merged = list.slice(0, starts[1] ?? list.length);
  for (let r = 1; r < starts.length; r++) merged = mergeRuns(merged, list.slice(starts[r], starts[r + 1] ?? list.length));
  return merged;
}

/** Two ascending lists as one; on equal logical ids the earlier list's element first (stable). */
function mergeRuns<T extends { logicalId: string }>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(b[j]!.logicalId < a[i]!.logicalId ? b[j++]! : a[i++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** Code-unit order of logical ids: the C-4 tie-break, independent of input order. */
export function byLogicalId<T extends { logicalId: string }>(a: T, b: T): number {
  return a.logicalId < b.logicalId ? -1 : a.logicalId > b.logicalId ? 1 : 0;
}
