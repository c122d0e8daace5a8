// Issue 5: trace() words its answer from the WASM engine's own hop records (src/analyze/engine-explain.ts).
// These scenarios reach hop texts the other scenario files and the random differential do not: each
// test checks the rule on the spec (traceReference) and helpers.ts asks trace() on the engine the same
// query afterwards, requiring the same answer word for word. The last tests show the texts really come
// from the engine's records: records the engine did not write change or break the answer.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { trace as engineTrace } from '../../src/analyze/trace-node.js';
import { traceReference } from '../../src/analyze/trace-reference.js';
import { topology } from '../../src/builder/index.js';
import { HopField } from '../../abi/hops.js';
import { loadTopology } from '../../src/import/load.js';
import { parsePrefix } from '../../src/model/ip.js';
import type { Topology } from '../../src/model/types.js';
import { expectBlocked, trace } from './helpers.js';
import { firewalledWebVpc } from '../helpers/vpc-layouts.js';

/** One VPC with a bit of everything, and an on-premises site on a transit gateway. */
function site(): Topology {
  const t = topology({ region: 'us-east-1' })
    .vpc('Vpc', '10.0.0.0/16', (v) =>
      v
        .subnet('Public', '10.0.1.0/24', { az: 'us-east-1a', public: true })
        .subnet('Private', '10.0.2.0/24', { az: 'us-east-1a' })
        .internetGateway('Igw')
        .egressOnlyInternetGateway('Eigw')
        .natGateway('Nat', { subnet: 'Public' })
        .routeTable('PublicRt', { subnets: ['Public'] }, (rt) => rt.route('0.0.0.0/0', { igw: 'Igw' }))
        .routeTable('PrivateRt', { subnets: ['Private'] }, (rt) =>
          rt
            .route('0.0.0.0/0', { nat: 'Nat' })
            .route('198.51.100.0/24', { eigw: 'Eigw' })
            .route('172.16.0.0/16', { vgw: 'Vgw' })
            .route('10.50.0.0/16', { tgw: 'Tgw' })
            .route('10.60.0.0/16', { tgw: 'Tgw' })
            .route('192.168.0.0/16', { tgw: 'Tgw' })
            .route('10.70.0.0/16', { instance: 'Sleeper' }),
        )
        .securityGroup('Open', (sg) => sg.ingress({ protocol: 'all', cidr: '0.0.0.0/0' }))
        .instance('Web', { subnet: 'Public', ip: '10.0.1.10', sgs: ['Open'] })
        .instance('App', { subnet: 'Private', ip: '10.0.2.10', sgs: ['Open'] })
        .instance('Sleeper', { subnet: 'Private', ip: '10.0.2.20', sgs: ['Open'], state: 'stopped' }),
    )
    .vpnGateway('Vgw', { vpc: 'Vpc' })
    .transitGateway('Tgw', { defaultRouteTableAssociation: false, defaultRouteTablePropagation: false }, (g) =>
      g.vpcAttachment('VpcAtt', { vpc: 'Vpc', subnets: ['Private'] }).routeTable('TgwRt', { associations: ['VpcAtt'] }),
    )
    .customerGateway('Cgw', { ip: '203.0.113.1' })
    .vpnConnection('Office', { customerGateway: 'Cgw', transitGateway: 'Tgw', bgpPrefixes: ['192.168.0.0/16'] })
    .build();
  // TGW-4: static routes to the VPN attachment (for a network nothing on premises holds) and to one the model lacks.
  const vpnAtt = t.transitGatewayAttachments.find((a) => a.resourceType === 'vpn')!;
  const routes = t.transitGatewayRouteTables.find((r) => r.logicalId === 'TgwRt')!.routes;
  routes.push({ destination: parsePrefix('10.50.0.0/16'), attachmentId: vpnAtt.id, blackhole: false });
  routes.push({ destination: parsePrefix('10.60.0.0/16'), attachmentId: 'tgw-attach-0gone', blackhole: false });
  routes.push({ destination: parsePrefix('192.168.0.0/16'), attachmentId: vpnAtt.id, blackhole: false });
  return t;
}

describe('hop texts from the engine records (issue 5)', () => {
  it('RT-10 / TRACE-12: a stopped instance neither sends nor receives, and an instance route to it is a bad route', () => {
    const t = site();
    expectBlocked(trace(t, { from: 'Sleeper', to: 'App', port: 22 }), 'BAD_STATE', 'Sleeper');
    expectBlocked(trace(t, { from: 'App', to: 'Sleeper', port: 22 }), 'BAD_STATE', 'Sleeper');
    const a = trace(t, { from: 'App', to: '10.70.0.5', port: 22 });
    expectBlocked(a, 'BAD_STATE_ROUTE', 'PrivateRt');
    expect(a.explanations[0]!.detail).toMatch(/instance i-\w+ is stopped$/);
  });

  it('GW-16: an egress-only internet gateway carries IPv6 only', () => {
    expectBlocked(trace(site(), { from: 'App', to: '198.51.100.7', port: 443 }), 'CANNOT_ROUTE', 'Eigw');
  });

  it('HYB-6: a route to a virtual private gateway with no VPN connection or virtual interface', () => {
    const a = trace(site(), { from: 'App', to: '172.16.0.9', port: 443 });
    expectBlocked(a, 'BAD_STATE_VPN', 'Vgw');
    expect(a.explanations[0]!.detail).toBe('virtual private gateway Vgw has no VPN connection or virtual interface up');
  });

  it('TGW-3: a static route to the VPN attachment for a network nothing on premises holds', () => {
    const a = trace(site(), { from: 'App', to: '10.50.0.9', port: 443 });
    expect(a.explanations[0]).toMatchObject({ code: 'UNKNOWN_DESTINATION', type: 'AWS::EC2::TransitGatewayAttachment' });
  });

  it('TGW-4: a static route naming an attachment the model does not have', () => {
    const a = trace(site(), { from: 'App', to: '10.60.0.9', port: 443 });
    expectBlocked(a, 'TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT', 'TgwRt');
    expect(a.explanations[0]!.rule).toBe('10.60.0.0/16 -> tgw-attach-0gone');
  });

  it('TGW-14: an attachment that is not available drops what is routed to it', () => {
    const t = site();
    t.transitGatewayAttachments.find((x) => x.logicalId === 'VpcAtt')!.state = 'deleting';
    const a = trace(t, { from: 'App', to: '192.168.1.1', port: 443 });
    expectBlocked(a, 'BAD_STATE_ATTACHMENT', 'VpcAtt');
    expect(a.explanations[0]!.detail).toBe('attachment VpcAtt is deleting');
  });

  it('GW-13: a NAT gateway that is not available', () => {
    const t = site();
    t.natGateways[0]!.state = 'failed';
    const a = trace(t, { from: 'App', to: '198.51.101.7', port: 443 });
    expectBlocked(a, 'BAD_STATE', 'Nat');
    expect(a.explanations[0]!.detail).toBe('NAT gateway Nat is failed');
  });
});

