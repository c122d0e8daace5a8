// Direct Connect in templates (HYB-8..HYB-12). CloudFormation has no Direct Connect resources: connections,
// virtual interfaces and Direct Connect gateways are made outside the stack. CHOICE (docs/semantics.md,
// "Direct Connect in templates"): the virtual private gateway or transit gateway they end on states them in
// its Metadata, as a VPN connection states its BGP prefixes (HYB-3):
//   Metadata: { vpcsim: { directConnect: [{ connection: DxPrimary, prefixes: [192.168.0.0/16] }] } }
// Each entry is one Direct Connect connection (named `connection`, the logical id Monte Carlo and `down`
// use) with one virtual interface advertising `prefixes` (HYB-12): a private VIF on the virtual private
// gateway, or a transit VIF on the transit gateway's Direct Connect gateway (`<Tgw>.DirectConnectGateway`,
// one per transit gateway, associated with `allowedPrefixes`, HYB-10), which gets its TGW attachment.
import { physicalId } from '../../../model/ids.js';
import type { Prefix } from '../../../model/ip.js';
import { quote } from '../../../model/printable.js';
import { applyTransitGatewayDefaults, newTransitGatewayAttachment } from '../../../model/transit-gateway-defaults.js';
import type { DirectConnectGateway, TransitGateway, VpnGateway } from '../../../model/types.js';
import type { MapContext } from '../map-context.js';
import type { PropertyReader } from '../properties.js';

const ENTRY_KEYS = ['connection', 'prefixes', 'allowedPrefixes'] as const;

/** The Direct Connect connections, virtual interfaces and (for a TGW) DX gateway of the gateway's Metadata. */
export function mapDirectConnectMetadata(ctx: MapContext, meta: PropertyReader | undefined, gateway: { vgw: VpnGateway } | { tgw: TransitGateway }): void {
  const entries = meta?.objects('directConnect') ?? [];
  if (entries.length === 0) return;
  const stack = ctx.template.stackName;
  let dxgw: DirectConnectGateway | undefined;
  for (const entry of entries) {
    const unknown = Object.keys(entry.values).find((k) => !(ENTRY_KEYS as readonly string[]).includes(k));
    if (unknown !== undefined) throw entry.error(unknown, `is not a Direct Connect input (known: ${ENTRY_KEYS.join(', ')})`);
    const name = entry.string('connection');
    if (!/^[A-Za-z0-9]+$/.test(name)) throw entry.error('connection', `${quote(name)} is not a name vpcsim can use (letters and digits, like a logical id)`);
    const taken = ctx.template.resource(name)?.type ?? (ctx.topology.directConnectConnections.some((c) => c.logicalId === name) ? 'Direct Connect connection' : undefined);
    if (taken) throw entry.error('connection', `${quote(name)} is already the name of a ${taken} in this template`);
    const prefixes = entry.prefixList('prefixes');
    if (prefixes.length === 0) throw entry.error('prefixes', 'at least one prefix the on-premises router advertises is required (HYB-12)');
    const allowed: Prefix[] = entry.prefixList('allowedPrefixes');
    const connectionId = physicalId('dxcon', name, stack);
    ctx.objects.add('directConnectConnections', { id: connectionId, logicalId: name, state: 'available' });
    const vifName = `${name}.VirtualInterface`;
    const vif = { id: physicalId('dxvif', vifName, stack), logicalId: vifName, connectionId, onPremisesPrefixes: prefixes, state: 'available' as const };
    if ('vgw' in gateway) {
      if (allowed.length > 0) throw entry.error('allowedPrefixes', 'allowed prefixes are for a Direct Connect gateway association with a transit gateway (HYB-10)');
      ctx.objects.add('virtualInterfaces', { ...vif, kind: 'private', vpnGatewayId: gateway.vgw.id });
      continue;
    }
    dxgw ??= directConnectGatewayOf(ctx, gateway.tgw);
    dxgw.associations[0]!.allowedPrefixes.push(...allowed);
    ctx.objects.add('virtualInterfaces', { ...vif, kind: 'transit', directConnectGatewayId: dxgw.id });
  }
}

/** `<Tgw>.DirectConnectGateway`, associated with the transit gateway, and its TGW attachment (TGW-6 defaults apply). */
function directConnectGatewayOf(ctx: MapContext, tgw: TransitGateway): DirectConnectGateway {
  const stack = ctx.template.stackName;
  const name = `${tgw.logicalId}.DirectConnectGateway`;
  const dxgw = ctx.objects.add('directConnectGateways', { id: physicalId('dxgw', name, stack), logicalId: name, amazonSideAsn: 64512, associations: [{ gatewayId: tgw.id, allowedPrefixes: [] }] });
  const attachmentName = `${name}.Attachment`;
  const attachmentId = physicalId('tgw-attach', attachmentName, stack);
  ctx.objects.add('transitGatewayAttachments', newTransitGatewayAttachment({ id: attachmentId, logicalId: attachmentName }, tgw.id, 'direct-connect-gateway', dxgw.id));
  applyTransitGatewayDefaults(ctx.topology, tgw, attachmentId);
  return dxgw;
}
