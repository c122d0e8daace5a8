// The WASM walk against the reference walk with the trace options that change the walk itself:
// TRACE-8 allBlocking (go on past every blocker that has a next hop and list them all) and
// responseAfter (the response comes that many simulated seconds after the request, so tracked state
// idle longer than its timeout is gone: SG-12, SG-13, GW-14, and also with random down sets). Random
// topologies, random flows; engine and reference agree hop for hop and word for word. Each test also
// checks that the option changed answers, else it could not tell an engine that ignores it.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../bindings/node.js';
import type { Engine } from '../bindings/engine.js';
import { compileTopology } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import type { Topology } from '../src/model/types.js';
import { featureTopology, hybridTopology, randomCases, rng, runDifferential, toBatch } from './helpers/walk-differential.js';

const topologies: { name: string; make: () => Topology }[] = [
  { name: 'transit gateway hub, 5 VPCs, 2 AZs', make: () => generateTopology({ seed: 3, vpcs: 5, subnetsPerVpc: 4, instancesPerSubnet: 2, hub: 'tgw', azs: 2 }) },
  { name: 'peering mesh, 5 VPCs', make: () => generateTopology({ seed: 29, vpcs: 5, subnetsPerVpc: 4, instancesPerSubnet: 3, hub: 'peering' }) },
  { name: 'hand-built: inspection VPC with routers, appliance mode off', make: () => featureTopology(false, 'router') },
  { name: 'hand-built: inspection VPC with firewalls, appliance mode on', make: () => featureTopology(true, 'firewall') },
  { name: 'hand-built: VPN and Direct Connect', make: hybridTopology },
];

/** Delays around the idle timeouts: ICMP 30 s (SG-13), NAT gateway 350 s (GW-14), UDP 180 s, TCP established 432000 s (SG-12). */
const DELAYS = [0, 1, 29, 31, 179, 181, 349, 351, 3600, 431999, 432001, 1e6];

describe('WASM walk vs reference walk with allBlocking and responseAfter', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'debug' });
  });

  for (const { name, make } of topologies) {
    it(`TRACE-8 allBlocking: every blocker, hop for hop, on 1,500 random flows: ${name}`, () => {
      const t = make();
      const outcome = runDifferential(engine, t, randomCases(t, 1500, name.length * 31), { allBlocking: true });
      expect(outcome.mismatches.filter((m) => m).join('\n\n')).toBe('');
      expect(outcome.compared).toBe(1500);
      // Flows with several blockers: the walk really went on past the first.
      expect(outcome.multiBlocked, 'flows with more than one blocker').toBeGreaterThan(15);
    });

    it(`responseAfter: idle timeouts on both sides, with and without components down, on 24 x 80 random flows: ${name}`, () => {
      const t = make();
      const image = compileTopology(t);
      engine.reset();
      engine.loadNetwork(image);
      const r = rng(name.length * 131);
      const mismatches: string[] = [];
      let changed = 0;
      for (let round = 0; round < 24; round++) {
        const responseAfter = DELAYS[round % DELAYS.length]!;
        // Half the rounds also take a few components down and go past blockers.
        const down = round % 2 ? image.components.filter(() => r() < 3 / image.components.length).map((c) => c.id) : [];
        const cases = randomCases(t, 80, round * 7727 + name.length);
        const outcome = runDifferential(engine, t, cases, { responseAfter, down, image, allBlocking: round % 4 === 1 });
        for (const m of outcome.mismatches) if (m && mismatches.length < 3) mismatches.push(`responseAfter ${responseAfter}, down ${JSON.stringify(down)}\n${m}`);
        const now = engine.walkBatch(toBatch(cases)).verdicts;
        const later = engine.walkBatch(toBatch(cases), { responseAfter }).verdicts;
        changed += now.filter((v, i) => v !== later[i]).length;
      }
      expect(mismatches.join('\n\n')).toBe('');
      // Some responses came too late for the state their request created.
      expect(changed, 'flows whose verdict the delay changed').toBeGreaterThan(10);
    });
  }
});
