// What every compile stage shares: the topology, dense ids by AWS id, and the section tables.
import type { TopologyLookup } from '../model/lookup.js';
import { availabilityZoneNames, networkIndex } from '../model/network-index.js';
import { positionView, type ResourceKind } from '../model/id-table.js';
import type { Topology } from '../model/types.js';
import type { ImageNames } from './image.js';
import { EniDetailField, EniField, NaclEntryField, NaclField, Section, SubnetField, VpcCidrField, VpcField } from '../../abi/image.js';
import { RouteField, RouteTableField } from '../../abi/image-routes.js';
import { EgressOnlyInternetGatewayField, InternetGatewayField, NatGatewayField, PeeringField, VpcEndpointField } from '../../abi/image-gateways.js';
import {
  AddressIndexField,
  AddressIndexScopeField,
  EniIp4Field,
  EniIp6Field,
  Owner4Field,
  Owner6Field,
  Public4Field,
} from '../../abi/image-addresses.js';
import {
  EniGroupField,
  EniRuleField,
  IntraIngress4Field,
  GroupMember4Field,
  GroupMember6Field,
  PrefixListEntryField,
  PrefixListField,
  SecurityGroupField,
  SgRuleField,
} from '../../abi/image-security-groups.js';
import {
  TgwAttachmentField,
  TgwAttachmentSubnetField,
  TgwRouteField,
  TgwRouteTableField,
  TransitGatewayField,
  VpnGatewayField,
  OnPremConnectionField,
  OnPremPathField,
  DxAssociationField,
} from '../../abi/image-hybrid.js';
import {
  FirewallField,
  FirewallPolicyField,
  FwStatelessRuleField,
  FwStatefulRuleField,
  FwValueField,
  FwPrefixField,
} from '../../abi/image-firewall.js';
import { ComponentBlockField, EniInstanceField } from '../../abi/image-components.js';
import { RecordTable } from './records.js';

const STRIDES: Record<Section, number> = {
  [Section.Vpc]: VpcField.Stride,
  [Section.VpcCidr]: VpcCidrField.Stride,
  [Section.Subnet]: SubnetField.Stride,
  [Section.Eni]: EniField.Stride,
  [Section.EniIp4]: EniIp4Field.Stride,
  [Section.EniIp6]: EniIp6Field.Stride,
  [Section.Owner4]: Owner4Field.Stride,
  [Section.Owner6]: Owner6Field.Stride,
  [Section.Public4]: Public4Field.Stride,
  [Section.Public6]: Owner6Field.Stride,
  [Section.Anywhere4]: Owner4Field.Stride,
  [Section.Anywhere6]: Owner6Field.Stride,
  [Section.EniGroup]: EniGroupField.Stride,
  [Section.EniRule]: EniRuleField.Stride,
  [Section.SecurityGroup]: SecurityGroupField.Stride,
  [Section.SgRule]: SgRuleField.Stride,
  [Section.GroupMember4]: GroupMember4Field.Stride,
  [Section.GroupMember6]: GroupMember6Field.Stride,
  [Section.PrefixList]: PrefixListField.Stride,
  [Section.PrefixListEntry]: PrefixListEntryField.Stride,
  [Section.RouteTable]: RouteTableField.Stride,
  [Section.Route]: RouteField.Stride,
  [Section.Nacl]: NaclField.Stride,
  [Section.NaclEntry]: NaclEntryField.Stride,
  [Section.InternetGateway]: InternetGatewayField.Stride,
  [Section.EgressOnlyInternetGateway]: EgressOnlyInternetGatewayField.Stride,
  [Section.NatGateway]: NatGatewayField.Stride,
  [Section.Peering]: PeeringField.Stride,
  [Section.AddressIndex4]: AddressIndexField.Stride,
  [Section.AddressIndexScope]: AddressIndexScopeField.Stride,
  [Section.VpcEndpoint]: VpcEndpointField.Stride,
  [Section.TransitGateway]: TransitGatewayField.Stride,
  [Section.TgwAttachment]: TgwAttachmentField.Stride,
  [Section.TgwAttachmentSubnet]: TgwAttachmentSubnetField.Stride,
  [Section.TgwRouteTable]: TgwRouteTableField.Stride,
  [Section.TgwRoute]: TgwRouteField.Stride,
  [Section.VpnGateway]: VpnGatewayField.Stride,
  [Section.OnPremConnection]: OnPremConnectionField.Stride,
  [Section.OnPremPath]: OnPremPathField.Stride,
  [Section.OnPremSource]: OnPremPathField.Stride,
  [Section.DxAssociation]: DxAssociationField.Stride,
  [Section.Firewall]: FirewallField.Stride,
  [Section.FirewallPolicy]: FirewallPolicyField.Stride,
  [Section.FwStatelessRule]: FwStatelessRuleField.Stride,
  [Section.FwStatefulRule]: FwStatefulRuleField.Stride,
  [Section.FwValue]: FwValueField.Stride,
  [Section.FwPrefix]: FwPrefixField.Stride,
  [Section.ComponentBlock]: ComponentBlockField.Stride,
  [Section.EniInstance]: EniInstanceField.Stride,
  [Section.EniDetail]: EniDetailField.Stride,
  [Section.IntraIngress4]: IntraIngress4Field.Stride,
  [Section.Count]: 0,
};

export function sectionStride(which: Section): number {
  return STRIDES[which];
}

