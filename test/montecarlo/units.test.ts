// What a trial draws (MC-1, MC-12, MC-13): a unit per failable component with a probability above zero,
// overrides by logical id, physical id or Name tag, correlated groups, and stable keys (MC-10).
import { describe, expect, it } from 'vitest';
import { failableComponents } from '../../src/analyze/montecarlo/components.js';
import { parseScenario } from '../../src/analyze/montecarlo/scenario.js';
import { scenarioUnits } from '../../src/analyze/montecarlo/units.js';
import { UnitClass } from '../../src/analyze/montecarlo/types.js';
import { loadTopology } from '../../src/import/load.js';

const single = await loadTopology('examples/availability/nat-single.yaml');
const hybrid = await loadTopology('examples/availability/hybrid.json');
const QUERY = 'queries: [{ name: q, from: AppA, to: 8.8.8.8, port: 443 }]';

function units(t: typeof single, yaml: string) {
  return scenarioUnits(t, parseScenario(yaml, 's.yaml')).map((u) => ({ key: u.key, probability: u.probability, members: u.members.map((m) => m.id), label: u.label }));
}

describe('failable components (MC-1)', () => {
  it('MC-1: AZs by name, NAT gateways, instances of the NAT example, in model order', () => {
    const c = failableComponents(single);
    expect(c.byClass.availabilityZone.map((x) => x.id)).toEqual(['us-east-1a', 'us-east-1b']);
    expect(c.byClass.natGateway.map((x) => x.label)).toEqual(['Nat']);
    expect(c.byClass.instance.map((x) => x.label)).toEqual(['AppA', 'AppB']);
    expect(c.byClass.vpnTunnel).toEqual([]);
  });

  it('MC-5: a VPN connection has two tunnel components named <connection>#tunnelN', () => {
    const c = failableComponents(hybrid);
    expect(c.byClass.vpnTunnel.map((x) => x.id)).toEqual(['vpn-0c0ffee0000000001#tunnel1', 'vpn-0c0ffee0000000001#tunnel2', 'vpn-0c0ffee0000000002#tunnel1', 'vpn-0c0ffee0000000002#tunnel2']);
    expect(c.byClass.directConnectConnection.map((x) => x.id)).toEqual(['dxcon-c0ffee01']);
  });
});

describe('scenario units (MC-1, MC-12, MC-13)', () => {
  it('MC-1: one unit per component of a class with a probability; keys = class << 24 | index (MC-10)', () => {
    expect(units(single, `failures: { availabilityZone: 0.001, natGateway: 0.0005, instance: 0 }\n${QUERY}`)).toEqual([
      { key: (UnitClass.availabilityZone << 24) | 0, probability: 0.001, members: ['us-east-1a'], label: 'us-east-1a' },
      { key: (UnitClass.availabilityZone << 24) | 1, probability: 0.001, members: ['us-east-1b'], label: 'us-east-1b' },
      { key: UnitClass.natGateway << 24, probability: 0.0005, members: [single.natGateways[0]!.id], label: 'Nat' },
    ]);
  });

  it('MC-13: an override by logical id replaces the class probability; 0 drops the unit', () => {
    const u = units(single, `failures: { instance: 0.01 }\ncomponents: { AppA: 0.5, AppB: 0 }\n${QUERY}`);
    expect(u).toEqual([{ key: UnitClass.instance << 24, probability: 0.5, members: [single.instances[0]!.id], label: 'AppA' }]);
  });

  it('MC-13: overrides by Name tag and physical id; a connection name stands for both tunnels, MC-12 for MTBF/MTTR', () => {
    const u = units(hybrid, `components:\n  office-vpn: 0.1\n  dc-backup-vpn#tunnel2: { mtbfHours: 99, mttrHours: 1 }\n  dxcon-c0ffee01: 0.002\n${QUERY}`);
    expect(u.map((x) => [x.label, x.probability])).toEqual([
      ['vpn-0c0ffee0000000001#tunnel1', 0.1],
      ['vpn-0c0ffee0000000001#tunnel2', 0.1],
      ['vpn-0c0ffee0000000002#tunnel2', 0.01],
      ['dxcon-c0ffee01', 0.002],
    ]);
    expect(u.map((x) => x.key >>> 24)).toEqual([UnitClass.vpnTunnel, UnitClass.vpnTunnel, UnitClass.vpnTunnel, UnitClass.directConnectConnection]);
    expect(u[2]!.key & 0xffffff).toBe(3);
  });

  it('MC-13: a group is one more unit whose members are components of any class or an AZ by name', () => {
    const u = units(single, `groups:\n  - { name: rack, probability: 0.0002, members: [AppB, us-east-1a, Nat] }\n${QUERY}`);
    expect(u).toEqual([{ key: UnitClass.group << 24, probability: 0.0002, members: [single.instances[1]!.id, 'us-east-1a', single.natGateways[0]!.id], label: 'group rack' }]);
  });

  it('MC-3: regional components never fail: an internet gateway, a VPC or a VPN gateway cannot be given a probability', () => {
    expect(() => units(single, `components: { Igw: 0.1 }\n${QUERY}`)).toThrow(/^s\.yaml: components\.Igw: "Igw" is no Availability Zone/);
    expect(() => units(single, `components: { Vpc: 0.1 }\n${QUERY}`)).toThrow(/components\.Vpc: "Vpc" is no/);
    expect(() => units(hybrid, `groups: [{ name: g, probability: 0.1, members: [${hybrid.vpnGateways[0]!.id}] }]\n${QUERY}`)).toThrow(/groups\.g\.members\[0\]: "vgw-/);
    // The same names that are failable are accepted (the refusal is about the class, not the spelling).
    expect(units(single, `components: { Nat: 0.1 }\n${QUERY}`)).toHaveLength(1);
  });

  it('unknown component names are one error naming the key and the value', () => {
    expect(() => units(single, `components: { NatX: 0.1 }\n${QUERY}`)).toThrow(/^s\.yaml: components\.NatX: "NatX" is no Availability Zone, NAT gateway, VPN tunnel, Direct Connect connection, transit gateway attachment, instance of the topology/);
    expect(() => units(single, `groups: [{ name: g, probability: 0.1, members: [AppA, PrivateA] }]\n${QUERY}`)).toThrow(/^s\.yaml: groups\.g\.members\[1\]: "PrivateA" is no Availability Zone/);
  });
});
