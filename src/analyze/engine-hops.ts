// The engine's hop trace in model words: each HopField record (component kind + dense id) mapped back
// through the compile id table (NetworkImage.names) to the logical id the reference walk names, so a
// traced batch can be checked hop by hop against the explanation built for it.
import { section, type NetworkImage } from '../compile/index.js';
import { HopComponent, HopField, SgRuleField, Section } from '../compile/layout.js';
import type { Topology } from '../model/types.js';
import type { WalkBatchResult } from '../../bindings/network.js';
import { AMAZON_PROVIDED_SERVICE_NAMES } from '../reference/amazon-provided.js';

/** One engine hop as the reference walk would name it. */
export interface EngineHop {
  direction: 'forward' | 'response';
  kind: number;
  component: string;
  code: number;
}

/** AmazonService order (src/compile/layout.ts) -> the reference's names (src/reference/amazon-provided.ts). */
const AMAZON_SERVICE_NAMES = [AMAZON_PROVIDED_SERVICE_NAMES.dns, AMAZON_PROVIDED_SERVICE_NAMES['instance-metadata'], AMAZON_PROVIDED_SERVICE_NAMES['time-sync']];

/** Lookups the naming needs beyond the image's own tables, built once per topology. */
interface Naming {
  instanceOf: Map<string, string>;
  groupOf: Map<string, string>;
}

const namings = new WeakMap<Topology, Naming>();

function naming(t: Topology): Naming {
  let n = namings.get(t);
  if (!n) {
    n = { instanceOf: new Map(t.instances.map((i) => [i.id, i.logicalId])), groupOf: new Map(t.securityGroups.map((g) => [g.id, g.logicalId])) };
    namings.set(t, n);
  }
  return n;
}

type Namer = (image: NetworkImage, id: number, detail: number, n: Naming) => string;

const eniOrInstance: Namer = (image, id, _, n) => {
  const eni = image.names.networkInterfaces[id]!;
  return (eni.ownerId !== undefined ? n.instanceOf.get(eni.ownerId) : undefined) ?? eni.logicalId;
};

/** How each HopComponent names its dense id (the reference walk's naming). */
const NAMERS: Record<HopComponent, Namer> = {
  [HopComponent.None]: () => '',
  [HopComponent.NetworkInterface]: (image, id) => image.names.networkInterfaces[id]!.logicalId,
  [HopComponent.InstanceOrInterface]: eniOrInstance,
  [HopComponent.SecurityGroup]: (image, _, detail) => {
    const rules = section(image.words, Section.SgRule, SgRuleField.Stride);
    return image.names.securityGroups[rules[detail * SgRuleField.Stride + SgRuleField.Group]!]!.logicalId;
  },
  // SG decisions without a deciding rule name the ENI's only group, else its instance, else the ENI.
  [HopComponent.SecurityGroupOfInterface]: (image, id, detail, n) => {
    const groups = image.names.networkInterfaces[id]!.securityGroupIds.map((g) => n.groupOf.get(g)).filter((g) => g !== undefined);
    return groups.length === 1 ? groups[0]! : eniOrInstance(image, id, detail, n);
  },
  [HopComponent.NetworkAcl]: (image, id) => image.names.networkAcls[id]!.logicalId,
  [HopComponent.RouteTable]: (image, id) => image.names.routeTables[id]!.logicalId,
  [HopComponent.InternetGateway]: (image, id) => image.names.internetGateways[id]!.logicalId,
  [HopComponent.EgressOnlyInternetGateway]: (image, id) => image.names.egressOnlyInternetGateways[id]!.logicalId,
  [HopComponent.NatGateway]: (image, id) => image.names.natGateways[id]!.logicalId,
  [HopComponent.Peering]: (image, id) => image.names.vpcPeeringConnections[id]!.logicalId,
  [HopComponent.Vpc]: (image, id) => image.names.vpcs[id]!.logicalId,
  [HopComponent.VpcEndpoint]: (image, id) => image.names.vpcEndpoints[id]!.logicalId,
  [HopComponent.ServiceOfEndpoint]: (image, id) => image.names.vpcEndpoints[id]!.serviceName,
  [HopComponent.AmazonService]: (_, id) => AMAZON_SERVICE_NAMES[id]!,
  [HopComponent.TransitGatewayAttachment]: (image, id) => image.names.transitGatewayAttachments[id]!.logicalId,
  [HopComponent.TransitGatewayRouteTable]: (image, id) => image.names.transitGatewayRouteTables[id]!.logicalId,
  [HopComponent.VpnGateway]: (image, id) => image.names.vpnGateways[id]!.logicalId,
  [HopComponent.OnPremConnection]: (image, id) => image.names.onPremConnections[id]!.logicalId,
  [HopComponent.Firewall]: (image, id) => image.names.firewalls[id]!.logicalId,
  [HopComponent.Subnet]: (image, id) => image.names.subnets[id]!.logicalId,
};

/** The hops of flow `i` of a traced batch, forward then response. */
export function engineHops(t: Topology, image: NetworkImage, result: WalkBatchResult, i: number): EngineHop[] {
  const { hops, hopStart, forwardHops, responseHops } = result;
  if (!hops || !hopStart || !forwardHops || !responseHops) throw new Error('engineHops: the batch was walked without trace');
  const n = naming(t);
  const out: EngineHop[] = [];
  const start = hopStart[i]!;
  for (let h = start; h < start + forwardHops[i]! + responseHops[i]!; h++) {
    const at = h * HopField.Stride;
    const namer = NAMERS[hops[at + HopField.Component] as HopComponent];
    if (!namer) throw new Error(`engine hop ${h}: unknown component kind ${hops[at + HopField.Component]}`);
    out.push({
      direction: hops[at + HopField.Direction] ? 'response' : 'forward',
      kind: hops[at + HopField.Kind]!,
      component: namer(image, hops[at + HopField.ComponentId]!, hops[at + HopField.Detail]!, n),
      code: hops[at + HopField.Code]!,
    });
  }
  return out;
}
