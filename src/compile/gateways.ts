// Internet gateways (with their edge-associated gateway route table, RT-15), egress-only internet
// gateways, NAT gateways and VPC peering connections.
import { ipv4Word } from './address.js';
import { denseOr, type CompileContext } from './context.js';
import { Section } from '../../abi/image.js';
import { EgressOnlyInternetGatewayField, InternetGatewayField, NatGatewayField, PeeringField } from '../../abi/image-gateways.js';
import { NONE } from '../../abi/version.js';

export function compileGateways(ctx: CompileContext): void {
  const { t, ids } = ctx;
  const igws = ctx.sections[Section.InternetGateway]!;
  const edge = new Map<string, number>();
  // RT-15: the last route table listing the gateway, as the network index (src/model/network-index.ts) keeps it.
  t.routeTables.forEach((table, i) => {
    for (const g of table.gatewayIds) edge.set(g, i);
  });
  for (const igw of t.internetGateways) {
    const r = igws.add();
    igws.set(r, InternetGatewayField.Vpc, denseOr(ids.vpc, igw.vpcId));
    igws.set(r, InternetGatewayField.EdgeRouteTable, edge.get(igw.id) ?? NONE);
  }
  const eigws = ctx.sections[Section.EgressOnlyInternetGateway]!;
  for (const eigw of t.egressOnlyInternetGateways) {
    eigws.set(eigws.add(), EgressOnlyInternetGatewayField.Vpc, denseOr(ids.vpc, eigw.vpcId));
  }
  const nats = ctx.sections[Section.NatGateway]!;
  for (const nat of t.natGateways) {
    const r = nats.add();
    const eni = denseOr(ids.eni, nat.networkInterfaceId);
    const privateIp = eni < 0 ? undefined : t.networkInterfaces[eni]!.privateIps.find((p) => p.primary)?.address;
    nats.set(r, NatGatewayField.Subnet, denseOr(ids.subnet, nat.subnetId));
    nats.set(r, NatGatewayField.Eni, eni);
    nats.set(r, NatGatewayField.Public, nat.connectivityType === 'public' ? 1 : 0);
    nats.set(r, NatGatewayField.Available, nat.state === 'available' ? 1 : 0);
    nats.set(r, NatGatewayField.Deleted, nat.state === 'deleted' ? 1 : 0);
    nats.set(r, NatGatewayField.Private, privateIp && privateIp.family === 4 ? ipv4Word(privateIp) : 0);
    nats.set(r, NatGatewayField.ElasticIp, nat.publicIp ? ipv4Word(nat.publicIp) : 0);
  }
  const peerings = ctx.sections[Section.Peering]!;
  for (const pcx of t.vpcPeeringConnections) {
    const r = peerings.add();
    peerings.set(r, PeeringField.RequesterVpc, denseOr(ids.vpc, pcx.requesterVpcId));
    peerings.set(r, PeeringField.AccepterVpc, denseOr(ids.vpc, pcx.accepterVpcId));
    peerings.set(r, PeeringField.Active, pcx.status === 'active' ? 1 : 0);
  }
}
