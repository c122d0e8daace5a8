// The trial plan (the contract with the trial loop): units point at the engine's dense component ids
// (MC-1, MC-13), queries carry the packets `vpcsim trace` would walk (TRACE-1, TRACE-4).
import { describe, expect, it } from 'vitest';
import { buildTrialPlan } from '../../src/analyze/montecarlo/plan.js';
import { parseScenario } from '../../src/analyze/montecarlo/scenario.js';
import { resolveTrace } from '../../src/analyze/resolve.js';
import { loadTopology } from '../../src/import/load.js';

const single = await loadTopology('examples/availability/nat-single.yaml');
const hybrid = await loadTopology('examples/availability/hybrid.json');

describe('trial plan', () => {
  it('MC-1: each unit takes down the engine component of the same id and kind', () => {
    const plan = buildTrialPlan(single, parseScenario('failures: { availabilityZone: 0.1, natGateway: 0.2, instance: 0.3 }\nqueries: [{ name: q, from: AppB, to: 8.8.8.8, port: 443 }]', 's.yaml'));
    const named = plan.units.map((u) => u.components.map((c) => `${plan.image.components[c]!.kind} ${plan.image.components[c]!.id}`));
    expect(named).toEqual([
      ['availability-zone us-east-1a'],
      ['availability-zone us-east-1b'],
      [`nat-gateway ${single.natGateways[0]!.id}`],
      [`instance ${single.instances[0]!.id}`],
      [`instance ${single.instances[1]!.id}`],
    ]);
    expect(plan.units.map((u) => u.probability)).toEqual([0.1, 0.1, 0.2, 0.3, 0.3]);
  });

  it('MC-5/MC-13: a group over a VPN connection takes down both of its tunnels', () => {
    const plan = buildTrialPlan(hybrid, parseScenario('groups: [{ name: office, probability: 0.1, members: [office-vpn] }]\nqueries: [{ name: q, from: app-host, to: 172.20.1.5, port: 443 }]', 's.yaml'));
    expect(plan.units).toHaveLength(1);
    expect(plan.units[0]!.components.map((c) => plan.image.components[c]!.id)).toEqual(['vpn-0c0ffee0000000001#tunnel1', 'vpn-0c0ffee0000000001#tunnel2']);
  });

  it('TRACE-4: a query carries the packets trace would walk, from the source ENI', () => {
    const plan = buildTrialPlan(single, parseScenario('queries: [{ name: q, from: AppB, to: 8.8.8.8, protocol: tcp, port: 443 }]', 's.yaml'));
    const resolved = resolveTrace(single, { from: 'AppB', to: '8.8.8.8', protocol: 'tcp', port: 443 });
    if (!('flows' in resolved)) throw new Error('expected a resolved query');
    const q = plan.queries[0]!;
    expect(q.flows.origin.length).toBe(resolved.flows.length);
    const appbEni = single.instances[1]!.networkInterfaceIds[0]!;
    expect(plan.image.names.networkInterfaces[q.origin]!.id).toBe(appbEni);
    expect(Array.from(q.flows.dstPort)).toEqual(resolved.flows.map(() => 443));
    expect(Array.from(q.flows.srcPort)).toEqual(resolved.flows.map((f) => f.srcPort));
  });

  it('an ICMP query carries its type and code (as trace --icmp-type/--icmp-code); a port with icmp is refused', () => {
    const plan = buildTrialPlan(single, parseScenario('queries: [{ name: q, from: AppB, to: 8.8.8.8, protocol: ICMP, icmpType: 3, icmpCode: 4 }]', 's.yaml'));
    const q = plan.queries[0]!;
    expect([Array.from(q.flows.protocol), Array.from(q.flows.icmpType), Array.from(q.flows.icmpCode)]).toEqual([[1], [3], [4]]);
    expect(() => buildTrialPlan(single, parseScenario('queries: [{ name: q, from: AppB, to: 8.8.8.8, protocol: icmp, port: 80 }]', 's.yaml'))).toThrow(
      /^s\.yaml: queries\.q: port applies to tcp and udp only, not to icmp$/,
    );
  });
});
