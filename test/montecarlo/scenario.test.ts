// The scenario file (issue 10 §1): classes and probabilities (MC-1), MTBF/MTTR (MC-12), overrides and
// groups (MC-13), queries; bad files are one InputError naming the file, the key and the value.
import { describe, expect, it } from 'vitest';
import { checkScenario, parseScenario } from '../../src/analyze/montecarlo/scenario.js';
import { InputError } from '../../src/model/errors.js';

const FULL = `
failures:
  availabilityZone: 0.001
  natGateway: 0.0005
  vpnTunnel: { mtbfHours: 2000, mttrHours: 2 }
  directConnectConnection: 0.002
  transitGatewayAttachment: 0
  instance: 1e-2
components:
  NatA: 0.01
groups:
  - { name: shared-rack, probability: 0.0002, members: [AppA, AppB] }
queries:
  - { name: appb-internet, from: AppB, to: 8.8.8.8, protocol: tcp, port: 443 }
  - { name: onprem-ssh, from: 192.168.10.5, to: App, protocol: tcp, port: 22 }
`;

function errorOf(text: string, file = 's.yaml'): string {
  try {
    parseScenario(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message.startsWith(`${file}`)).toBe(true);
    return message;
  }
  throw new Error('expected an InputError');
}

const QUERY = 'queries: [{ name: q, from: A, to: B, port: 443 }]';

