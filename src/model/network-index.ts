// Lookups beyond ./lookup.ts: every resource by id and who owns an address (private, public/Elastic
// IP, IPv6). Built once per topology (networkIndex caches it) and shared by compile, the trace
// resolution and the reference walk.
import { TopologyLookup } from './lookup.js';
import { resourceView, type ResourceKind } from './id-table.js';
import { addressKey as indexedAddressKey, elementsWith, idMap, keyIndexOf } from './list-index.js';
import type { Family } from './ip.js';
import type {
  DirectConnectConnection,
  DirectConnectGateway,
  EgressOnlyInternetGateway,
  FirewallPolicy,
  FirewallRuleGroup,
  InternetGateway,
  ManagedPrefixList,
  NatGateway,
  NetworkFirewall,
  NetworkInterface,
  PrivateIp,
  RouteTable,
  SecurityGroup,
  Topology,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRouteTable,
  VirtualInterface,
  VpcEndpoint,
  VpcPeeringConnection,
  VpnConnection,
  VpnGateway,
  CustomerGateway,
} from './types.js';

/** Id -> resource of t[kind]: a view of the id table, or the key-indexed list's map of a cached Topology. */
function byId<K extends ResourceKind>(t: Topology, kind: K): Map<string, Topology[K][number]> {
  return resourceView(t, kind) ?? idMap(t[kind] as Topology[K][number][]);
}

const indexCache = new WeakMap<Topology, NetworkIndex>();

/** The index of `t`, built on first use. */
export function networkIndex(t: Topology): NetworkIndex {
  let ix = indexCache.get(t);
  if (!ix) {
    ix = new NetworkIndex(t);
    indexCache.set(t, ix);
  }
  return ix;
}


// Address keys without strings: an IPv4 address is its number; an IPv6 address its bigint (Map keys
// compare bigints by value). On 1,000 VPCs (100,000 ENIs) the `${vpcId}|${family}/${value}` keys
// were a third of building the index.
type AddressKey = number | bigint;
const addressKey = (family: Family, value: bigint): AddressKey => (family === 4 ? Number(value) : value);

export interface AddressOwner {
  eni: NetworkInterface;
  /** The private IPv4 entry (absent for an IPv6 address). */
  privateIp?: PrivateIp;
}

export class NetworkIndex {
  readonly lookup: TopologyLookup;
  readonly internetGateways: Map<string, InternetGateway>;
  readonly egressOnlyInternetGateways: Map<string, EgressOnlyInternetGateway>;
  readonly natGateways: Map<string, NatGateway>;
  readonly peerings: Map<string, VpcPeeringConnection>;
  readonly transitGateways: Map<string, TransitGateway>;
  readonly tgwAttachments: Map<string, TransitGatewayAttachment>;
  readonly tgwRouteTables: Map<string, TransitGatewayRouteTable>;
  readonly vpnGateways: Map<string, VpnGateway>;
  readonly customerGateways: Map<string, CustomerGateway>;
  readonly vpnConnections: Map<string, VpnConnection>;
  readonly dxGateways: Map<string, DirectConnectGateway>;
  readonly dxConnections: Map<string, DirectConnectConnection>;
  readonly virtualInterfaces: Map<string, VirtualInterface>;
  readonly vpcEndpoints: Map<string, VpcEndpoint>;
  readonly prefixLists: Map<string, ManagedPrefixList>;
  readonly firewalls: Map<string, NetworkFirewall>;
  readonly firewallPolicies: Map<string, FirewallPolicy>;
  readonly firewallRuleGroups: Map<string, FirewallRuleGroup>;
  private zones?: string[];
  /** Firewall endpoint id (vpce-...) -> its firewall. */
  readonly firewallByEndpoint = new Map<string, NetworkFirewall>();
  /** Who holds which address, built on first use (compile asks for the lookups only). */
  private owners?: AddressOwners;
  private indexedOwners?: IndexedAddressOwners | null;
  /** VPC ids in code-unit order (C-4: ownerAnywhere's order), on first use. */
  /** IGW / VGW id -> the gateway route table edge-associated with it (RT-15), on first use. */
  private gatewayRouteTables?: Map<string, RouteTable>;

  constructor(readonly topology: Topology) {
    const t = topology;
    this.lookup = new TopologyLookup(t);
    this.internetGateways = byId(t, 'internetGateways');
    this.egressOnlyInternetGateways = byId(t, 'egressOnlyInternetGateways');
    this.natGateways = byId(t, 'natGateways');
    this.peerings = byId(t, 'vpcPeeringConnections');
    this.transitGateways = byId(t, 'transitGateways');
    this.tgwAttachments = byId(t, 'transitGatewayAttachments');
    this.tgwRouteTables = byId(t, 'transitGatewayRouteTables');
    this.vpnGateways = byId(t, 'vpnGateways');
    this.customerGateways = byId(t, 'customerGateways');
    this.vpnConnections = byId(t, 'vpnConnections');
    this.dxGateways = byId(t, 'directConnectGateways');
    this.dxConnections = byId(t, 'directConnectConnections');
    this.virtualInterfaces = byId(t, 'virtualInterfaces');
    this.vpcEndpoints = byId(t, 'vpcEndpoints');
    this.prefixLists = byId(t, 'prefixLists');
    this.firewalls = byId(t, 'networkFirewalls');
    this.firewallPolicies = byId(t, 'firewallPolicies');
    this.firewallRuleGroups = byId(t, 'firewallRuleGroups');
    for (const fw of t.networkFirewalls) for (const ep of fw.endpoints) this.firewallByEndpoint.set(ep.endpointId, fw);
  }

