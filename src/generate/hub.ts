// How generated VPCs reach each other: one transit gateway with segmented route tables, a peering
// mesh, or nothing. Peering is non-transitive (PCX-3), so every pair that should talk needs its own
// connection; a full mesh of N VPCs is N(N-1)/2 connections, so above 8 VPCs each VPC peers with its
// 3 nearest neighbours on each side of a ring (6 peers, well under the default quota of 50).
import type { TopologyBuilder } from '../builder/index.js';

export type Hub = 'tgw' | 'peering' | 'none';

export interface Peering {
  name: string;
  a: number;
  b: number;
}

export const FULL_MESH_LIMIT = 8;
const RING_NEIGHBOURS = 3;

export function peeringPairs(vpcs: number, name: (i: number) => string): Peering[] {
  const pairs: Peering[] = [];
  const add = (a: number, b: number): void => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    pairs.push({ name: `${name(lo)}To${name(hi)}`, a: lo, b: hi });
  };
  if (vpcs <= FULL_MESH_LIMIT) {
    for (let a = 0; a < vpcs; a++) for (let b = a + 1; b < vpcs; b++) add(a, b);
    return pairs;
  }
  // k <= (N-1)/2 never produces the same pair twice.
  const d = Math.min(RING_NEIGHBOURS, Math.floor((vpcs - 1) / 2));
  for (let a = 0; a < vpcs; a++) for (let k = 1; k <= d; k++) add(a, (a + k) % vpcs);
  return pairs;
}

export type Segment = 'shared' | 'prod' | 'dev';

/** VPC 0 holds shared services; the rest alternate prod / dev. */
function segmentOf(i: number): Segment {
  return i === 0 ? 'shared' : i % 2 === 1 ? 'prod' : 'dev';
}

/**
 * The transit gateway: default association/propagation off (TGW-6), so the tables say who talks to
 * whom: shared reaches everyone, prod and dev each reach themselves and shared, never each other.
 */
export function addTransitGateway(t: TopologyBuilder, vpcNames: string[], attachmentSubnets: string[][]): void {
  const attachment = (i: number): string => `${vpcNames[i]}Attachment`;
  const all = vpcNames.map((_, i) => i);
  const of = (...segments: Segment[]): string[] => all.filter((i) => segments.includes(segmentOf(i))).map(attachment);
  t.transitGateway('Tgw', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false }, (g) => {
    all.forEach((i) => g.vpcAttachment(attachment(i), { vpc: vpcNames[i]!, subnets: attachmentSubnets[i]! }));
    g.routeTable('TgwSharedRt', { associations: of('shared'), propagations: all.map(attachment) });
    g.routeTable('TgwProdRt', { associations: of('prod'), propagations: of('prod', 'shared') });
    // TGW-4: a blackhole route in the dev table for a benchmark-range block.
    g.routeTable('TgwDevRt', { associations: of('dev'), propagations: of('dev', 'shared') }, (rt) => rt.blackhole('198.19.255.0/24'));
  });
}
