// Failable components (MC-1): everything a failure scenario can take down gets a dense component id,
// kind by kind in ComponentKind order (abi/image.ts), and the image keeps the table back to the model.
// The engine's down set is a bitset over these ids (assembly/down-set.ts); it applies the cascades
// itself (MC-2: an AZ takes down its subnets and everything in them), so an AZ is one bit.
// Regional components never fail (MC-3) and have no id: VPC router, IGW, EIGW, VGW, TGW, DX gateway,
// peering connections, gateway endpoints. Firewall endpoints and interface endpoints are their ENIs.
import { denseOr, type CompileContext } from './context.js';
import { Section } from '../../abi/image.js';
import { ComponentBlockField, ComponentKind, EniInstanceField } from '../../abi/image-components.js';
import { NONE } from '../../abi/version.js';
import { vpnTunnelId, type FailableComponent } from './failable-component.js';
import type { Topology } from '../model/types.js';

/** The table of failable components, kind by kind (ComponentKind order), with where each kind's block starts. */
export function failableComponents(t: Topology, zones: readonly string[]): { components: FailableComponent[]; blocks: Array<{ kind: ComponentKind; base: number; count: number }> } {
  const components: FailableComponent[] = [];
  const blocks: Array<{ kind: ComponentKind; base: number; count: number }> = [];
  const azOf = new Map(t.subnets.map((s) => [s.id, s.availabilityZone]));
  const block = (kind: ComponentKind, items: FailableComponent[]) => {
    blocks.push({ kind, base: components.length, count: items.length });
    for (const item of items) components.push(item);
  };
  const zonal = (az: string | undefined) => (az === undefined ? {} : { availabilityZone: az });
  block(ComponentKind.AvailabilityZone, zones.map((z) => ({ kind: 'availability-zone', id: z, logicalId: z, availabilityZone: z })));
  block(ComponentKind.Subnet, t.subnets.map((s) => ({ kind: 'subnet', id: s.id, logicalId: s.logicalId, availabilityZone: s.availabilityZone })));
  block(ComponentKind.NetworkInterface, t.networkInterfaces.map((e) => ({ kind: 'network-interface', id: e.id, logicalId: e.logicalId, ...zonal(azOf.get(e.subnetId)) })));
  block(ComponentKind.Instance, t.instances.map((i) => ({ kind: 'instance', id: i.id, logicalId: i.logicalId, ...zonal(azOf.get(i.subnetId)) })));
  block(ComponentKind.NatGateway, t.natGateways.map((n) => ({ kind: 'nat-gateway', id: n.id, logicalId: n.logicalId, ...zonal(azOf.get(n.subnetId)) })));
  block(ComponentKind.TransitGatewayAttachment, t.transitGatewayAttachments.map((a) => ({ kind: 'transit-gateway-attachment', id: a.id, logicalId: a.logicalId })));
  block(ComponentKind.VpnTunnel, t.vpnConnections.flatMap((v) => v.tunnels.map((_, i) => ({ kind: 'vpn-tunnel' as const, id: vpnTunnelId(v.id, i), logicalId: vpnTunnelId(v.logicalId, i) }))));
  block(ComponentKind.DirectConnectConnection, t.directConnectConnections.map((d) => ({ kind: 'direct-connect-connection', id: d.id, logicalId: d.logicalId })));
  return { components, blocks };
}

/** Id (see FailableComponent.id) -> component id; the first component of an id wins. */
export function componentIdsOf(components: readonly FailableComponent[]): Map<string, number> {
  const componentIds = new Map<string, number>();
  components.forEach((c, i) => {
    if (!componentIds.has(c.id)) componentIds.set(c.id, i);
  });
  return componentIds;
}

/** Builds the table and its image sections (the lookup from id to component id: componentIdsOf, when needed). */
export function compileComponents(ctx: CompileContext): { components: FailableComponent[] } {
  const { t } = ctx;
  const { components, blocks } = failableComponents(t, ctx.names.zones);
  const blockSection = ctx.sections[Section.ComponentBlock]!;
  for (const { kind, base, count } of blocks) {
    const r = blockSection.add();
    if (r !== kind) throw new Error(`compileComponents: block ${r} written for kind ${kind}`);
    blockSection.set(r, ComponentBlockField.Base, base);
    blockSection.set(r, ComponentBlockField.Count, count);
  }
  const instanceBase = blocks.find((b) => b.kind === ComponentKind.Instance)!.base;
  // ENI -> its instance's component (MC-1: an instance down takes its ENIs down). Instance ids are
  // unique in a validated model, so the context's dense ids (first of an id) are the instances' positions.
  const eniInstance = ctx.sections[Section.EniInstance]!;
  for (const eni of t.networkInterfaces) {
    const owner = denseOr(ctx.ids.instance, eni.ownerId);
    eniInstance.set(eniInstance.add(), EniInstanceField.Instance, owner < 0 ? NONE : instanceBase + owner);
  }
  return { components };
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