  /** The AZ names of the subnets in name order; an AZ's rank here is its dense id (MC-1, DownRoot.Zone). */
  get availabilityZones(): string[] {
    this.zones ??= availabilityZoneNames(this.topology);
    return this.zones;
  }

  private addressOwners(): AddressOwners {
    this.owners ??= new AddressOwners(this.topology, this.lookup);
    return this.owners;
  }

  /** With a key index on the ENIs (a cached Topology): the owners of one address, from the few ENIs that hold it. */
  private indexed(): IndexedAddressOwners | undefined {
    if (this.indexedOwners === undefined) this.indexedOwners = this.owners === undefined && keyIndexOf(this.topology.networkInterfaces) ? new IndexedAddressOwners(this.topology, this.lookup) : null;
    return this.indexedOwners ?? undefined;
  }

  /** The ENI that holds `value` as a private IPv4 or IPv6 address in `vpcId`. */
  ownerInVpc(vpcId: string, family: Family, value: bigint): AddressOwner | undefined {
    const indexed = this.indexed();
    return indexed ? indexed.inVpc(vpcId, family, value) : this.addressOwners().inVpc(vpcId, family, value);
  }

  /** The ENI that a public IPv4 / Elastic IP (or a global IPv6 address) belongs to. */
  ownerOfPublic(family: Family, value: bigint): AddressOwner | undefined {
    const indexed = this.indexed();
    return indexed ? indexed.publicOwner(family, value) : this.addressOwners().publicOwner(family, value);
  }

  /** The ENI that holds `value` as a private address in any VPC (lowest VPC id first, C-4). */
  ownerAnywhere(family: Family, value: bigint): AddressOwner | undefined {
    const indexed = this.indexed();
    if (indexed) return indexed.anywhere(family, value);
    return this.addressOwners().anywhere([...this.lookup.vpcs.keys()], family, value);
  }

  /** The security groups of an ENI that the model has, in the ENI's order. */
  groupsOf(eni: NetworkInterface): SecurityGroup[] {
    return eni.securityGroupIds.map((id) => this.lookup.securityGroups.get(id)).filter((g): g is SecurityGroup => !!g);
  }

  enisWithGroup(groupId: string): readonly NetworkInterface[] {
    return this.addressOwners().enisByGroup.get(groupId) ?? [];
  }

  gatewayRouteTableOf(gatewayId: string): RouteTable | undefined {
    if (!this.gatewayRouteTables) {
      this.gatewayRouteTables = new Map();
      for (const rt of this.topology.routeTables) for (const g of rt.gatewayIds) this.gatewayRouteTables.set(g, rt);
    }
    return this.gatewayRouteTables.get(gatewayId);
  }

  internetGatewayOfVpc(vpcId: string): InternetGateway | undefined {
    return this.topology.internetGateways.find((g) => g.vpcId === vpcId);
  }

  egressOnlyGatewaysOfVpc(vpcId: string): EgressOnlyInternetGateway[] {
    return this.topology.egressOnlyInternetGateways.filter((g) => g.vpcId === vpcId);
  }

  /** The VPC attachment of `vpcId` on transit gateway `tgwId`. */
  vpcAttachment(tgwId: string, vpcId: string): TransitGatewayAttachment | undefined {
    return this.topology.transitGatewayAttachments.find((a) => a.transitGatewayId === tgwId && a.resourceType === 'vpc' && a.resourceId === vpcId);
  }

  /** TGW-2: the one TGW route table the attachment is associated with. */
  associatedTgwRouteTable(attachmentId: string): TransitGatewayRouteTable | undefined {
    return this.topology.transitGatewayRouteTables.find((rt) => rt.associationAttachmentIds.includes(attachmentId));
  }

  /** NAT gateway whose ENI is `eniId`. */
  natGatewayOfInterface(eni: NetworkInterface): NatGateway | undefined {
    return eni.ownerId ? this.natGateways.get(eni.ownerId) : undefined;
  }
}

/** Private addresses per VPC (unique in a VPC, ADDR-10), public IPv4 / Elastic IPs (ADDR-14) and global IPv6 (GW-5), ENIs per security group (SG-4). */
class AddressOwners {
  private readonly privateByVpc = new Map<string, Map<AddressKey, AddressOwner>>();
  private readonly publicOwners = new Map<AddressKey, AddressOwner>();
  private lowestVpcOwners?: Map<AddressKey, AddressOwner>;
  readonly enisByGroup = new Map<string, NetworkInterface[]>();

