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

/** Where each kind's block of component ids starts, and how many it holds (ComponentKind order). */
export type ComponentBlocks = Array<{ kind: ComponentKind; base: number; count: number }>;

/** The blocks of `t`'s components without making them (compile writes only these). */
export function componentBlocks(t: Topology, zones: readonly string[]): ComponentBlocks {
  let tunnels = 0;
  for (const v of t.vpnConnections) tunnels += v.tunnels.length;
  const counts: Array<[ComponentKind, number]> = [
    [ComponentKind.AvailabilityZone, zones.length],
    [ComponentKind.Subnet, t.subnets.length],
    [ComponentKind.NetworkInterface, t.networkInterfaces.length],
    [ComponentKind.Instance, t.instances.length],
    [ComponentKind.NatGateway, t.natGateways.length],
    [ComponentKind.TransitGatewayAttachment, t.transitGatewayAttachments.length],
    [ComponentKind.VpnTunnel, tunnels],
    [ComponentKind.DirectConnectConnection, t.directConnectConnections.length],
  ];
  const blocks: ComponentBlocks = [];
  let base = 0;
  for (const [kind, count] of counts) {
    blocks.push({ kind, base, count });
    base += count;
  }
  return blocks;
}

/** The table of failable components, kind by kind (ComponentKind order), with where each kind's block starts. */
export function failableComponents(t: Topology, zones: readonly string[]): { components: FailableComponent[]; blocks: ComponentBlocks } {
  const components: FailableComponent[] = [];
  const azOf = new Map(t.subnets.map((s) => [s.id, s.availabilityZone]));
  const add = (items: FailableComponent[]) => {
    for (const item of items) components.push(item);
  };
  const zonal = (az: string | undefined) => (az === undefined ? {} : { availabilityZone: az });
  add(zones.map((z) => ({ kind: 'availability-zone', id: z, logicalId: z, availabilityZone: z })));
  add(t.subnets.map((s) => ({ kind: 'subnet', id: s.id, logicalId: s.logicalId, availabilityZone: s.availabilityZone })));
  add(t.networkInterfaces.map((e) => ({ kind: 'network-interface', id: e.id, logicalId: e.logicalId, ...zonal(azOf.get(e.subnetId)) })));
  add(t.instances.map((i) => ({ kind: 'instance', id: i.id, logicalId: i.logicalId, ...zonal(azOf.get(i.subnetId)) })));
  add(t.natGateways.map((n) => ({ kind: 'nat-gateway', id: n.id, logicalId: n.logicalId, ...zonal(azOf.get(n.subnetId)) })));
  add(t.transitGatewayAttachments.map((a) => ({ kind: 'transit-gateway-attachment', id: a.id, logicalId: a.logicalId })));
  add(t.vpnConnections.flatMap((v) => v.tunnels.map((_, i) => ({ kind: 'vpn-tunnel' as const, id: vpnTunnelId(v.id, i), logicalId: vpnTunnelId(v.logicalId, i) }))));
  add(t.directConnectConnections.map((d) => ({ kind: 'direct-connect-connection', id: d.id, logicalId: d.logicalId })));
  return { components, blocks: componentBlocks(t, zones) };
}

/** Id (see FailableComponent.id) -> component id; the first component of an id wins. */
export function componentIdsOf(components: readonly FailableComponent[]): Map<string, number> {
  const componentIds = new Map<string, number>();
  components.forEach((c, i) => {
    if (!componentIds.has(c.id)) componentIds.set(c.id, i);
  });
  return componentIds;
}

/**
 * Writes the components' image sections: where each kind's ids start, and each ENI's instance. The
 * table itself (an object per subnet, ENI, instance ...) is failableComponents(), made when a down set
 * or a plan first asks (compileTopology's image).
 */
export function compileComponents(ctx: CompileContext): void {
  const { t } = ctx;
  const blocks = componentBlocks(t, ctx.names.zones);
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
  const instances = new Int32Array(t.networkInterfaces.length);
  eniInstance.reserve(t.networkInterfaces.length);
  t.networkInterfaces.forEach((eni, e) => {
    const owner = denseOr(ctx.ids.instance, eni.ownerId);
    instances[e] = owner;
    eniInstance.set(eniInstance.add(), EniInstanceField.Instance, owner < 0 ? NONE : instanceBase + owner);
  });
  // The interfaces stage names the same instance as an instance ENI's owner.
  ctx.eniInstances = instances;
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
