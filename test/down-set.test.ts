// The down set's "consulted components" recording (assembly/down-set.ts), which Monte Carlo memoizes
// on: a walk's verdict may depend only on the components it consulted. Flipping any other component's
// state (MC-1) must not change the verdict; and with recording on, a walk consults the down set even
// when nothing is down (so the relevant set of a query is found under the empty set too).
import { readFile } from 'node:fs/promises';
import { instantiate } from '@assemblyscript/loader';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type EngineExports } from '../bindings/engine.js';
import { wasmPath } from '../bindings/node.js';
import { compileTopology, downBits } from '../src/compile/index.js';
import { generateTopology } from '../src/generate/generate.js';
import type { Topology } from '../src/model/types.js';
import { featureTopology, hybridTopology, randomCases, rng, toBatch } from './helpers/walk-differential.js';

interface Recording {
  memory: WebAssembly.Memory;
  downRecord(on: number): void;
  downConsultedCount(): number;
  downConsultedPtr(): number;
}

describe('down set: consulted components (the relevant set Monte Carlo memoizes on)', () => {
  let engine: Engine;
  let raw: Recording;
  beforeAll(async () => {
    const { exports } = await instantiate(await readFile(wasmPath('debug')), {});
    raw = exports as unknown as Recording;
    engine = createEngine(exports as unknown as EngineExports);
  });

  const topologies: { name: string; make: () => Topology }[] = [
    { name: 'transit gateway hub, 2 AZs', make: () => generateTopology({ seed: 13, vpcs: 4, subnetsPerVpc: 4, instancesPerSubnet: 2, hub: 'tgw', azs: 2 }) },
    { name: 'inspection VPC with firewalls', make: () => featureTopology(true, 'firewall') },
    { name: 'VPN and Direct Connect', make: hybridTopology },
  ];

  for (const { name, make } of topologies) {
    it(`MC-1: states of components a walk did not consult never change its verdict (300 flows): ${name}`, () => {
      const t = make();
      const image = compileTopology(t);
      engine.reset();
      engine.loadNetwork(image);
      const count = image.components.length;
      const r = rng(name.length * 977);
      const cases = randomCases(t, 300, name.length);
      let consultedOnEmpty = 0;
      let changedByConsulted = 0;
      for (const [i, c] of cases.entries()) {
        const one = toBatch([c]);
        // Every other flow under the empty set: recording must still see what the walk depends on.
        const down = i % 2 ? image.components.filter(() => r() < 4 / count).map((x) => x.id) : [];
        const bits = downBits(image.componentIds, count, down);
        raw.downRecord(1);
        const verdict = engine.walkBatch(one, { down: bits }).verdicts[0]!;
        const consulted = new Set(new Int32Array(raw.memory.buffer, raw.downConsultedPtr(), raw.downConsultedCount()));
        raw.downRecord(0);
        if (down.length === 0 && consulted.size > 0) consultedOnEmpty++;
        // Flip components outside the consulted set: same verdict.
        const flipped = bits.slice();
        for (let k = 0; k < count; k++) if (!consulted.has(k) && r() < 0.5) flipped[k >>> 5]! ^= 1 << (k & 31);
        expect(engine.walkBatch(one, { down: flipped }).verdicts[0], `flow ${i}, consulted ${[...consulted]}`).toBe(verdict);
        // Flipping a consulted one may change it (the set is not padded with components that never matter).
        const some = [...consulted][Math.floor(r() * consulted.size)];
        if (some !== undefined) {
          const one2 = bits.slice();
          one2[some >>> 5]! ^= 1 << (some & 31);
          if (engine.walkBatch(one, { down: one2 }).verdicts[0] !== verdict) changedByConsulted++;
        }
      }
      expect(consultedOnEmpty, 'walks under the empty set that consulted components').toBeGreaterThan(100);
      expect(changedByConsulted, 'flips of a consulted component that changed the verdict').toBeGreaterThan(30);
    });
  }
});
