// The playground's graph (web/graph-model.ts) and its layout (web/layout.ts), in Node: nesting
// Region > VPC > Availability Zone > subnet > instance as the EC2 model has it (a subnet lives in one
// AZ of one VPC; an instance's ENI in one subnet), gateways between VPCs linked to what they attach,
// and an ELK layout that gives every drawn leaf a place without overlaps, on the examples and on a
// generated 100-VPC design. The layout runs on elkjs's in-process build here (the page uses its worker).
import ELK from 'elkjs/lib/elk.bundled.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../bindings/node.js';
import { generateTopology, loadTopology, trace, type Topology } from '../../src/index.js';
import { INTERNET, ON_PREMISES, topologyGraph, type TopologyGraph } from '../../web/graph-model.js';
import { litPath, pathNodes } from '../../web/hop-nodes.js';
import { elkGraph, layoutGraph, leafSize } from '../../web/layout.js';

const ROOT = packageRoot();
const load = (file: string) => loadTopology(join(ROOT, 'examples', file));
const elk = new (ELK as unknown as new () => import('elkjs/lib/elk-api.js').ELK)();

function byLogicalId(t: Topology, graph: TopologyGraph, logicalId: string) {
  const node = graph.nodes.find((n) => n.logicalId === logicalId);
  if (!node) throw new Error(`no node for ${logicalId}`);
  return node;
}

/** The chain of boxes holding a node, innermost first. */
function ancestors(graph: TopologyGraph, id: string): string[] {
  const parent = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const out: string[] = [];
  for (let at = parent.get(id); at !== undefined; at = parent.get(at)) out.push(at);
  return out;
}

describe('topologyGraph', () => {
  it('two-tier: instances and the NAT gateway inside their subnets, subnets in their AZ, VPC and Region', async () => {
    const t = await load('two-tier.yaml');
    const g = topologyGraph(t);
    const vpc = t.vpcs[0]!;
    const publicSubnet = t.subnets.find((s) => s.logicalId === 'PublicSubnet')!;
    const az = `az:${vpc.id}:${publicSubnet.availabilityZone}`;
    expect(ancestors(g, byLogicalId(t, g, 'WebServer').id)).toEqual([publicSubnet.id, az, vpc.id, `region:${t.region}`]);
    expect(byLogicalId(t, g, 'NatGateway').parent).toBe(publicSubnet.id);
    expect(byLogicalId(t, g, 'AppServer').parent).toBe(t.subnets.find((s) => s.logicalId === 'PrivateSubnet')!.id);
    // GW-1: the internet gateway is attached to the VPC and leads to the internet.
    const igw = t.internetGateways[0]!.id;
    expect(g.edges.map((e) => [e.source, e.target])).toEqual(expect.arrayContaining([[igw, vpc.id], [igw, INTERNET]]));
    // An instance's ENI lights the instance.
    const web = t.instances.find((i) => i.logicalId === 'WebServer')!;
    expect(g.nodeOf.get(web.networkInterfaceIds[0]!)).toBe(web.id);
  });

  it('transit gateway: one link per VPC attachment, named by the attachment (TGW-9)', async () => {
    const t = await load('transit-gateway.yaml');
    const g = topologyGraph(t);
    const attachments = t.transitGatewayAttachments.filter((a) => a.resourceType === 'vpc');
    expect(attachments.length).toBe(3);
    for (const a of attachments) expect(g.edges).toContainEqual({ id: a.id, source: a.transitGatewayId, target: a.resourceId });
  });

  it('VPN: the connection between the customer gateway (on premises) and the virtual private gateway', async () => {
    const t = await load('vpn.yaml');
    const g = topologyGraph(t);
    const vpn = t.vpnConnections[0]!;
    expect(g.nodes.find((n) => n.id === vpn.customerGatewayId)?.parent).toBe(ON_PREMISES);
    expect(g.edges).toContainEqual({ id: `${vpn.id}--${vpn.customerGatewayId}`, source: vpn.id, target: vpn.customerGatewayId });
    expect(g.edges).toContainEqual({ id: `${vpn.id}--${vpn.vpnGatewayId}`, source: vpn.id, target: vpn.vpnGatewayId });
  });

  it('a trace lights the nodes it passes: SG-1 blocks the bastion at AppSg, on the AppServer node', async () => {
    const t = await load('two-tier.yaml');
    const g = topologyGraph(t);
    const answer = await trace(t, { from: 'Bastion', to: 'AppServer', port: 3306 });
    expect(answer.explanations[0]?.code).toBe('ENI_SG_RULES_MISMATCH');
    const lit = litPath(t, g, answer);
    const id = (logicalId: string) => byLogicalId(t, g, logicalId).id;
    expect(pathNodes(g, lit.forward)).toEqual([id('Bastion'), id('PublicSubnet'), id('PrivateSubnet'), id('AppServer')]);
    expect(lit.blocked).toBe(id('AppServer'));
  });
});

describe('layoutGraph', () => {
  /** Leaves as boxes, from their centres and sizes. */
  async function leafBoxes(g: TopologyGraph) {
    const positions = await layoutGraph(elk, g);
    const leaves = g.nodes.filter((n) => !g.nodes.some((c) => c.parent === n.id));
    return leaves.map((n) => {
      const p = positions.get(n.id);
      const { width, height } = leafSize(n.label);
      return { id: n.id, p, box: p && { x1: p.x - width / 2, x2: p.x + width / 2, y1: p.y - height / 2, y2: p.y + height / 2 } };
    });
  }
  const overlapping = (boxes: Array<{ id: string; box?: { x1: number; x2: number; y1: number; y2: number } }>) => {
    const found: string[] = [];
    const sorted = [...boxes].sort((a, b) => a.box!.x1 - b.box!.x1);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j]!.box!.x1 < sorted[i]!.box!.x2; j++) {
        const a = sorted[i]!.box!;
        const b = sorted[j]!.box!;
        if (a.y1 < b.y2 && b.y1 < a.y2) found.push(`${sorted[i]!.id} x ${sorted[j]!.id}`);
      }
    }
    return found;
  };

  it('every leaf of every example gets a place, and no two overlap', async () => {
    for (const file of ['two-tier.yaml', 'transit-gateway.yaml', 'vpn.yaml', 'peering.yaml', 'availability/hybrid.json']) {
      const boxes = await leafBoxes(topologyGraph(await load(file)));
      expect(boxes.filter((b) => !b.p).map((b) => b.id), file).toEqual([]);
      expect(overlapping(boxes), file).toEqual([]);
    }
  });

  it('a generated 100-VPC design: every VPC, subnet and instance drawn, every leaf placed without overlap', async () => {
    const t = generateTopology({ seed: 17, vpcs: 100, subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'tgw', azs: 3 });
    const g = topologyGraph(t);
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const r of [...t.vpcs, ...t.subnets, ...t.instances]) expect(ids.has(r.id)).toBe(true);
    for (const n of g.nodes) if (n.parent !== undefined) expect(ids.has(n.parent)).toBe(true);
    for (const e of g.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    // Many VPCs in a Region are packed, not layered in one tall column.
    expect(elkGraph(g).children!.find((c) => c.id === `region:${t.region}`)!.layoutOptions!['elk.algorithm']).toBe('rectpacking');
    const boxes = await leafBoxes(g);
    expect(boxes.filter((b) => !b.p).map((b) => b.id)).toEqual([]);
    expect(overlapping(boxes)).toEqual([]);
  });
});
