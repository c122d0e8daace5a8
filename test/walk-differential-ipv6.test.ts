// The differential suites on dual-stack generated topologies (test/helpers/walk-differential.ts
// dualStack: IPv6 blocks, subnet /64s, instance addresses, peering routes, IPv6 group rules and the
// default ACLs' IPv6 rules): the generator builds IPv4 only, so without these a shortcut that is wrong
// only for IPv6 (an address read as one word, a family's range or flag mixed up) would pass unseen.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { Code, HopKind } from '../src/analyze/codes.js';
import { generateTopology, type GenerateOptions } from '../src/generate/generate.js';
import { dualStack, randomCases, runDifferential } from './helpers/walk-differential.js';

describe('WASM walk vs reference walk on dual-stack generated topologies', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  const topologies: { name: string; options: GenerateOptions; crosses?: number[] }[] = [
    { name: 'peering mesh, 6 VPCs', options: { seed: 11, vpcs: 6, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'peering' }, crosses: [HopKind.VPC_PEERING_CONNECTION] },
    { name: 'transit gateway hub, 5 VPCs', options: { seed: 5, vpcs: 5, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'tgw' } },
    { name: 'no hub, 4 VPCs', options: { seed: 23, vpcs: 4, subnetsPerVpc: 5, instancesPerSubnet: 4, hub: 'none' } },
  ];
  for (const { name, options, crosses = [] } of topologies) {
    it(`agrees exactly on 4,000 random flows, IPv6 ones apart: ${name}`, () => {
      const t = dualStack(generateTopology(options));
      const cases = randomCases(t, 4000, options.seed * 31);
      const six = cases.filter((c) => c.flow.family === 6);
      const outcome = runDifferential(engine, t, cases);
      expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
      expect(outcome.compared).toBe(4000);
      // The IPv6 flows alone: many, some through, some stopped by groups and ACLs, across subnets.
      const ipv6 = runDifferential(engine, t, six);
      expect(ipv6.mismatches.filter((m) => m).join('\n\n')).toBe('');
      expect(six.length).toBeGreaterThan(500);
      expect(ipv6.verdicts.get(Code.REACHABLE) ?? 0, 'reachable IPv6 flows').toBeGreaterThan(30);
      expect(ipv6.verdicts.get(Code.ENI_SG_RULES_MISMATCH) ?? 0, 'IPv6 flows a group stopped').toBeGreaterThan(10);
      expect(ipv6.crossed.get(HopKind.NETWORK_ACL_INBOUND) ?? 0, 'IPv6 flows past an inbound ACL').toBeGreaterThan(50);
      for (const kind of crosses) expect(ipv6.crossed.get(kind) ?? 0, `IPv6 flows crossing hop kind ${kind}`).toBeGreaterThan(100);
    });
  }
});
