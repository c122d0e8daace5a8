// Failable components (MC-1): everything a failure scenario can take down gets a dense component id,
// kind by kind in ComponentKind order (abi/image.ts), and the image keeps the table back to the model.
// The engine's down set is a bitset over these ids (assembly/down-set.ts); it applies the cascades
// itself (MC-2: an AZ takes down its subnets and everything in them), so an AZ is one bit.
// Regional components never fail (MC-3) and have no id: VPC router, IGW, EIGW, VGW, TGW, DX gateway,
// peering connections, gateway endpoints. Firewall endpoints and interface endpoints are their ENIs.
import { denseOr, type CompileContext } from './context.js';
import { ComponentBlockField, ComponentKind, EniInstanceField, Section } from '../../abi/image.js';
import { NONE } from '../../abi/version.js';
import { vpnTunnelId, type FailableComponent } from './failable-component.js';

/** Builds the table; returns it with the lookup from id (see FailableComponent.id) to component id. */
export function compileComponents(ctx: CompileContext): { components: FailableComponent[]; componentIds: Map<string, number> } {
  const { t } = ctx;
  const components: FailableComponent[] = [];
  const blocks = ctx.sections[Section.ComponentBlock]!;
  const azOf = new Map(t.subnets.map((s) => [s.id, s.availabilityZone]));
  const block = (kind: ComponentKind, items: FailableComponent[]) => {
    const r = blocks.add();
    if (r !== kind) throw new Error(`compileComponents: block ${r} written for kind ${kind}`);
    blocks.set(r, ComponentBlockField.Base, components.length);
    blocks.set(r, ComponentBlockField.Count, items.length);
    components.push(...items);
  };
  const zonal = (az: string | undefined) => (az === undefined ? {} : { availabilityZone: az });
  block(ComponentKind.AvailabilityZone, ctx.names.zones.map((z) => ({ kind: 'availability-zone', id: z, logicalId: z, availabilityZone: z })));
  block(ComponentKind.Subnet, t.subnets.map((s) => ({ kind: 'subnet', id: s.id, logicalId: s.logicalId, availabilityZone: s.availabilityZone })));
  block(ComponentKind.NetworkInterface, t.networkInterfaces.map((e) => ({ kind: 'network-interface', id: e.id, logicalId: e.logicalId, ...zonal(azOf.get(e.subnetId)) })));
  const instanceBase = components.length;
  block(ComponentKind.Instance, t.instances.map((i) => ({ kind: 'instance', id: i.id, logicalId: i.logicalId, ...zonal(azOf.get(i.subnetId)) })));
  block(ComponentKind.NatGateway, t.natGateways.map((n) => ({ kind: 'nat-gateway', id: n.id, logicalId: n.logicalId, ...zonal(azOf.get(n.subnetId)) })));
  block(ComponentKind.TransitGatewayAttachment, t.transitGatewayAttachments.map((a) => ({ kind: 'transit-gateway-attachment', id: a.id, logicalId: a.logicalId })));
  block(ComponentKind.VpnTunnel, t.vpnConnections.flatMap((v) => v.tunnels.map((_, i) => ({ kind: 'vpn-tunnel' as const, id: vpnTunnelId(v.id, i), logicalId: vpnTunnelId(v.logicalId, i) }))));
  block(ComponentKind.DirectConnectConnection, t.directConnectConnections.map((d) => ({ kind: 'direct-connect-connection', id: d.id, logicalId: d.logicalId })));
  // ENI -> its instance's component (MC-1: an instance down takes its ENIs down).
  const instances = new Map(t.instances.map((x, i) => [x.id, i]));
  const eniInstance = ctx.sections[Section.EniInstance]!;
  for (const eni of t.networkInterfaces) {
    const owner = denseOr(instances, eni.ownerId);
    eniInstance.set(eniInstance.add(), EniInstanceField.Instance, owner < 0 ? NONE : instanceBase + owner);
  }
  const componentIds = new Map<string, number>();
  components.forEach((c, i) => {
    if (!componentIds.has(c.id)) componentIds.set(c.id, i);
  });
  return { components, componentIds };
}

/** The component ids of `ids` (see FailableComponent.id); ids that name no failable component are ignored (MC-3). */
export function downBits(componentIds: Map<string, number>, count: number, ids: Iterable<string>): Uint32Array {
  const bits = new Uint32Array(Math.max(1, (count + 31) >>> 5));
  for (const id of ids) {
    const c = componentIds.get(id);
    if (c !== undefined) bits[c >>> 5]! |= 1 << (c & 31);
  }
  return bits;
}