describe('scenario file (issue 10 §1)', () => {
  it('MC-1, MC-12, MC-13: reads the issue example', () => {
    const s = parseScenario(FULL, 's.yaml');
    expect(s.failures.availabilityZone).toBe(0.001);
    expect(s.failures.instance).toBe(0.01);
    // MC-12: steady-state unavailability mttr / (mtbf + mttr) = 2 / 2002.
    expect(s.failures.vpnTunnel).toBe(2 / 2002);
    expect(s.failures.transitGatewayAttachment).toBe(0);
    expect(s.components).toEqual([{ component: 'NatA', probability: 0.01 }]);
    expect(s.groups).toEqual([{ name: 'shared-rack', probability: 0.0002, members: ['AppA', 'AppB'] }]);
    expect(s.queries).toEqual([
      { name: 'appb-internet', from: 'AppB', to: '8.8.8.8', protocol: 'tcp', port: 443 },
      { name: 'onprem-ssh', from: '192.168.10.5', to: 'App', protocol: 'tcp', port: 22 },
    ]);
  });

  it('reads the same scenario as JSON', () => {
    const json = JSON.stringify({ failures: { natGateway: { mtbfHours: 999, mttrHours: 1 } }, queries: [{ name: 'q', from: 'A', to: 'B', port: 80 }] });
    const s = parseScenario(json, 's.json');
    expect(s.failures.natGateway).toBe(1 / 1000);
    expect(checkScenario(JSON.parse(json), 'lib')).toEqual({ ...s, file: 'lib' });
  });

  it('MC-1: an unknown class names the key', () => {
    expect(errorOf(`failures: { natGatway: 0.1 }\n${QUERY}`)).toMatch(/^s\.yaml: failures\.natGatway: unknown failure class \(expected availabilityZone, natGateway/);
  });

  it('MC-1: a probability outside [0, 1] names the key and the value', () => {
    expect(errorOf(`failures: { natGateway: 1.5 }\n${QUERY}`)).toBe('s.yaml: failures.natGateway: probability 1.5 is outside [0, 1]');
    expect(errorOf(`failures: { instance: -0.1 }\n${QUERY}`)).toBe('s.yaml: failures.instance: probability -0.1 is outside [0, 1]');
    expect(errorOf(`components: { NatA: 2 }\n${QUERY}`)).toBe('s.yaml: components.NatA: probability 2 is outside [0, 1]');
    expect(errorOf(`failures: { natGateway: "0.1" }\n${QUERY}`)).toMatch(/failures\.natGateway: expected a probability in \[0, 1\] or \{ mtbfHours, mttrHours \}, got "0.1"/);
  });

  it('MC-12: bad MTBF or MTTR names the field', () => {
    expect(errorOf(`failures: { vpnTunnel: { mtbfHours: 0, mttrHours: 2 } }\n${QUERY}`)).toBe('s.yaml: failures.vpnTunnel.mtbfHours: expected a number of hours > 0, got 0');
    expect(errorOf(`failures: { vpnTunnel: { mtbfHours: 10, mttrHours: -1 } }\n${QUERY}`)).toBe('s.yaml: failures.vpnTunnel.mttrHours: expected a number of hours >= 0, got -1');
    expect(errorOf(`failures: { vpnTunnel: { mtbfHours: 10 } }\n${QUERY}`)).toBe('s.yaml: failures.vpnTunnel.mttrHours: expected a number of hours >= 0, got nothing');
    expect(errorOf(`failures: { vpnTunnel: { mtbf: 10, mttr: 1 } }\n${QUERY}`)).toMatch(/failures\.vpnTunnel\.mtbf: unknown key \(expected mtbfHours, mttrHours\)/);
  });

  it('duplicate query names are refused', () => {
    expect(errorOf('queries: [{ name: q, from: A, to: B, port: 1 }, { name: q, from: B, to: A, port: 2 }]')).toBe('s.yaml: queries[1].name: duplicate query name "q"');
  });

  it('bad query fields name the query and the field', () => {
    expect(errorOf('queries: [{ name: q, from: A, to: B, port: 70000 }]')).toBe('s.yaml: queries.q.port: expected a port 0-65535, got 70000');
    expect(errorOf('queries: [{ name: q, from: A, port: 1 }]')).toBe('s.yaml: queries.q.to: expected a non-empty string, got nothing');
    expect(errorOf('queries: [{ name: q, from: A, to: B, prot: tcp }]')).toMatch(/^s\.yaml: queries\.q\.prot: unknown key/);
    expect(errorOf('queries: [{ name: q, from: A, to: B, protocol: [tcp] }]')).toMatch(/queries\.q\.protocol: expected tcp, udp, icmp, icmpv6, all or a protocol number, got \["tcp"\]/);
    expect(errorOf('queries: [{ name: q, from: A, to: B, protocol: icmp, icmpType: 256 }]')).toBe('s.yaml: queries.q.icmpType: expected a number 0-255, got 256');
    expect(errorOf('queries: [{ name: q, from: A, to: B, protocol: icmp, icmpCode: x }]')).toBe('s.yaml: queries.q.icmpCode: expected a number 0-255, got "x"');
    expect(errorOf('queries: []')).toMatch(/^s\.yaml: queries: expected a non-empty list/);
    expect(errorOf('failures: { natGateway: 0.1 }')).toMatch(/^s\.yaml: queries: expected a non-empty list/);
  });

  it('MC-13: bad groups name the group and the field', () => {
    expect(errorOf(`groups: [{ name: g, probability: 0.1, members: [] }]\n${QUERY}`)).toMatch(/groups\.g\.members: expected a non-empty list/);
    expect(errorOf(`groups: [{ name: g, members: [A] }]\n${QUERY}`)).toMatch(/groups\.g\.probability: missing/);
    expect(errorOf(`groups: [{ name: g, probability: 0.1, members: [A, A] }]\n${QUERY}`)).toBe('s.yaml: groups.g.members: "A" is listed twice');
    expect(errorOf(`groups: [{ name: g, probability: 0.1, members: [A] }, { name: g, probability: 0.2, members: [B] }]\n${QUERY}`)).toBe('s.yaml: groups.g: duplicate group name "g"');
  });

  it('unknown top-level keys, non-mappings and empty files are refused', () => {
    expect(errorOf(`failure: { natGateway: 0.1 }\n${QUERY}`)).toMatch(/^s\.yaml: failure: unknown key \(expected failures, components, groups, queries\)/);
    expect(errorOf('- 1\n- 2')).toMatch(/^s\.yaml: expected a mapping with `queries:`/);
    expect(errorOf('   \n')).toBe('s.yaml: file is empty');
  });

  it('values printed back have control characters escaped', () => {
    const message = errorOf(`failures: { "nat\\u001b[31m": 0.1 }\n${QUERY}`);
    expect(message).not.toMatch(/\u001b/);
  });

  it('YAML alias bombs stop at the guarded reader', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    expect(errorOf(bomb)).toMatch(/alias/);
  });

  it('JSON syntax errors carry line and column', () => {
    expect(errorOf('{ "queries": [ }', 's.json')).toMatch(/^s\.json:1:/);
  });
});
