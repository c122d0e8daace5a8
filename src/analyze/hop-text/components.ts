// Which resource a hop names by default, and its AWS type: the hop's HopComponent and position in
// the Topology's list of that kind (src/walk/hop.ts), named as the answer names it.
import { AmazonService, DownRoot, HopComponent, HopKind } from '../../../abi/hops.js';
import { Code, hopKindName } from '../codes.js';
import type { NetworkInterface, Resource } from '../../model/types.js';
import { onPremConnectionAt } from '../../walk/hop.js';
import type { HopContext } from './context.js';

export interface Named {
  res?: Resource;
  type: string;
}

/** NACL-12: the Amazon-provided services' names, by AmazonService. */
export const AMAZON_SERVICE_NAMES: Readonly<Record<AmazonService, string>> = {
  [AmazonService.Dns]: 'Amazon DNS server',
  [AmazonService.InstanceMetadata]: 'instance metadata service',
  [AmazonService.TimeSync]: 'Amazon Time Sync Service',
};

/** The ENI's instance when it has one, else the ENI. */
export function instanceOrInterface(c: HopContext, eni: NetworkInterface): Named {
  const instance = eni.ownerId ? c.ix.lookup.instances.get(eni.ownerId) : undefined;
  return instance ? { res: instance, type: 'AWS::EC2::Instance' } : { res: eni, type: 'AWS::EC2::NetworkInterface' };
}

/** A security-group decision without a deciding rule names the ENI's only group, else its instance, else the ENI. */
export function securityGroupsOf(c: HopContext, eni: NetworkInterface): Named {
  const groups = c.ix.groupsOf(eni);
  if (groups.length === 1) return { res: groups[0]!, type: 'AWS::EC2::SecurityGroup' };
  return instanceOrInterface(c, eni);
}

type Namer = (c: HopContext, id: number) => Named;

const NAMERS: Record<HopComponent, Namer> = {
  [HopComponent.None]: () => ({ type: '' }),
  [HopComponent.NetworkInterface]: (c, id) => ({ res: c.t.networkInterfaces[id]!, type: 'AWS::EC2::NetworkInterface' }),
  [HopComponent.InstanceOrInterface]: (c, id) => instanceOrInterface(c, c.t.networkInterfaces[id]!),
  [HopComponent.SecurityGroup]: (c, id) => ({ res: c.t.securityGroups[id]!, type: 'AWS::EC2::SecurityGroup' }),
  [HopComponent.SecurityGroupOfInterface]: (c, id) => securityGroupsOf(c, c.t.networkInterfaces[id]!),
  [HopComponent.NetworkAcl]: (c, id) => ({ res: c.t.networkAcls[id]!, type: 'AWS::EC2::NetworkAcl' }),
  [HopComponent.RouteTable]: (c, id) => ({ res: c.t.routeTables[id]!, type: 'AWS::EC2::RouteTable' }),
  [HopComponent.InternetGateway]: (c, id) => ({ res: c.t.internetGateways[id]!, type: 'AWS::EC2::InternetGateway' }),
  [HopComponent.EgressOnlyInternetGateway]: (c, id) => ({ res: c.t.egressOnlyInternetGateways[id]!, type: 'AWS::EC2::EgressOnlyInternetGateway' }),
  [HopComponent.NatGateway]: (c, id) => ({ res: c.t.natGateways[id]!, type: 'AWS::EC2::NatGateway' }),
  [HopComponent.Peering]: (c, id) => ({ res: c.t.vpcPeeringConnections[id]!, type: 'AWS::EC2::VPCPeeringConnection' }),
  [HopComponent.Vpc]: (c, id) => ({ res: c.t.vpcs[id]!, type: 'AWS::EC2::VPC' }),
  [HopComponent.VpcEndpoint]: (c, id) => ({ res: c.t.vpcEndpoints[id]!, type: 'AWS::EC2::VPCEndpoint' }),
  [HopComponent.ServiceOfEndpoint]: (c, id) => {
    const service = c.t.vpcEndpoints[id]!.serviceName;
    return { res: { id: service, logicalId: service }, type: 'AWS::Service' };
  },
  // Named by the address the instance talked to (./interfaces.ts).
  [HopComponent.AmazonService]: () => ({ type: 'AWS::Service' }),
  [HopComponent.TransitGatewayAttachment]: (c, id) => ({ res: c.t.transitGatewayAttachments[id]!, type: 'AWS::EC2::TransitGatewayAttachment' }),
  [HopComponent.TransitGatewayRouteTable]: (c, id) => ({ res: c.t.transitGatewayRouteTables[id]!, type: 'AWS::EC2::TransitGatewayRouteTable' }),
  [HopComponent.VpnGateway]: (c, id) => ({ res: c.t.vpnGateways[id]!, type: 'AWS::EC2::VPNGateway' }),
  [HopComponent.OnPremConnection]: (c, id) => ({ res: onPremConnectionAt(c.t, id)!, type: id < c.t.vpnConnections.length ? 'AWS::EC2::VPNConnection' : 'AWS::DirectConnect::VirtualInterface' }),
  [HopComponent.Firewall]: (c, id) => ({ res: c.t.networkFirewalls[id]!, type: 'AWS::NetworkFirewall::Firewall' }),
  [HopComponent.Subnet]: (c, id) => ({ res: c.t.subnets[id]!, type: 'AWS::EC2::Subnet' }),
  // CHOICE (docs/semantics.md, MC-14): an AZ is named by its name; CloudFormation has no type for it.
  [HopComponent.AvailabilityZone]: (c, id) => {
    const zone = c.ix.availabilityZones[id]!;
    return { res: { id: zone, logicalId: zone }, type: 'AWS::EC2::AvailabilityZone' };
  },
};

