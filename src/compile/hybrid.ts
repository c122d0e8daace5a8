// Site-to-Site VPN and Direct Connect (HYB-*): virtual private gateways with their on-premises paths
// pre-sorted by the HYB-4 preference, the on-premises connections (VPN connections, then virtual
// interfaces) with where traffic arriving on them goes (HYB-8..10), VPN CloudHub paths (HYB-7), and
// the list an on-premises source is matched against. Which prefixes a connection reaches while it is
// up, and in which order AWS picks them, are the model's rules (src/model/on-premises-paths.ts).
import type { Prefix } from '../model/ip.js';
import { networkIndex, type NetworkIndex } from '../model/network-index.js';
import { cloudHubPaths, onPremisesPathsOfVgw, onPremisesSourcePaths, vgwPathOrder } from '../model/on-premises-paths.js';
import { setPrefix } from './address.js';
import { vpnTunnelId } from './failable-component.js';
import { denseOr, type CompileContext } from './context.js';
import { Section } from '../../abi/image.js';
import {
  DxAssociationField,
  OnPremConnectionField,
  OnPremConnectionKind,
  OnPremPathField,
  VpnGatewayField,
} from '../../abi/image-hybrid.js';
import { NONE } from '../../abi/version.js';
import type { RecordTable } from './records.js';

/** OnPremConnectionField.VpnGateway when the connection names a VGW the model does not have. */
export const MISSING_GATEWAY = -2;

export function compileHybrid(ctx: CompileContext): void {
  const { t } = ctx;
  if (t.vpnGateways.length === 0 && t.vpnConnections.length === 0 && t.virtualInterfaces.length === 0) return;
  const ix = networkIndex(t);
  const paths = ctx.sections[Section.OnPremPath]!;
  compileVpnGateways(ctx, ix, paths);
  compileConnections(ctx, ix, paths);
  writePaths(ctx, ctx.sections[Section.OnPremSource]!, onPremisesSourcePaths(ix));
}

function compileVpnGateways(ctx: CompileContext, ix: NetworkIndex, paths: RecordTable): void {
  const vgws = ctx.sections[Section.VpnGateway]!;
  // RT-15: the route table edge-associated with the gateway (the last one listing it, as the network index keeps).
  const edge = new Map<string, number>();
  ctx.t.routeTables.forEach((rt, i) => {
    for (const g of rt.gatewayIds) edge.set(g, i);
  });
  for (const vgw of ctx.t.vpnGateways) {
    const r = vgws.add();
    vgws.set(r, VpnGatewayField.Vpc, denseOr(ctx.ids.vpc, vgw.vpcId));
    vgws.set(r, VpnGatewayField.EdgeRouteTable, edge.get(vgw.id) ?? NONE);
    const sorted = onPremisesPathsOfVgw(ix, vgw.id).sort(vgwPathOrder);
    vgws.set(r, VpnGatewayField.PathStart, paths.count);
    writePaths(ctx, paths, sorted);
    vgws.set(r, VpnGatewayField.PathCount, sorted.length);
  }
}

function compileConnections(ctx: CompileContext, ix: NetworkIndex, paths: RecordTable): void {
  const { t, ids } = ctx;
  const conns = ctx.sections[Section.OnPremConnection]!;
  const associations = ctx.sections[Section.DxAssociation]!;
  const gateway = (id: string | undefined) => (id === undefined ? NONE : (ids.vpnGateway.get(id) ?? MISSING_GATEWAY));
  const attachmentOf = (type: string, resourceId: string) => denseOr(ids.tgwAttachment, t.transitGatewayAttachments.find((a) => a.resourceType === type && a.resourceId === resourceId)?.id);
  t.vpnConnections.forEach((vpn, i) => {
    const r = conns.add();
    conns.set(r, OnPremConnectionField.Kind, OnPremConnectionKind.Vpn);
    conns.set(r, OnPremConnectionField.Model, i);
    conns.set(r, OnPremConnectionField.VpnGateway, gateway(vpn.vpnGatewayId));
    conns.set(r, OnPremConnectionField.TgwAttachment, attachmentOf('vpn', vpn.id));
    // MC-5: the tunnels' components, and which of them are UP in the model (HYB-5).
    conns.set(r, OnPremConnectionField.TunnelStart, vpn.tunnels.length > 0 ? denseOr(ctx.componentIds!, vpnTunnelId(vpn.id, 0)) : NONE);
    conns.set(r, OnPremConnectionField.TunnelCount, vpn.tunnels.length);
    conns.set(r, OnPremConnectionField.TunnelUp, vpn.tunnels.reduce((bits, tunnel, k) => (tunnel.status === 'UP' ? bits | (1 << k) : bits), 0));
    const hub = cloudHubPaths(ix, vpn);
    conns.set(r, OnPremConnectionField.CloudHubStart, paths.count);
    writePaths(ctx, paths, hub);
    conns.set(r, OnPremConnectionField.CloudHubCount, hub.length);
  });
  t.virtualInterfaces.forEach((vif, i) => {
    const r = conns.add();
    conns.set(r, OnPremConnectionField.Kind, OnPremConnectionKind.VirtualInterface);
    conns.set(r, OnPremConnectionField.Model, i);
    conns.set(r, OnPremConnectionField.VpnGateway, gateway(vif.vpnGatewayId));
    // MC-6: a VIF is down while its DX connection is (HYB-11).
    conns.set(r, OnPremConnectionField.TunnelStart, denseOr(ctx.componentIds!, vif.connectionId));
    conns.set(r, OnPremConnectionField.TunnelCount, 0);
    conns.set(r, OnPremConnectionField.TunnelUp, 0);
    const dxgw = vif.directConnectGatewayId === undefined ? undefined : ix.dxGateways.get(vif.directConnectGatewayId);
    conns.set(r, OnPremConnectionField.Transit, dxgw && vif.kind === 'transit' ? 1 : 0);
    conns.set(r, OnPremConnectionField.TgwAttachment, dxgw ? attachmentOf('direct-connect-gateway', dxgw.id) : NONE);
    conns.set(r, OnPremConnectionField.AssociationStart, associations.count);
    // HYB-9: the DX gateway's associated VGWs, in association order.
    for (const assoc of dxgw?.associations ?? []) associations.set(associations.add(), DxAssociationField.VpnGateway, denseOr(ids.vpnGateway, assoc.gatewayId));
    conns.set(r, OnPremConnectionField.AssociationCount, dxgw ? dxgw.associations.length : 0);
  });
}

/** Appends `list` to a path table (prefix, OnPremConnection). */
export function writePaths(ctx: CompileContext, table: RecordTable, list: readonly { prefix: Prefix; connectionId: string }[]): void {
  for (const p of list) {
    const r = table.add();
    setPrefix(table, r, OnPremPathField.Prefix, p.prefix);
    table.set(r, OnPremPathField.Connection, denseOr(ctx.ids.onPremConnection, p.connectionId));
  }
}
