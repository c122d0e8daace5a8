// Which resource a hop names by default, and its AWS type: the engine's HopComponent + dense id
// mapped back through the image's id tables (NetworkImage.names), named as the reference walk names it.
import { HopComponent } from '../../../abi/hops.js';
import { Section, SgRuleField } from '../../../abi/image.js';
import type { NetworkInterface, Resource } from '../../model/types.js';
import type { AmazonProvidedService } from '../../walk/result.js';
import { recordField, type HopContext } from './context.js';

export interface Named {
  res?: Resource;
  type: string;
}

/** NACL-12: the Amazon-provided services' names. */
export const AMAZON_PROVIDED_SERVICE_NAMES: Record<AmazonProvidedService, string> = {
  dns: 'Amazon DNS server',
  'instance-metadata': 'instance metadata service',
  'time-sync': 'Amazon Time Sync Service',
};

/** AmazonService order (abi/hops.ts) -> the services' names. */
export const AMAZON_SERVICE_NAMES = [AMAZON_PROVIDED_SERVICE_NAMES.dns, AMAZON_PROVIDED_SERVICE_NAMES['instance-metadata'], AMAZON_PROVIDED_SERVICE_NAMES['time-sync']];

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
  [HopComponent.NetworkInterface]: (c, id) => ({ res: c.image.names.networkInterfaces[id]!, type: 'AWS::EC2::NetworkInterface' }),
  [HopComponent.InstanceOrInterface]: (c, id) => instanceOrInterface(c, c.image.names.networkInterfaces[id]!),
  // The group of the deciding SgRule: the engine's id is the rule (HopField.Detail), see ./interfaces.ts.
  [HopComponent.SecurityGroup]: () => ({ type: 'AWS::EC2::SecurityGroup' }),
  [HopComponent.SecurityGroupOfInterface]: (c, id) => securityGroupsOf(c, c.image.names.networkInterfaces[id]!),
  [HopComponent.NetworkAcl]: (c, id) => ({ res: c.image.names.networkAcls[id]!, type: 'AWS::EC2::NetworkAcl' }),
  [HopComponent.RouteTable]: (c, id) => ({ res: c.image.names.routeTables[id]!, type: 'AWS::EC2::RouteTable' }),
  [HopComponent.InternetGateway]: (c, id) => ({ res: c.image.names.internetGateways[id]!, type: 'AWS::EC2::InternetGateway' }),
  [HopComponent.EgressOnlyInternetGateway]: (c, id) => ({ res: c.image.names.egressOnlyInternetGateways[id]!, type: 'AWS::EC2::EgressOnlyInternetGateway' }),
  [HopComponent.NatGateway]: (c, id) => ({ res: c.image.names.natGateways[id]!, type: 'AWS::EC2::NatGateway' }),
  [HopComponent.Peering]: (c, id) => ({ res: c.image.names.vpcPeeringConnections[id]!, type: 'AWS::EC2::VPCPeeringConnection' }),
  [HopComponent.Vpc]: (c, id) => ({ res: c.image.names.vpcs[id]!, type: 'AWS::EC2::VPC' }),
  [HopComponent.VpcEndpoint]: (c, id) => ({ res: c.image.names.vpcEndpoints[id]!, type: 'AWS::EC2::VPCEndpoint' }),
  [HopComponent.ServiceOfEndpoint]: (c, id) => {
    const service = c.image.names.vpcEndpoints[id]!.serviceName;
    return { res: { id: service, logicalId: service }, type: 'AWS::Service' };
  },
  // Named by the address the instance talked to (./interfaces.ts).
  [HopComponent.AmazonService]: () => ({ type: 'AWS::Service' }),
  [HopComponent.TransitGatewayAttachment]: (c, id) => ({ res: c.image.names.transitGatewayAttachments[id]!, type: 'AWS::EC2::TransitGatewayAttachment' }),
  [HopComponent.TransitGatewayRouteTable]: (c, id) => ({ res: c.image.names.transitGatewayRouteTables[id]!, type: 'AWS::EC2::TransitGatewayRouteTable' }),
  [HopComponent.VpnGateway]: (c, id) => ({ res: c.image.names.vpnGateways[id]!, type: 'AWS::EC2::VPNGateway' }),
  [HopComponent.OnPremConnection]: (c, id) => {
    const conn = c.image.names.onPremConnections[id]!;
    return { res: conn, type: id < c.t.vpnConnections.length ? 'AWS::EC2::VPNConnection' : 'AWS::DirectConnect::VirtualInterface' };
  },
  [HopComponent.Firewall]: (c, id) => ({ res: c.image.names.firewalls[id]!, type: 'AWS::NetworkFirewall::Firewall' }),
  [HopComponent.Subnet]: (c, id) => ({ res: c.image.names.subnets[id]!, type: 'AWS::EC2::Subnet' }),
};

export function named(c: HopContext, component: HopComponent, id: number): Named {
  const namer = NAMERS[component];
  if (!namer) throw new Error(`vpcsim internal error: engine hop names an unknown component kind ${component}`);
  return namer(c, id);
}

/** The security group of SgRule record `rule`. */
export function groupOfRule(c: HopContext, rule: number) {
  return c.image.names.securityGroups[recordField(c, Section.SgRule, SgRuleField.Stride, rule, SgRuleField.Group)]!;
}
