// Direct Connect prints lowerCamelCase keys.
// describe-direct-connect-gateways: `directConnectGateways[]`;
// describe-direct-connect-gateway-associations: `directConnectGatewayAssociations[]` (HYB-9, HYB-10).
import type { SnapshotKeyReader } from './context.js';

const GONE = new Set(['deleting', 'deleted']);
const LIVE_ASSOCIATION = new Set(['associated', 'associating', 'updating']);

export const directConnectGateways: SnapshotKeyReader = {
  key: 'directConnectGateways',
  resourceType: 'DirectConnectGateway',
  idField: 'directConnectGatewayId',
  read(f, ctx) {
    const id = f.str('directConnectGatewayId');
    if (GONE.has(f.optStr('directConnectGatewayState') ?? 'available')) return;
    ctx.add('directConnectGateways', {
      id,
      logicalId: id,
      name: f.optStr('directConnectGatewayName'),
      amazonSideAsn: f.optInt('amazonSideAsn') ?? 64512,
      associations: [],
    }, f);
  },
};

export const directConnectGatewayAssociations: SnapshotKeyReader = {
  key: 'directConnectGatewayAssociations',
  resourceType: 'DirectConnectGatewayAssociation',
  idField: 'associationId',
  read(f, ctx) {
    if (!LIVE_ASSOCIATION.has(f.optStr('associationState') ?? 'associated')) return;
    const dxgwId = f.str('directConnectGatewayId');
    const gatewayId = f.optChild('associatedGateway')?.optStr('id') ?? f.str('virtualGatewayId');
    const allowedPrefixes = f.list('allowedPrefixesToDirectConnectGateway').map((p) => p.prefix('cidr'));
    ctx.dxAssociations.push({ dxgwId, gatewayId, allowedPrefixes, file: f.where.file });
  },
  finish(ctx) {
    for (const a of ctx.dxAssociations) {
      const dxgw = ctx.get('directConnectGateways', a.dxgwId);
      if (!dxgw) {
        ctx.warn(`${a.file}: association of DirectConnectGateway '${a.dxgwId}' with '${a.gatewayId}': the gateway is not in describe-direct-connect-gateways; ignored`);
        continue;
      }
      if (!dxgw.associations.some((x) => x.gatewayId === a.gatewayId)) dxgw.associations.push({ gatewayId: a.gatewayId, allowedPrefixes: a.allowedPrefixes });
    }
  },
};