/** MC-2: why a down ENI or NAT gateway is down, from its hop's Ref / Ref2 (DownRoot), as ' (... is down)'. */
export function downRootText(c: HopContext, root: number, index: number): string {
  if (root === DownRoot.Zone) return ` (its Availability Zone ${c.ix.availabilityZones[index]!} is down)`;
  if (root === DownRoot.Subnet) return ` (its subnet ${c.t.subnets[index]!.logicalId} is down)`;
  return '';
}

export function named(c: HopContext, component: number, id: number): Named {
  const namer = NAMERS[component as HopComponent];
  if (!namer) throw new Error(`vpcsim internal error: a hop names an unknown component kind ${component}`);
  return namer(c, id);
}

/**
 * MC-14: a failed trial's cause as the answer names it: the blocking hop's component (`named`), except for a
 * hop that names no model object (HopComponent.None, whose cause carries the hop's HopKind in `id`) or an
 * Amazon-provided service: those are named by what the walk reached, never an empty component.
 */
export function causeNamed(c: HopContext, component: number, id: number, code: number): { component: string; type: string } {
  if (component === HopComponent.None) return unnamedBlocker(id, code);
  if (component === HopComponent.AmazonService) return { component: AMAZON_SERVICE_NAMES[id as AmazonService], type: 'AWS::Service' };
  const n = named(c, component, id);
  return { component: n.res?.logicalId ?? '', type: n.type };
}

/** What a blocking hop without a model object stands for, by its kind and code (MC-14 causes). */
export function unnamedBlocker(kind: number, code: number): { component: string; type: string } {
  switch (kind) {
    case HopKind.INTERNET: return { component: 'internet', type: 'Internet' };
    case HopKind.ON_PREMISES: return { component: 'on-premises network', type: 'OnPremises' };
    case HopKind.VPN_GATEWAY: return { component: 'virtual private gateway not in the model', type: 'AWS::EC2::VPNGateway' };
    case HopKind.NETWORK_INTERFACE:
      // TRACE-13 / TRACE-5: delivered to another interface than the destination, or the response not to the source.
      return { component: code === Code.NO_SOURCE_OR_DESTINATION ? 'source not in the model' : 'delivered elsewhere', type: 'AWS::EC2::NetworkInterface' };
  }
  return { component: hopKindName(kind).toLowerCase().replace(/_/g, ' '), type: '' };
}