/** AWS id -> dense id, per kind. */
export interface DenseIds {
  vpc: Map<string, number>;
  subnet: Map<string, number>;
  eni: Map<string, number>;
  securityGroup: Map<string, number>;
  prefixList: Map<string, number>;
  routeTable: Map<string, number>;
  nacl: Map<string, number>;
  internetGateway: Map<string, number>;
  egressOnlyInternetGateway: Map<string, number>;
  natGateway: Map<string, number>;
  instance: Map<string, number>;
  peering: Map<string, number>;
  vpcEndpoint: Map<string, number>;
  transitGateway: Map<string, number>;
  tgwAttachment: Map<string, number>;
  tgwRouteTable: Map<string, number>;
  vpnGateway: Map<string, number>;
  /** VPN connection id or virtual interface id -> OnPremConnection (VPN connections first). */
  onPremConnection: Map<string, number>;
  firewall: Map<string, number>;
  firewallPolicy: Map<string, number>;
  zone: Map<string, number>;
}

export interface CompileContext {
  readonly t: Topology;
  /** The model's own association rules (RT-1, NACL-1, RT-9), shared with the reference walk. */
  readonly lookup: TopologyLookup;
  readonly ids: DenseIds;
  readonly names: ImageNames;
  /** Indexed by Section. */
  readonly sections: RecordTable[];
  /** Failable component id by down-set id (components.ts), written before the stages run. */
  componentIds?: Map<string, number>;
  /** Per ENI: the dense id of the instance its ownerId names, or -1 (written by compileComponents). */
  eniInstances?: Int32Array;
  /** Per GroupMember4 record: the ENI with the smallest id holding that address (interfaces stage). */
  groupMemberEni4?: Int32Array;
  /** Per group: its bit in the flags of the ENIs carrying it (SG-4, security-groups.ts), or 0. */
  groupBits?: Int32Array;
}

/** Id -> dense id (position in t[kind], the first holder of an id): a view of the Topology's id table. */
function denseIdsOf(t: Topology, kind: ResourceKind): Map<string, number> {
  return positionView(t, kind, 'first') ?? denseIds(t[kind] as readonly { id: string }[]);
}

function denseIds<T extends { id: string }>(items: readonly T[]): Map<string, number> {
  const map = new Map<string, number>();
  items.forEach((item, i) => {
    if (!map.has(item.id)) map.set(item.id, i);
  });
  return map;
}

/** Dense id -> model object: positions in the Topology's lists (and AZ names in name order). */
/** `zones`: availabilityZoneNames(t) when the caller has it already (the image cache stores it). */
export function imageNames(t: Topology, zones: string[] = availabilityZoneNames(t)): ImageNames {
  return {
    vpcs: t.vpcs,
    subnets: t.subnets,
    networkInterfaces: t.networkInterfaces,
    securityGroups: t.securityGroups,
    prefixLists: t.prefixLists,
    routeTables: t.routeTables,
    networkAcls: t.networkAcls,
    internetGateways: t.internetGateways,
    egressOnlyInternetGateways: t.egressOnlyInternetGateways,
    natGateways: t.natGateways,
    vpcPeeringConnections: t.vpcPeeringConnections,
    vpcEndpoints: t.vpcEndpoints,
    transitGatewayAttachments: t.transitGatewayAttachments,
    transitGatewayRouteTables: t.transitGatewayRouteTables,
    vpnGateways: t.vpnGateways,
    onPremConnections: [...t.vpnConnections, ...t.virtualInterfaces],
    firewalls: t.networkFirewalls,
    zones,
  };
}

export function createContext(t: Topology): CompileContext {
  const names = imageNames(t);
  const ids: DenseIds = {
    vpc: denseIdsOf(t, 'vpcs'),
    subnet: denseIdsOf(t, 'subnets'),
    eni: denseIdsOf(t, 'networkInterfaces'),
    securityGroup: denseIdsOf(t, 'securityGroups'),
    prefixList: denseIdsOf(t, 'prefixLists'),
    routeTable: denseIdsOf(t, 'routeTables'),
    nacl: denseIdsOf(t, 'networkAcls'),
    internetGateway: denseIdsOf(t, 'internetGateways'),
    egressOnlyInternetGateway: denseIdsOf(t, 'egressOnlyInternetGateways'),
    natGateway: denseIdsOf(t, 'natGateways'),
    instance: denseIdsOf(t, 'instances'),
    peering: denseIdsOf(t, 'vpcPeeringConnections'),
    vpcEndpoint: denseIdsOf(t, 'vpcEndpoints'),
    transitGateway: denseIdsOf(t, 'transitGateways'),
    tgwAttachment: denseIdsOf(t, 'transitGatewayAttachments'),
    tgwRouteTable: denseIdsOf(t, 'transitGatewayRouteTables'),
    vpnGateway: denseIdsOf(t, 'vpnGateways'),
    onPremConnection: denseIds([...t.vpnConnections, ...t.virtualInterfaces]),
    firewall: denseIdsOf(t, 'networkFirewalls'),
    firewallPolicy: denseIdsOf(t, 'firewallPolicies'),
    zone: new Map(names.zones.map((z, i) => [z, i])),
  };
  const sections: RecordTable[] = [];
  for (let s = 0; s < Section.Count; s++) sections.push(new RecordTable(STRIDES[s as Section]));
  // The network index's lookup: trace() and the stages that need the index share one set of id maps.
  return { t, lookup: networkIndex(t).lookup, ids, names, sections };
}

/** Dense id of `id` in `map`, or NONE (-1) when absent. */
export function denseOr(map: Map<string, number>, id: string | undefined): number {
  if (id === undefined) return -1;
  const v = map.get(id);
  return v === undefined ? -1 : v;
}
