// Non-fatal findings (C-1): the model is accepted but the user should know.
import { parsePrefix, prefixCovers, type Prefix } from '../ip.js';
import type { Topology } from '../types.js';
import { byLogicalId, shortType, KINDS } from './context.js';
import { quotaWarnings } from './quotas.js';
import { ROUTING_WARNINGS } from './routing.js';

const R10 = parsePrefix('10.0.0.0/8');
const R172 = parsePrefix('172.16.0.0/12');
const R192 = parsePrefix('192.168.0.0/16');
const R198 = parsePrefix('198.19.0.0/16');
const R10_15 = parsePrefix('10.0.0.0/15');
const R10_16 = parsePrefix('10.0.0.0/16');
const R172_31 = parsePrefix('172.31.0.0/16');

/**
 * ADDR-3: the association-restriction table of "VPC CIDR blocks": ranges a secondary block may not
 * come from, given the range of the primary block.
 */
function restrictedFor(primary: Prefix): Prefix[] {
  const inside = (r: Prefix): boolean => prefixCovers(r, primary);
  if (inside(R10)) return inside(R10_15) ? [R172, R192, R198, R10_16] : [R172, R192, R198];
  if (inside(R172)) return [R10, R192, R172_31, R198];
  if (inside(R192)) return [R10, R172, R198];
  if (inside(R198)) return [R10, R172, R192];
  return [R10, R172, R192, R198];
}

type WarningRule = (t: Topology) => string[];

const secondaryCidrRestrictions: WarningRule = (t) => {
  const out: string[] = [];
  for (const vpc of [...t.vpcs].sort(byLogicalId)) {
    const [primary, ...secondaries] = vpc.cidrBlocks;
    if (!primary) continue;
    const restricted = restrictedFor(primary);
    for (const block of secondaries) {
      const range = restricted.find((r) => prefixesMeet(r, block));
      if (range) {
        out.push(`VPC '${vpc.logicalId}': secondary CidrBlock ${block.text} is in ${range.text}, which AWS does not associate with a VPC whose primary CIDR block is ${primary.text} (ADDR-3)`);
      }
    }
  }
  return out;
};

const prefixesMeet = (a: Prefix, b: Prefix): boolean => prefixCovers(a, b) || prefixCovers(b, a);

// CHOICE (docs/semantics.md): a peering whose other VPC is outside the model is accepted; traffic
// towards that VPC cannot be traced.
const peeringOutsideModel: WarningRule = (t) => {
  const vpcIds = new Set(t.vpcs.map((v) => v.id));
  const type = shortType(KINDS.vpcPeeringConnections.type);
  return [...t.vpcPeeringConnections]
    .sort(byLogicalId)
    .flatMap((p) => [p.requesterVpcId, p.accepterVpcId].filter((id) => !vpcIds.has(id)).map((id) => `${type} '${p.logicalId}': VPC ${id} is not in the model; traffic to it is not simulated`));
};

// HYB-4: a virtual private gateway carries IPv4 only.
const ipv6ToVgw: WarningRule = (t) =>
  [...t.routeTables].sort(byLogicalId).flatMap((rt) =>
    rt.routes
      .filter((r) => r.target.kind === 'vpn-gateway' && r.destination?.family === 6)
      .map((r) => `RouteTable '${rt.logicalId}': route ${r.destination!.text} targets a virtual private gateway, which carries IPv4 only (HYB-4)`),
  );

const WARNING_RULES: WarningRule[] = [secondaryCidrRestrictions, peeringOutsideModel, ipv6ToVgw, ...ROUTING_WARNINGS, quotaWarnings];

/**
 * What `vpcsim validate` warns about in a valid topology: routing loops, public NAT gateways without an
 * internet route, counts over the default Amazon VPC quotas and the like (one line each).
 */
export function collectWarnings(t: Topology): string[] {
  return WARNING_RULES.flatMap((rule) => rule(t));
}
