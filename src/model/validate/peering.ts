// VPC peering (SEMANTICS §6): both VPCs known or one of them outside the model, never the same VPC,
// never overlapping IPv4 CIDRs (PCX-1), one peering per VPC pair.
import { prefixesOverlap } from '../ip.js';
import type { VpcPeeringConnection } from '../types.js';
import { fail, subjectOf, type ValidationContext } from './context.js';

const carriesTraffic = (p: VpcPeeringConnection): boolean => p.status === undefined || p.status === '' || p.status === 'active';

export function checkVpcPeeringConnection(ctx: ValidationContext): (pcx: VpcPeeringConnection) => void {
  const pairs = new Map<string, VpcPeeringConnection>();
  return (pcx) => {
    const s = subjectOf('vpcPeeringConnections', pcx);
    if (pcx.requesterVpcId === pcx.accepterVpcId) {
      fail(s, 'PeerVpcId', `PeerVpcId: ${ctx.label(pcx.accepterVpcId)} cannot be peered with itself`, 'InvalidParameterValue');
    }
    const requester = ctx.find('vpcs', pcx.requesterVpcId);
    const accepter = ctx.find('vpcs', pcx.accepterVpcId);
    // CHOICE (docs/semantics.md): one side may be another account's or Region's VPC, outside the
    // model; at least one side must be in it.
    if (!requester && !accepter) {
      fail(s, 'VpcId', `VpcId ${pcx.requesterVpcId} and PeerVpcId ${pcx.accepterVpcId}: neither VPC is in the model`, 'InvalidVpcID.NotFound');
    }
    if (requester && accepter) {
      for (const a of requester.cidrBlocks) {
        const b = accepter.cidrBlocks.find((c) => prefixesOverlap(a, c));
        if (b) {
          fail(s, 'PeerVpcId', `${ctx.label(requester.id)} (${a.text}) and ${ctx.label(accepter.id)} (${b.text}) have overlapping CIDR blocks (PCX-1)`, 'PeeringCidrOverlap');
        }
      }
    }
    if (!carriesTraffic(pcx)) return;
    const key = [pcx.requesterVpcId, pcx.accepterVpcId].sort().join('|');
    const other = pairs.get(key);
    if (other) {
      fail(s, 'PeerVpcId', `${ctx.label(pcx.requesterVpcId)} and ${ctx.label(pcx.accepterVpcId)} are already peered by ${ctx.label(other.id)}`, 'VpcPeeringConnectionAlreadyExists');
    }
    pairs.set(key, pcx);
  };
}
