// describe-transit-gateways: `TransitGateways[]`. Options carry the TGW-6 defaults and SG-6 referencing support.
import type { TransitGateway } from '../../model/types.js';
import type { SnapshotKeyReader } from './context.js';

export const transitGateways: SnapshotKeyReader = {
  key: 'TransitGateways',
  resourceType: 'TransitGateway',
  idField: 'TransitGatewayId',
  read(f, ctx) {
    const id = f.str('TransitGatewayId');
    ctx.noteOwner(f);
    const o = f.optChild('Options');
    const enabled = (field: string, fallback: 'enable' | 'disable'): boolean => o?.enabled(field, fallback) ?? fallback === 'enable';
    const tgw: TransitGateway = {
      id,
      logicalId: id,
      name: f.nameTag(),
      amazonSideAsn: o?.optInt('AmazonSideAsn') ?? 64512,
      // TGW-6: both default to enable.
      defaultRouteTableAssociation: enabled('DefaultRouteTableAssociation', 'enable'),
      defaultRouteTablePropagation: enabled('DefaultRouteTablePropagation', 'enable'),
      securityGroupReferencingSupport: enabled('SecurityGroupReferencingSupport', 'disable'),
    };
    const association = o?.optStr('AssociationDefaultRouteTableId');
    const propagation = o?.optStr('PropagationDefaultRouteTableId');
    if (association) tgw.associationDefaultRouteTableId = association;
    if (propagation) tgw.propagationDefaultRouteTableId = propagation;
    ctx.add('transitGateways', tgw, f);
  },
};
