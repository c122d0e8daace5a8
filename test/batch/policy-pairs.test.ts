// The policy check walks instance-to-instance assertions as one pair job in the engine (policy.ts
// walkInstancePairs, walkPairs): on generated topologies, whether each assertion holds must be what the
// reference walk says of every pair of distinct instances (MATRIX-2: one walk per class stands for the
// others), each witness a flow the reference walk also finds contradicting the expectation, and a
// holding assertion must count every representative pair once (no flow from an instance to itself).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../bindings/engine.js';
import { loadEngine } from '../../bindings/node.js';
import { memberFlow } from '../../src/analyze/matrix/matrix.js';
import { matrixMembers } from '../../src/analyze/matrix/members.js';
import { parsePorts } from '../../src/analyze/matrix/ports.js';
import { checkPolicyText } from '../../src/analyze/matrix/policy-check.js';
import { policyLimits } from '../../src/analyze/matrix/policy.js';
import { generateTopology } from '../../src/generate/generate.js';
import type { Topology } from '../../src/model/types.js';
import { referenceHops } from '../../src/reference/walk.js';

/** Every ordered pair of distinct instances on `port`: reachable per the reference walk? */
function referencePairs(t: Topology, port: string): Array<{ from: string; to: string; reachable: boolean }> {
  const members = matrixMembers(t);
  const [p] = parsePorts(port);
  const out: Array<{ from: string; to: string; reachable: boolean }> = [];
  for (const a of members) {
    for (const b of members) {
      if (a === b) continue;
      const f = memberFlow(a, b, p!);
      out.push({ from: a.instance.logicalId, to: b.instance.logicalId, reachable: referenceHops(t, f.flow, f.origin, {}, f.destination).verdict === 0 });
    }
  }
  return out;
}

describe('policy check: instance pairs walked in the engine', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  const topologies: Array<[string, () => Topology]> = [
    ['transit gateway hub', () => generateTopology({ seed: 6, vpcs: 3, subnetsPerVpc: 3, instancesPerSubnet: 3, hub: 'tgw' })],
    ['peering mesh', () => generateTopology({ seed: 12, vpcs: 4, subnetsPerVpc: 2, instancesPerSubnet: 3, hub: 'peering' })],
  ];
  for (const [name, make] of topologies) {
    it(`agrees with the reference walk on every pair: ${name}`, () => {
      const t = make();
      const outcomes = new Set<boolean>();
      for (const [protocol, port] of [['tcp', 22], ['tcp', 443], ['udp', 53], ['tcp', 5432]] as const) {
        const pairs = referencePairs(t, `${protocol}/${port}`);
        const policy = {
          assertions: [
            { name: 'all-reachable', from: 'all-instances', to: 'all-instances', protocol, port, expect: 'reachable' },
            { name: 'none-reachable', from: 'all-instances', to: 'all-instances', protocol, port, expect: 'unreachable' },
          ],
        };
        const r = checkPolicyText(engine, t, policy, 'policy.yaml');
        const [all, none] = r.assertions;
        const label = `${name} ${protocol}/${port}`;
        expect(all!.holds, `${label}: every pair reachable`).toBe(pairs.every((p) => p.reachable));
        expect(none!.holds, `${label}: no pair reachable`).toBe(pairs.every((p) => !p.reachable));
        for (const [assertion, reachable] of [[all!, false], [none!, true]] as const) {
          outcomes.add(assertion.holds);
          if (assertion.holds) expect(assertion.witnesses, label).toEqual([]);
          else expect(assertion.witnesses.length, label).toBeGreaterThan(0);
          expect(assertion.witnesses.length, label).toBeLessThanOrEqual(10);
          for (const w of assertion.witnesses) {
            expect(w.reachable, `${label} ${w.from} -> ${w.to}`).toBe(reachable);
            expect(pairs.find((p) => p.from === w.from && p.to === w.to)?.reachable, `${label}: the reference agrees on ${w.from} -> ${w.to}`).toBe(reachable);
          }
        }
      }
      expect([...outcomes].sort(), 'assertions that hold and assertions that do not').toEqual([false, true]);
    });
  }

  it('gives the same answers when a selection is walked as several jobs (sources in blocks)', () => {
    const t = generateTopology({ seed: 6, vpcs: 3, subnetsPerVpc: 3, instancesPerSubnet: 3, hub: 'tgw' });
    const policy = {
      assertions: [
        { name: 'ssh', from: 'all-instances', to: 'all-instances', protocol: 'tcp', port: 22, expect: 'unreachable' },
        // Violated by sources past the first: its witnesses come from later blocks.
        { name: 'db', from: 'all-instances', to: 'all-instances', protocol: 'tcp', port: 5432, expect: 'unreachable' },
        { name: 'https', from: 'all-instances', to: 'all-instances', protocol: 'tcp', port: 443, expect: 'reachable' },
      ],
    };
    const whole = checkPolicyText(engine, t, policy, 'policy.yaml');
    const saved = policyLimits.jobFlows;
    try {
      // One source per job: witnesses and counts must not depend on where the blocks end.
      policyLimits.jobFlows = 1;
      const blocks = checkPolicyText(engine, t, policy, 'policy.yaml');
      expect(blocks.assertions.map((a) => a.holds)).toEqual(whole.assertions.map((a) => a.holds));
      expect(blocks.assertions.map((a) => a.witnesses)).toEqual(whole.assertions.map((a) => a.witnesses));
      expect(whole.assertions.some((a) => a.witnesses.length > 0)).toBe(true);
      // ssh holds: every flow is walked, whatever the blocks.
      expect(whole.assertions[0]!.holds).toBe(true);
      expect(blocks.assertions[0]!.flows).toBe(whole.assertions[0]!.flows);
    } finally {
      policyLimits.jobFlows = saved;
    }
  });

  it('counts every representative pair once and no instance with itself', () => {
    // Three instances in one subnet and security group: one class; with two representatives per class,
    // 2 x 2 pairs minus the 2 of an instance with itself.
    const t = generateTopology({ seed: 1, vpcs: 1, subnetsPerVpc: 1, instancesPerSubnet: 3, hub: 'none' });
    const r = checkPolicyText(engine, t, { assertions: [{ name: 'n', from: 'all-instances', to: 'all-instances', protocol: 'tcp', port: 9, expect: 'unreachable' }] }, 'policy.yaml');
    expect(r.assertions[0]!.flows).toBe(2);
  });
});