/** Internet ingress through a firewall endpoint (RT-15, NFW-1) with a stateless pass rule for TCP 22 and STRICT_ORDER. */
function inspected(): Topology {
  return topology({ region: 'us-east-1' })
    .statelessRuleGroup('Admin', [{ priority: 5, actions: ['aws:pass'], protocols: ['tcp'], destinationPorts: [22] }])
    .statefulRuleGroup('Strict', [{ action: 'DROP', protocol: 'tcp', destinationPort: 8080 }])
    .firewallPolicy('Policy', { stateless: [{ group: 'Admin', priority: 1 }], stateful: [{ group: 'Strict', priority: 1 }], statefulRuleOrder: 'STRICT_ORDER', statefulDefaultActions: ['aws:alert_strict'] })
    .vpc('Vpc', '10.0.0.0/16', firewalledWebVpc)
    .build();
}

describe('Network Firewall hop texts (NFW-2, NFW-3)', () => {
  it('NFW-2: a stateless pass rule decides without the stateful engine, naming its rule group (so no state for the reply, NFW-4)', () => {
    const a = trace(inspected(), { from: '198.51.100.7', to: 'WebServer', port: 22 });
    expectBlocked(a, 'FIREWALL_RULES_RESTRICTION', 'Firewall', 'response');
    expect(a.forwardPath.find((h) => h.kind === 'NETWORK_FIREWALL')).toMatchObject({ rule: 'Admin', action: 'stateless rule group Admin priority 5: aws:pass' });
  });

  it('NFW-3: STRICT_ORDER drops by rule, and otherwise applies the default actions', () => {
    const t = inspected();
    expectBlocked(trace(t, { from: '198.51.100.7', to: 'WebServer', port: 8080 }), 'FIREWALL_RULES_RESTRICTION', 'Firewall');
    const a = trace(t, { from: '198.51.100.7', to: 'WebServer', port: 443 });
    expect(a.forwardPath.find((h) => h.kind === 'NETWORK_FIREWALL')!.action).toMatch(/stateful default action aws:alert_strict/);
  });

  it('a firewall whose policy is not in the model passes everything', () => {
    const t = inspected();
    t.networkFirewalls[0]!.firewallPolicyId = 'arn:aws:network-firewall:us-east-1:123456789012:firewall-policy/gone';
    const a = trace(t, { from: '198.51.100.7', to: 'WebServer', port: 8080 });
    expect(a.reachable).toBe(true);
    expect(a.forwardPath.find((h) => h.kind === 'NETWORK_FIREWALL')!.action).toBe('no firewall policy: passes');
  });
});

describe('the answer is the engine records, worded', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  /** An engine whose traced batches come back with `edit` applied to every hop record. */
  const editing = (edit: (hops: Int32Array, at: number) => void): Engine => ({
    ...engine,
    walkBatch: (flows, options) => {
      const r = engine.walkBatch(flows, options);
      for (let at = 0; r.hops && at < r.hops.length; at += HopField.Stride) edit(r.hops, at);
      return r;
    },
  });

  it("each hop's packet is the one the engine recorded at that hop", async () => {
    const t = await loadTopology('examples/two-tier.yaml');
    const q = { from: 'WebServer', to: 'AppServer', port: 8080, sourcePort: 50000 };
    const honest = await engineTrace(t, q, { engine });
    expect(honest).toEqual(traceReference(t, q));
    const moved = await engineTrace(t, q, { engine: editing((hops, at) => (hops[at + HopField.SrcPort] = 4242)) });
    expect(moved.forwardPath.map((h) => h.packet.srcPort)).toEqual(honest.forwardPath.map(() => 4242));
    expect(moved.forwardPath.map((h) => h.action)).toEqual(honest.forwardPath.map((h) => h.action));
  });

  it('a verdict the engine records do not show is an error, not a wrong answer', async () => {
    const t = await loadTopology('examples/two-tier.yaml');
    const q = { from: 'Bastion', to: 'AppServer', port: 8080, sourcePort: 50000 };
    expect(traceReference(t, q).reachable).toBe(false);
    const lying: Engine = { ...engine, walkBatch: (flows, options) => { const r = engine.walkBatch(flows, options); r.verdicts.fill(0); return r; } };
    await expect(engineTrace(t, q, { engine: lying })).rejects.toThrow(/WASM engine's verdict 0 does not match its own hop records/);
  });
});
