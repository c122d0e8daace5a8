// The verdict memo stores a walk that did not read its flow's source port for every source port
// (assembly/walk-memo.ts, ANY_PORT), so every place a walk lets the source port decide must say so
// (assembly/packet.ts sourcePortRead). Each topology here has exactly one such place on the path of
// App -> Server, and a source port that place refuses beside one it lets through: walked as one batch
// in either order (the first stored, the second looked up), grouped and in input order, the memo's
// verdicts must be the reference walk's. A reader that forgot to mark would store the first port's
// verdict for the second.
import { beforeAll, describe, expect, it } from 'vitest';
import { WALK_ORDER_MIN_FLOWS } from '../abi/batch.js';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import type { WalkBatchOptions } from '../bindings/network.js';
import { topology } from '../src/builder/index.js';
import { compileTopology } from '../src/compile/index.js';
import type { Topology } from '../src/model/types.js';
import { referenceHops } from '../src/reference/walk.js';
import type { WalkOptions } from '../src/walk/result.js';
import { toBatch, type Case } from './helpers/walk-differential.js';

const AZ = 'us-east-1a';
const SERVER_PORT = 8080;

/** One VPC, App in One, Server in Two (or One); `shape` adds the one place that reads the source port. */
function readerTopology(shape: 'nacl4' | 'nacl6' | 'group-after-timeout' | 'firewall'): Topology {
  const b = topology({ region: 'us-east-1' });
  if (shape === 'firewall') {
    b.statelessRuleGroup('NoHighSources', [
      { priority: 10, actions: ['aws:drop'], protocols: ['tcp'], sourcePorts: [[40000, 40999]] },
      { priority: 20, actions: ['aws:pass'], sources: ['10.0.0.0/16'] },
    ]).firewallPolicy('Policy', { stateless: [{ group: 'NoHighSources', priority: 1 }], statelessDefaultActions: ['aws:pass'] });
  }
  return b.vpc('A', '10.0.0.0/16', (v) => {
    v.ipv6Cidr('2600:1f18:1:100::/56')
      .subnet('One', '10.0.1.0/24', { az: AZ, ipv6: '2600:1f18:1:101::/64' })
      .subnet('Two', '10.0.2.0/24', { az: AZ, ipv6: '2600:1f18:1:102::/64' })
      .securityGroup('ServerSg', (g) => g.ingress({ protocol: 'all', cidr: '10.0.0.0/16' }).ingress({ protocol: 'all', cidr: '2600:1f18:1:100::/56' })
        .egress({ protocol: 'all', cidr: '0.0.0.0/0' }).egress({ protocol: 'all', cidr: '::/0' }))
      .instance('Server', { subnet: shape === 'group-after-timeout' ? 'One' : 'Two', ip: shape === 'group-after-timeout' ? '10.0.1.20' : '10.0.2.20', ipv6: [shape === 'group-after-timeout' ? '2600:1f18:1:101::20' : '2600:1f18:1:102::20'], sgs: ['ServerSg'] });
    if (shape === 'group-after-timeout') {
      // SG-13: once the UDP state has timed out, the response meets App's ingress rules.
      v.securityGroup('AppSg', (g) => g.ingress({ protocol: 'udp', ports: [50000, 50100], cidr: '10.0.0.0/16' }).egress({ protocol: 'all', cidr: '0.0.0.0/0' }));
    } else {
      v.securityGroup('AppSg', (g) => g.egress({ protocol: 'all', cidr: '0.0.0.0/0' }).egress({ protocol: 'all', cidr: '::/0' }));
    }
    v.instance('App', { subnet: 'One', ip: '10.0.1.10', ipv6: ['2600:1f18:1:101::10'], sgs: ['AppSg'] });
    if (shape === 'nacl4' || shape === 'nacl6') {
      // The response enters One past the ACL's all-protocol shortcut: its entries read the port.
      const cidr = shape === 'nacl4' ? '10.0.0.0/16' : '2600:1f18:1:100::/56';
      v.networkAcl('AppAcl', { subnets: ['One'] }, (acl) => acl
        .ingress(100, { action: 'deny', protocol: 'tcp', ports: [1030, 1500], cidr })
        .ingress(110, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
        .ingress(120, { action: 'allow', protocol: 'all', cidr: '::/0' })
        .egress(100, { action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' })
        .egress(110, { action: 'allow', protocol: 'all', cidr: '::/0' }));
    }
    if (shape === 'firewall') {
      v.subnet('Fw', '10.0.3.0/24', { az: AZ })
        .networkFirewall('Firewall', { policy: 'Policy', subnets: ['Fw'] })
        .routeTable('OneRt', { subnets: ['One'] }, (rt) => rt.route('10.0.2.0/24', { firewall: 'Firewall', az: AZ }))
        .routeTable('TwoRt', { subnets: ['Two'] }, (rt) => rt.route('10.0.1.0/24', { firewall: 'Firewall', az: AZ }));
    }
    return v;
  }).build();
}

/** The shape, its flow's protocol and family, a source port its reader refuses and one it lets through. */
const shapes: Array<{ shape: Parameters<typeof readerTopology>[0]; protocol: number; family: 4 | 6; refused: number; allowed: number; options: { responseAfter?: number } }> = [
  { shape: 'nacl4', protocol: 6, family: 4, refused: 1100, allowed: 2000, options: {} },
  { shape: 'nacl6', protocol: 6, family: 6, refused: 1100, allowed: 2000, options: {} },
  { shape: 'group-after-timeout', protocol: 17, family: 4, refused: 2000, allowed: 50050, options: { responseAfter: 60 } },
  { shape: 'firewall', protocol: 6, family: 4, refused: 40500, allowed: 2000, options: {} },
];

describe('the verdict memo and each place a walk reads the source port (issue 18)', () => {
  let engine: Engine;
  let clock = 0;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  for (const { shape, protocol, family, refused, allowed, options } of shapes) {
    it(`${shape}: the refused and the allowed source port keep their own verdicts`, () => {
      const t = readerTopology(shape);
      engine.reset();
      engine.loadNetwork(compileTopology(t));
      const eniOf = (name: string) => t.networkInterfaces.find((e) => e.id === t.instances.find((i) => i.logicalId === name)!.networkInterfaceIds[0])!;
      const app = eniOf('App');
      const server = eniOf('Server');
      const address = (e: typeof app) => family === 4 ? e.privateIps[0]!.address!.value : e.ipv6Addresses[0]!.value;
      const origin = { kind: 'network-interface' as const, networkInterfaceId: app.id };
      const flow = (srcPort: number): Case => ({
        origin, originEni: t.networkInterfaces.indexOf(app), destinationEni: -1,
        flow: { family, src: address(app), dst: address(server), protocol, srcPort, dstPort: SERVER_PORT, icmpType: -1, icmpCode: -1 },
      });
      const reference = (c: Case) => referenceHops(t, c.flow, c.origin, options, c.destination).verdict;
      const [r, a] = [reference(flow(refused)), reference(flow(allowed))];
      expect(r, 'the refused port is refused').not.toBe(0);
      expect(a, 'the allowed port gets through').toBe(0);
      const walkOptions: WalkBatchOptions = { ...options };
      for (const order of [[refused, allowed], [allowed, refused]]) {
        const want = order.map((p) => (p === refused ? r : a));
        // Input order (a batch too small to group), then grouped (padded past the grouping threshold).
        expect(Array.from(engine.walkBatch(toBatch(order.map(flow)), { ...walkOptions, time: ++clock }).verdicts), `input order ${order}`).toEqual(want);
        const padding = Array.from({ length: WALK_ORDER_MIN_FLOWS }, (_, i) => ({ ...flow(allowed), flow: { ...flow(allowed).flow, dstPort: 100 + i } }));
        const grouped = engine.walkBatch(toBatch([...order.map(flow), ...padding]), { ...walkOptions, time: ++clock }).verdicts;
        expect(Array.from(grouped.subarray(0, 2)), `grouped ${order}`).toEqual(want);
      }
    });
  }
});