  constructor(t: Topology, lookup: TopologyLookup) {
    // C-4: ENIs in id order, so the first owner of a duplicated address is deterministic.
    const enis = [...t.networkInterfaces].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const eni of enis) {
      const vpcId = lookup.subnets.get(eni.subnetId)?.vpcId ?? '';
      let inVpc = this.privateByVpc.get(vpcId);
      if (!inVpc) this.privateByVpc.set(vpcId, (inVpc = new Map()));
      for (const ip of eni.privateIps) {
        if (ip.address) setOnce(inVpc, Number(ip.address.value), { eni, privateIp: ip });
        if (ip.publicIp) setOnce(this.publicOwners, Number(ip.publicIp.value), { eni, privateIp: ip });
      }
      for (const a of eni.ipv6Addresses) {
        const owner = { eni };
        setOnce(inVpc, a.value, owner);
        // GW-5: IPv6 addresses are globally reachable as they are.
        setOnce(this.publicOwners, a.value, owner);
      }
      for (const g of eni.securityGroupIds) {
        const list = this.enisByGroup.get(g);
        if (list) list.push(eni);
        else this.enisByGroup.set(g, [eni]);
      }
    }
  }

  inVpc(vpcId: string, family: Family, value: bigint): AddressOwner | undefined {
    return this.privateByVpc.get(vpcId)?.get(addressKey(family, value));
  }

  /**
   * The owner of a private address in the lowest of `vpcIds` that holds it (C-4). Built on first use
   * from the per-VPC maps, lowest VPC id first: one lookup, where a walk over 1,000 VPCs' maps per
   * address was most of a `trace --flows` run whose sources are addresses.
   */
  anywhere(vpcIds: readonly string[], family: Family, value: bigint): AddressOwner | undefined {
    if (!this.lowestVpcOwners) {
      this.lowestVpcOwners = new Map();
      for (const vpcId of [...vpcIds].sort()) for (const [key, owner] of this.privateByVpc.get(vpcId) ?? []) setOnce(this.lowestVpcOwners, key, owner);
    }
    return this.lowestVpcOwners.get(addressKey(family, value));
  }

  publicOwner(family: Family, value: bigint): AddressOwner | undefined {
    return this.publicOwners.get(addressKey(family, value));
  }
}

const byEniId = (a: NetworkInterface, b: NetworkInterface) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * AddressOwners' answers from the ENIs an index gives for one address (src/model/list-index.ts),
 * without building the maps of every address: the same owner (ENIs in id order, C-4; the first
 * matching private IP of the ENI), read from the few ENIs that hold the address.
 */
class IndexedAddressOwners {
  constructor(
    private readonly t: Topology,
    private readonly lookup: TopologyLookup,
  ) {}

  private holders(family: Family, value: bigint, holds: (eni: NetworkInterface) => AddressOwner | undefined): Array<{ vpcId: string; owner: AddressOwner }> {
    const enis = elementsWith(this.t.networkInterfaces, indexedAddressKey(family, value), (eni) => holds(eni) !== undefined).sort(byEniId);
    return enis.map((eni) => ({ vpcId: this.lookup.subnets.get(eni.subnetId)?.vpcId ?? '', owner: holds(eni)! }));
  }

  private privateHolders(family: Family, value: bigint) {
    return this.holders(family, value, (eni) => {
      if (family === 6) return eni.ipv6Addresses.some((a) => a.value === value) ? { eni } : undefined;
      const ip = eni.privateIps.find((p) => p.address !== undefined && p.address.value === value);
      return ip ? { eni, privateIp: ip } : undefined;
    });
  }

  inVpc(vpcId: string, family: Family, value: bigint): AddressOwner | undefined {
    return this.privateHolders(family, value).find((h) => h.vpcId === vpcId)?.owner;
  }

  anywhere(family: Family, value: bigint): AddressOwner | undefined {
    let best: { vpcId: string; owner: AddressOwner } | undefined;
    // The holders are in ENI id order: the first one in the lowest VPC id wins, as ownerAnywhere's walk over the sorted VPCs finds it.
    for (const h of this.privateHolders(family, value)) if (this.lookup.vpcs.has(h.vpcId) && (!best || h.vpcId < best.vpcId)) best = h;
    return best?.owner;
  }

  publicOwner(family: Family, value: bigint): AddressOwner | undefined {
    const first = this.holders(family, value, (eni) => {
      if (family === 6) return eni.ipv6Addresses.some((a) => a.value === value) ? { eni } : undefined;
      const ip = eni.privateIps.find((p) => p.publicIp !== undefined && p.publicIp.value === value);
      return ip ? { eni, privateIp: ip } : undefined;
    })[0];
    return first?.owner;
  }
}

function setOnce(map: Map<AddressKey, AddressOwner>, key: AddressKey, owner: AddressOwner): void {
  if (!map.has(key)) map.set(key, owner);
}

/** The AZ names of the topology's subnets in name order: the AZs' dense ids (MC-1) are their ranks here. */
export function availabilityZoneNames(t: Topology): string[] {
  return [...new Set(t.subnets.map((s) => s.availabilityZone))].sort();
}
